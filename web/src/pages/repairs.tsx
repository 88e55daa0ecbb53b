import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Static } from 'typebox';
import {
  COST_KIND_LABELS,
  FAILURE_CAUSE_LABELS,
  PART_CATEGORY_LABELS,
  PART_RESERVATION_STATE_LABELS,
  REPAIR_RESULT_LABELS,
  REPAIR_STATE_LABELS,
} from '../../../src/http/contracts/labels.ts';
import type { CostLineSchema } from '../../../src/http/contracts/ledger.ts';
import type { PartSchema, StockLocationSchema } from '../../../src/http/contracts/parts.ts';
import type {
  OperationsSchema,
  RepairSchema,
  RepairsOfDaySchema,
} from '../../../src/http/contracts/repairs.ts';
import { post } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { formatDate, formatInstant, formatPromise, formatTime } from '../format.ts';
import { useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import type { Page, QueueItem, UnitView } from '../types.ts';
import {
  LabelBadge,
  ListState,
  localInput,
  localName,
  minutesInWords,
  money,
  RowCard,
  useRoles,
} from './engines-common.tsx';

export type Repair = Static<typeof RepairSchema>;
type RepairsOfDay = Static<typeof RepairsOfDaySchema>;
type DayRepair = RepairsOfDay['items'][number];
export type Part = Static<typeof PartSchema>;
type Location = Static<typeof StockLocationSchema>;
type CostLine = Static<typeof CostLineSchema>;
export type Operation = Static<typeof OperationsSchema>['items'][number];

const REPAIR_COLORS = { open: 'blue', completed: 'green', cancelled: 'gray' };
const LINE_COLORS = { reserved: 'yellow', consumed: 'green', released: 'gray' };

/** The area's own path: the partner's pages or the console. */
function useBase(): string {
  const { partner } = useRoles();
  return partner ? '/partner' : '/console';
}

/**
 * The technician's day: the work orders of a chosen day (today in the tenant's zone unless the
 * address names one; previous and next day a tap away), by the case's appointment or, without
 * one, by the day the order was opened, visited or completed; then the assigned cases about a
 * unit that have no work order yet (one tap opens one), every open order, and what was
 * completed lately (a partner files its claim there).
 */
export function RepairsHome() {
  const { t } = useTranslation();
  const base = useBase();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('date');
  const { staffWriter, partner } = useRoles();
  const day = useResource<RepairsOfDay>(chosen ? `/repairs/day?date=${chosen}` : '/repairs/day');
  const open = useResource<{ items: Repair[] }>('/repairs?state=open&limit=100');
  const done = useResource<{ items: Repair[] }>('/repairs?state=completed&limit=20');
  const queue = useResource<Page<QueueItem>>('/cases/queue?limit=100');
  const [error, setError] = useState<Error | null>(null);
  const cases = new Map((queue.data?.items ?? []).map((c) => [c.id, c]));
  const withRepair = new Set([...(open.data?.items ?? []), ...(done.data?.items ?? [])].map((r) => r.caseId));
  const waiting = (queue.data?.items ?? []).filter((c) => c.serial && !withRepair.has(c.id));
  const openRepair = async (caseId: string) => {
    setError(null);
    try {
      const r = await post<Repair>(`/cases/${caseId}/repairs`, {});
      navigate(`${base}/repairs/${r.id}`);
    } catch (e) {
      setError(e as Error);
    }
  };
  const goTo = (date: string | null) => setParams(date ? { date } : {});
  const shown = day.data && (!chosen || day.data.date === chosen) ? day.data : undefined;
  const card = (r: Repair | DayRepair) => {
    const c = cases.get(r.caseId);
    const onDay = 'on' in r ? r : null;
    return (
      <RowCard
        key={r.id}
        title={
          <Anchor component={Link} to={`${base}/repairs/${r.id}`}>
            {r.number}
          </Anchor>
        }
        badge={<LabelBadge labels={REPAIR_STATE_LABELS} value={r.state} colors={REPAIR_COLORS} />}
      >
        {onDay?.appointments.map((a) => (
          <Text size="sm" fw={600} key={String(a.startsAt)} data-testid="appointment">
            {t('repairs.appointmentAt', {
              from: formatPromise(a.startsAt, shown?.zone),
              to: formatTime(a.endsAt, shown?.zone),
              technician: a.technician,
            })}
          </Text>
        ))}
        <Text size="sm">
          {r.unit.model} · {r.unit.serial}
        </Text>
        {c && (
          <Text size="sm" c="dimmed">
            {c.number} · {c.customerName}
          </Text>
        )}
        {onDay ? (
          <Text size="xs" c="dimmed">
            {onDay.on.map((why) => t(`repairs.dayReason.${why}`)).join(' · ')}
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            {t('repairs.openedAt', { when: formatInstant(r.openedAt) })}
          </Text>
        )}
      </RowCard>
    );
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('repairs.title')}
      </Title>
      <Section
        title={
          shown
            ? t(chosen ? 'repairs.dayTitle' : 'repairs.todayTitle', { date: formatDate(shown.date) })
            : t('repairs.today')
        }
      >
        <Group gap="xs" wrap="wrap" data-testid="day-nav">
          <Button size="xs" variant="default" disabled={!shown} onClick={() => shown && goTo(shown.previous)}>
            {t('repairs.previousDay')}
          </Button>
          <Button size="xs" variant="default" disabled={!chosen} onClick={() => goTo(null)}>
            {t('repairs.backToToday')}
          </Button>
          <Button size="xs" variant="default" disabled={!shown} onClick={() => shown && goTo(shown.next)}>
            {t('repairs.nextDay')}
          </Button>
        </Group>
        <ListState
          loading={day.loading}
          error={day.error}
          empty={!shown?.items.length}
          emptyText={t('repairs.noneOnDay')}
        />
        <Stack gap="xs" data-testid="day-list">
          {shown?.items.map(card)}
        </Stack>
      </Section>
      {(staffWriter || partner) && (
        <Section title={t('repairs.waiting')}>
          <ListState
            loading={queue.loading}
            error={queue.error}
            empty={waiting.length === 0}
            emptyText={t('repairs.noneWaiting')}
          />
          {waiting.map((c) => (
            <RowCard key={c.id} title={c.number}>
              <Text size="sm">
                {c.customerName} · {c.serial}
              </Text>
              <Group>
                <Button size="xs" onClick={() => void openRepair(c.id)}>
                  {t('repairs.open')}
                </Button>
              </Group>
            </RowCard>
          ))}
          <ErrorAlert error={error} />
        </Section>
      )}
      <Section title={t('repairs.allOpen')}>
        <ListState
          loading={open.loading}
          error={open.error}
          empty={!open.data?.items.length}
          emptyText={t('repairs.noneOpen')}
        />
        {open.data?.items.map(card)}
      </Section>
      <Section title={t('repairs.completed')}>
        <ListState
          loading={done.loading}
          error={done.error}
          empty={!done.data?.items.length}
          emptyText={t('repairs.noneCompleted')}
        />
        {done.data?.items.map(card)}
      </Section>
    </Stack>
  );
}

/** Sends a form's write and hands the new repair view up; the error stays beside the form. */
function useWrite(onDone: (r: Repair) => void) {
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (url: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await post<Repair>(url, body));
      return true;
    } catch (e) {
      setError(e as Error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function Diagnosis({
  repair,
  parts,
  writable,
  onDone,
}: {
  repair: Repair;
  parts: Part[];
  writable: boolean;
  onDone: (r: Repair) => void;
}) {
  const { t } = useTranslation();
  const { label, language } = useLabels();
  const unit = useResource<
    UnitView & { parts: { partCategory: string; partNumber: string; serial: string | null }[] }
  >(`/units/${repair.unit.id}`);
  const [category, setCategory] = useState<string | null>(repair.diagnosis?.partCategory ?? null);
  const [cause, setCause] = useState<string | null>(repair.diagnosis?.cause ?? null);
  const [note, setNote] = useState('');
  const write = useWrite(onDone);
  // The unit's fitted parts (with their serials) first, then the model's other parts by category.
  const options = new Map<string, string>();
  for (const p of unit.data?.parts ?? [])
    options.set(
      p.partCategory,
      `${label(PART_CATEGORY_LABELS, p.partCategory)} · ${p.partNumber}${p.serial ? ` · ${p.serial}` : ''}`,
    );
  for (const p of parts)
    if (!options.has(p.partCategory))
      options.set(p.partCategory, `${label(PART_CATEGORY_LABELS, p.partCategory)} · ${localName(p)}`);
  const decision = repair.decision as { covered?: boolean; cites?: string[] } | null;
  return (
    <Section title={t('repairs.diagnosis')}>
      {repair.diagnosis ? (
        <Text data-testid="diagnosis">
          {label(PART_CATEGORY_LABELS, repair.diagnosis.partCategory)} ·{' '}
          {label(FAILURE_CAUSE_LABELS, repair.diagnosis.cause)}
        </Text>
      ) : (
        <Text c="dimmed">{t('repairs.noDiagnosis')}</Text>
      )}
      {decision && typeof decision.covered === 'boolean' && (
        <Alert color={decision.covered ? 'green' : 'orange'} data-testid="cover">
          {decision.covered ? t('repairs.covered') : t('repairs.notCovered')}
          {decision.cites?.length ? ` (${decision.cites.join(', ')})` : ''}
        </Alert>
      )}
      {repair.repeat?.raised && repair.repeat.explanation && (
        <Alert color="red" title={t('repairs.repeat')}>
          {t('repairs.repeatOrdinal', { n: repair.repeat.ordinal })} {repair.repeat.explanation[language]}
        </Alert>
      )}
      {writable && (
        <form
          aria-label={t('repairs.diagnose')}
          onSubmit={(e) => {
            e.preventDefault();
            if (category && cause)
              void write.run(`/repairs/${repair.id}/diagnosis`, {
                partCategory: category,
                cause,
                ...(note.trim() ? { note } : {}),
              });
          }}
        >
          <Stack gap="xs">
            <Select
              label={t('repairs.failedPart')}
              required
              data={[...options].map(([value, text]) => ({ value, label: text }))}
              value={category}
              onChange={setCategory}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t('repairs.cause')}
              required
              data={Object.keys(FAILURE_CAUSE_LABELS).map((k) => ({
                value: k,
                label: label(FAILURE_CAUSE_LABELS, k),
              }))}
              value={cause}
              onChange={setCause}
            />
            <Textarea
              label={t('repairs.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <ErrorAlert error={write.error ?? unit.error} />
            <Group>
              <Button type="submit" loading={write.busy} disabled={!category || !cause}>
                {t('repairs.saveDiagnosis')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

function PartsSection({
  repair,
  parts,
  writable,
  onDone,
}: {
  repair: Repair;
  parts: Part[];
  writable: boolean;
  onDone: (r: Repair) => void;
}) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const stock = useResource<{ items: Location[] }>(writable ? '/stock' : null);
  const [partNumber, setPartNumber] = useState<string | null>(null);
  const [location, setLocation] = useState<string | null>(null);
  const [quantity, setQuantity] = useState(1);
  const write = useWrite((r) => {
    onDone(r);
    stock.reload();
  });
  const partName = (n: string) => {
    const p = parts.find((x) => x.partNumber === n);
    return p ? `${localName(p)} (${n})` : n;
  };
  const locations = stock.data?.items ?? [];
  const locationName = (key: string) => {
    const l = locations.find((x) => x.key === key);
    return l ? localName(l) : key;
  };
  const available = (l: Location) =>
    partNumber ? (l.levels.find((v) => v.partNumber === partNumber)?.available ?? 0) : null;
  return (
    <Section title={t('repairs.parts')}>
      {repair.parts.length === 0 && <Text c="dimmed">{t('repairs.noParts')}</Text>}
      {repair.parts.map((p) => (
        <RowCard
          key={p.lineId}
          title={`${p.quantity} × ${partName(p.partNumber)}`}
          badge={<LabelBadge labels={PART_RESERVATION_STATE_LABELS} value={p.state} colors={LINE_COLORS} />}
        >
          <Text size="sm" c="dimmed">
            {t('repairs.from', { location: locationName(p.location) })}
            {p.unitCostMinor !== undefined && p.currency
              ? ` · ${money(p.unitCostMinor * p.quantity, p.currency)}`
              : ''}
          </Text>
          {(p.serialOut || p.serialIn) && (
            <Text size="sm">{t('repairs.serials', { out: p.serialOut ?? '—', in: p.serialIn ?? '—' })}</Text>
          )}
          {writable && p.state === 'reserved' && (
            <Group>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                onClick={() => void write.run(`/repairs/${repair.id}/release`, { lineId: p.lineId })}
              >
                {t('repairs.release')}
              </Button>
            </Group>
          )}
        </RowCard>
      ))}
      {writable && (
        <form
          aria-label={t('repairs.reserve')}
          onSubmit={(e) => {
            e.preventDefault();
            if (partNumber && location)
              void write.run(`/repairs/${repair.id}/parts`, { partNumber, location, quantity });
          }}
        >
          <Stack gap="xs">
            <Select
              label={t('repairs.part')}
              required
              searchable
              data={parts.map((p) => ({
                value: p.partNumber,
                label: `${localName(p)} · ${label(PART_CATEGORY_LABELS, p.partCategory)} · ${p.partNumber}`,
              }))}
              value={partNumber}
              onChange={setPartNumber}
            />
            <Select
              label={t('repairs.location')}
              required
              data={locations.map((l) => {
                const n = available(l);
                return {
                  value: l.key,
                  label:
                    n === null ? localName(l) : `${localName(l)} · ${t('repairs.available', { count: n })}`,
                };
              })}
              value={location}
              onChange={setLocation}
            />
            <NumberInput
              label={t('repairs.quantity')}
              min={1}
              max={1000}
              value={quantity}
              onChange={(v) => setQuantity(Number(v) || 1)}
            />
            <ErrorAlert error={write.error ?? stock.error} />
            <Group>
              <Button type="submit" loading={write.busy} disabled={!partNumber || !location}>
                {t('repairs.reserveButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

function LaborSection({
  repair,
  writable,
  onDone,
}: {
  repair: Repair;
  writable: boolean;
  onDone: (r: Repair) => void;
}) {
  const { t } = useTranslation();
  const operations = useResource<{ items: Operation[] }>(`/repairs/${repair.id}/operations`);
  const [operation, setOperation] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<number | string>('');
  const write = useWrite(onDone);
  const ops = operations.data?.items ?? [];
  const opName = (key: string) => {
    const o = ops.find((x) => x.operation === key);
    return o ? localName(o) : '…';
  };
  return (
    <Section title={t('repairs.labor')}>
      {repair.labor.length === 0 && <Text c="dimmed">{t('repairs.noLabor')}</Text>}
      {repair.labor.map((l) => (
        <RowCard key={l.lineId} title={opName(l.operation)}>
          <Text size="sm">
            {t('repairs.took', { actual: minutesInWords(l.actualMinutes) })}
            {l.standardMinutes !== null &&
              ` · ${t('repairs.standard', { time: minutesInWords(l.standardMinutes) })}`}
          </Text>
        </RowCard>
      ))}
      {writable && (
        <form
          aria-label={t('repairs.addLabor')}
          onSubmit={(e) => {
            e.preventDefault();
            if (operation && Number(minutes) > 0)
              void write
                .run(`/repairs/${repair.id}/labor`, { operation, minutes: Number(minutes) })
                .then((ok) => ok && setMinutes(''));
          }}
        >
          <Stack gap="xs">
            <Select
              label={t('repairs.operation')}
              required
              data={ops.map((o) => ({
                value: o.operation,
                label: `${localName(o)} · ${t('repairs.standard', { time: minutesInWords(o.minutes) })}`,
              }))}
              value={operation}
              onChange={(v) => {
                setOperation(v);
                const o = ops.find((x) => x.operation === v);
                if (o && minutes === '') setMinutes(o.minutes);
              }}
            />
            <NumberInput
              label={t('repairs.minutes')}
              min={1}
              max={100000}
              value={minutes}
              onChange={setMinutes}
            />
            <ErrorAlert error={write.error ?? operations.error} />
            <Group>
              <Button type="submit" loading={write.busy} disabled={!operation || !(Number(minutes) > 0)}>
                {t('repairs.addLaborButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

function VisitsSection({
  repair,
  writable,
  onDone,
}: {
  repair: Repair;
  writable: boolean;
  onDone: (r: Repair) => void;
}) {
  const { t } = useTranslation();
  // Recorded on site: arrived now, the departure filled in when leaving (or later).
  const [arrived, setArrived] = useState(() => localInput(new Date()));
  const [left, setLeft] = useState('');
  const [km, setKm] = useState<number | string>('');
  const [signed, setSigned] = useState(false);
  const [note, setNote] = useState('');
  const write = useWrite(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void write
      .run(`/repairs/${repair.id}/visits`, {
        arrivedAt: new Date(arrived).toISOString(),
        ...(left ? { leftAt: new Date(left).toISOString() } : {}),
        distanceKm: Number(km) || 0,
        customerSigned: signed,
        ...(note.trim() ? { note } : {}),
      })
      .then((ok) => {
        if (ok) {
          setKm('');
          setNote('');
          setSigned(false);
        }
      });
  };
  return (
    <Section title={t('repairs.visits')}>
      {repair.visits.length === 0 && <Text c="dimmed">{t('repairs.noVisits')}</Text>}
      {repair.visits.map((v) => (
        <RowCard
          key={v.id}
          title={`${formatInstant(v.arrivedAt)} – ${v.leftAt ? formatInstant(v.leftAt) : '…'}`}
        >
          <Text size="sm">
            {t('repairs.km', { count: v.distanceKm })} ·{' '}
            {v.customerSigned ? t('repairs.signed') : t('repairs.notSigned')}
          </Text>
          {v.note && <Text size="sm">{v.note}</Text>}
        </RowCard>
      ))}
      {writable && (
        <form aria-label={t('repairs.addVisit')} onSubmit={submit}>
          <Stack gap="xs">
            <TextInput
              label={t('repairs.arrived')}
              type="datetime-local"
              required
              value={arrived}
              onChange={(e) => setArrived(e.currentTarget.value)}
            />
            <TextInput
              label={t('repairs.left')}
              type="datetime-local"
              value={left}
              onChange={(e) => setLeft(e.currentTarget.value)}
            />
            <NumberInput
              label={t('repairs.distance')}
              min={0}
              max={10000}
              required
              value={km}
              onChange={setKm}
            />
            <Checkbox
              label={t('repairs.customerSigned')}
              checked={signed}
              onChange={(e) => setSigned(e.currentTarget.checked)}
            />
            <Textarea
              label={t('repairs.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <ErrorAlert error={write.error} />
            <Group>
              <Button type="submit" loading={write.busy} disabled={km === ''}>
                {t('repairs.addVisitButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

function Completion({
  repair,
  parts,
  onDone,
}: {
  repair: Repair;
  parts: Part[];
  onDone: (r: Repair) => void;
}) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const reserved = repair.parts.filter((p) => p.state === 'reserved');
  const [used, setUsed] = useState<Record<string, { use: boolean; out: string; in: string }>>({});
  const [result, setResult] = useState<string | null>('fixed');
  const [note, setNote] = useState('');
  const write = useWrite(onDone);
  const line = (id: string) => used[id] ?? { use: true, out: '', in: '' };
  const set = (id: string, patch: Partial<{ use: boolean; out: string; in: string }>) =>
    setUsed({ ...used, [id]: { ...line(id), ...patch } });
  const partName = (n: string) => {
    const p = parts.find((x) => x.partNumber === n);
    return p ? localName(p) : n;
  };
  return (
    <form
      aria-label={t('repairs.complete')}
      onSubmit={(e) => {
        e.preventDefault();
        void write.run(`/repairs/${repair.id}/completion`, {
          result,
          ...(note.trim() ? { note } : {}),
          parts: reserved
            .filter((p) => line(p.lineId).use)
            .map((p) => ({
              lineId: p.lineId,
              ...(line(p.lineId).out.trim() ? { serialOut: line(p.lineId).out.trim() } : {}),
              ...(line(p.lineId).in.trim() ? { serialIn: line(p.lineId).in.trim() } : {}),
            })),
        });
      }}
    >
      <Stack gap="xs">
        {reserved.map((p) => (
          <Stack key={p.lineId} gap={4} data-testid="completion-line">
            <Checkbox
              label={t('repairs.used', { part: `${p.quantity} × ${partName(p.partNumber)}` })}
              checked={line(p.lineId).use}
              onChange={(e) => set(p.lineId, { use: e.currentTarget.checked })}
            />
            {line(p.lineId).use && (
              <Group grow>
                <TextInput
                  label={t('repairs.serialOut')}
                  value={line(p.lineId).out}
                  onChange={(e) => set(p.lineId, { out: e.currentTarget.value })}
                />
                <TextInput
                  label={t('repairs.serialIn')}
                  value={line(p.lineId).in}
                  onChange={(e) => set(p.lineId, { in: e.currentTarget.value })}
                />
              </Group>
            )}
          </Stack>
        ))}
        <Select
          label={t('repairs.result')}
          required
          data={(['fixed', 'not_fixed', 'replaced_unit'] as const).map((r) => ({
            value: r,
            label: label(REPAIR_RESULT_LABELS, r),
          }))}
          value={result}
          onChange={setResult}
        />
        <Textarea label={t('repairs.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <ErrorAlert error={write.error} />
        <Group>
          <Button type="submit" color="green" loading={write.busy} disabled={!result}>
            {t('repairs.completeButton')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The cost lines a repair booked, as the reader may see them (bearer, payee, clause). */
export function CostLines({ caseId, sourceId }: { caseId: string; sourceId?: string }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const lines = useResource<{ items: CostLine[] }>(`/cost-lines?case=${caseId}`);
  const items = (lines.data?.items ?? []).filter(
    (l) => !sourceId || l.source.id === sourceId || l.source.type !== 'repair',
  );
  return (
    <Stack gap="xs" data-testid="cost-lines">
      <ListState
        loading={lines.loading}
        error={lines.error}
        empty={items.length === 0}
        emptyText={t('repairs.noCosts')}
      />
      {items.map((l) => (
        <RowCard
          key={l.id}
          title={`${label(COST_KIND_LABELS, l.kind)} · ${money(l.amountMinor, l.currency)}`}
        >
          <Text size="sm">
            {t('repairs.borneBy', { party: l.bearer.name })}
            {l.payee ? ` · ${t('repairs.paidTo', { party: l.payee.name })}` : ''}
            {l.ref ? ` (${l.ref})` : ''}
          </Text>
        </RowCard>
      ))}
    </Stack>
  );
}

export function RepairPage() {
  const { t } = useTranslation();
  const { label } = useLabels();
  const { id } = useParams();
  const base = useBase();
  const { staffWriter, partner, role } = useRoles();
  const view = useResource<Repair>(`/repairs/${id}`);
  const r = view.data;
  const parts = useResource<{ items: Part[] }>(
    r ? `/parts?product=${encodeURIComponent(r.unit.model)}` : null,
  );
  if (view.error) return <ErrorAlert error={view.error} />;
  if (!r) return <ListState loading error={null} empty emptyText="" />;
  const writable = r.state === 'open' && (staffWriter || partner);
  const catalogue = parts.data?.items ?? [];
  const onDone = (next: Repair) => view.setData(next);
  const sections: ReactNode[] = [
    <Diagnosis key="d" repair={r} parts={catalogue} writable={writable} onDone={onDone} />,
    <PartsSection
      key="p"
      repair={r}
      parts={catalogue}
      writable={writable && !!r.diagnosis}
      onDone={onDone}
    />,
    <LaborSection key="l" repair={r} writable={writable} onDone={onDone} />,
    <VisitsSection key="v" repair={r} writable={writable} onDone={onDone} />,
  ];
  return (
    <Stack>
      <Group gap="sm">
        <Title order={1} size="h2">
          {r.number}
        </Title>
        <LabelBadge labels={REPAIR_STATE_LABELS} value={r.state} colors={REPAIR_COLORS} />
      </Group>
      <Text>
        {r.unit.model} · {r.unit.serial}
        {r.servicePartner ? ` · ${r.servicePartner.name}` : ''}
      </Text>
      <Group gap="md">
        <Anchor component={Link} to={`${base}/cases/${r.caseId}`} size="sm">
          {t('repairs.case')}
        </Anchor>
        <Anchor component={Link} to={`${base}/repairs`} size="sm">
          {t('repairs.backToList')}
        </Anchor>
      </Group>
      {sections}
      <Section title={t('repairs.completion')}>
        {r.state === 'open' ? (
          writable && r.diagnosis ? (
            <Completion repair={r} parts={catalogue} onDone={onDone} />
          ) : (
            <Text c="dimmed">{writable ? t('repairs.diagnoseFirst') : t('repairs.notYet')}</Text>
          )
        ) : (
          <Stack gap="xs">
            <Alert color="green" data-testid="completed">
              {t('repairs.completedAt', {
                when: formatInstant(r.completedAt),
                result: label(REPAIR_RESULT_LABELS, r.result),
              })}
            </Alert>
            {r.resultNote && <Text size="sm">{r.resultNote}</Text>}
            <Title order={3} size="h5">
              {t('repairs.costs')}
            </Title>
            <CostLines caseId={r.caseId} sourceId={r.id} />
            {partner && role === 'partner' && r.state === 'completed' && (
              <Group>
                <Button component={Link} to={`/partner/claims/new?repair=${r.id}`}>
                  {t('claims.fileFromRepair')}
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Section>
    </Stack>
  );
}

/** A case's work orders, linked, and a new one for the people who may open it. */
export function CaseRepairs({ caseId, hasUnit }: { caseId: string; hasUnit: boolean }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const base = useBase();
  const navigate = useNavigate();
  const { staffWriter, partner } = useRoles();
  const list = useResource<{ items: Repair[] }>(`/repairs?case=${caseId}`);
  const [error, setError] = useState<Error | null>(null);
  const items = list.data?.items ?? [];
  const open = async () => {
    setError(null);
    try {
      const r = await post<Repair>(`/cases/${caseId}/repairs`, {});
      navigate(`${base}/repairs/${r.id}`);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Stack gap="xs" data-testid="case-repairs">
      <ListState
        loading={list.loading}
        error={list.error}
        empty={items.length === 0}
        emptyText={t('repairs.noneOpen')}
      />
      {items.map((r) => (
        <Group key={r.id} gap="xs">
          <Anchor component={Link} to={`${base}/repairs/${r.id}`}>
            {r.number}
          </Anchor>
          <Text size="sm">{label(REPAIR_STATE_LABELS, r.state)}</Text>
        </Group>
      ))}
      {hasUnit && (staffWriter || partner) && !items.some((r) => r.state === 'open') && (
        <Group>
          <Button size="xs" variant="light" onClick={() => void open()}>
            {t('repairs.open')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={error} />
    </Stack>
  );
}
