import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileInput,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Static } from 'typebox';
import {
  DISPOSITION_LABELS,
  RETURN_CONDITION_LABELS,
  RETURN_REASON_LABELS,
  RETURN_STATE_LABELS,
  RETURN_VERDICT_LABELS,
} from '../../../src/http/contracts/labels.ts';
import type { ReturnSchema } from '../../../src/http/contracts/returns.ts';
import { post, toAttachment } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { formatDate, formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import { LabelBadge, ListState, RowCard, useRoles } from './engines-common.tsx';

export type ReturnView = Static<typeof ReturnSchema>;

export const RETURN_COLORS = {
  requested: 'blue',
  approved: 'green',
  rejected: 'red',
  shipped: 'indigo',
  received: 'teal',
  closed: 'gray',
};
const VERDICT_COLORS = { approve: 'green', reject: 'red', refer: 'yellow' };

const FILTERS = {
  waiting: ['requested'],
  underway: ['approved', 'shipped', 'received'],
  done: ['rejected', 'closed'],
} as const;

/** The terms check in words: its verdict, why, and the clause. */
function TermsCheck({ r }: { r: ReturnView }) {
  const { t } = useTranslation();
  const { label, language } = useLabels();
  const c = r.termsCheck;
  return (
    <Stack gap={2} data-testid="terms-check">
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {t('returnsDesk.check')}:
        </Text>
        <LabelBadge labels={RETURN_VERDICT_LABELS} value={c.verdict} colors={VERDICT_COLORS} />
      </Group>
      <Text size="sm">
        {c.explanation[language]}
        {c.cites.length ? ` (${c.cites.join(', ')})` : ''}
      </Text>
      {c.missingConditions.length > 0 && (
        <Text size="sm" c="orange">
          {t('returnsDesk.missing')}:{' '}
          {c.missingConditions.map((m) => label(RETURN_CONDITION_LABELS, m)).join(', ')}
        </Text>
      )}
    </Stack>
  );
}

/** The approval deadline: when, and whether it is past. */
function Deadline({ r }: { r: ReturnView }) {
  const { t } = useTranslation();
  if (!r.decideBy) return null;
  return (
    <Text size="sm" c={r.approvalOverdue ? 'red' : undefined} fw={r.approvalOverdue ? 600 : undefined}>
      {r.approvalOverdue
        ? t('returnsDesk.overdue', { when: formatInstant(r.decideBy) })
        : t('returnsDesk.decideBy', { when: formatInstant(r.decideBy) })}
    </Text>
  );
}

export function ReturnsDesk() {
  const { t } = useTranslation();
  const { label } = useLabels();
  const [filter, setFilter] = useState<keyof typeof FILTERS>('waiting');
  const list = useResource<{ items: ReturnView[] }>('/returns?limit=500');
  const items = (list.data?.items ?? []).filter((r) =>
    (FILTERS[filter] as readonly string[]).includes(r.state),
  );
  // The most urgent first: past the deadline, then the nearest deadline.
  items.sort((a, b) => String(a.decideBy ?? '9').localeCompare(String(b.decideBy ?? '9')));
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('returnsDesk.title')}
      </Title>
      <SegmentedControl
        value={filter}
        onChange={(v) => setFilter(v as keyof typeof FILTERS)}
        data={(Object.keys(FILTERS) as (keyof typeof FILTERS)[]).map((k) => ({
          value: k,
          label: `${t(`returnsDesk.filters.${k}`)} (${(list.data?.items ?? []).filter((r) => (FILTERS[k] as readonly string[]).includes(r.state)).length})`,
        }))}
        fullWidth
      />
      <ListState
        loading={list.loading}
        error={list.error}
        empty={items.length === 0}
        emptyText={t('returnsDesk.none')}
      />
      {items.map((r) => (
        <RowCard
          key={r.id}
          title={
            <Anchor component={Link} to={`/console/returns/${r.id}`}>
              {r.number}
            </Anchor>
          }
          badge={<LabelBadge labels={RETURN_STATE_LABELS} value={r.state} colors={RETURN_COLORS} />}
        >
          <Text size="sm">
            {r.unit.serial} · {label(RETURN_REASON_LABELS, r.reason)}
          </Text>
          {r.state === 'requested' && <Deadline r={r} />}
          {r.state === 'requested' && <TermsCheck r={r} />}
        </RowCard>
      ))}
    </Stack>
  );
}

function useAct(onDone: (r: ReturnView) => void) {
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (url: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await post<ReturnView>(url, typeof body === 'function' ? await body() : body));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function Step({ title, done, children }: { title: string; done: ReactNode; children?: ReactNode }) {
  return (
    <Section title={title}>
      {done}
      {children}
    </Section>
  );
}

export function ReturnDeskPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { label } = useLabels();
  const { staffWriter } = useRoles();
  const view = useResource<ReturnView>(`/returns/${id}`);
  const act = useAct((r) => view.setData(r));
  const [note, setNote] = useState('');
  const [carrier, setCarrier] = useState('');
  const [waybill, setWaybill] = useState('');
  const [received, setReceived] = useState<number | string>(1);
  const [damaged, setDamaged] = useState<number | string>(0);
  const [findings, setFindings] = useState('');
  const [packaging, setPackaging] = useState(true);
  const [photos, setPhotos] = useState<File[]>([]);
  const [disposition, setDisposition] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  if (view.error) return <ErrorAlert error={view.error} />;
  const r = view.data;
  if (!r) return <ListState loading error={null} empty emptyText="" />;
  const inspection = r.inspection as {
    receivedQuantity?: number;
    damagedQuantity?: number;
    findings?: string;
    packagingOriginal?: boolean;
    photos?: { name: string }[];
  } | null;
  const decide = (outcome: 'approve' | 'reject') => (e?: FormEvent) => {
    e?.preventDefault();
    void act.run(`/returns/${r.id}/decision`, { outcome, ...(note.trim() ? { note } : {}) });
  };
  return (
    <Stack>
      <Group gap="sm">
        <Title order={1} size="h2">
          {r.number}
        </Title>
        <LabelBadge labels={RETURN_STATE_LABELS} value={r.state} colors={RETURN_COLORS} />
      </Group>
      <Text>
        {r.unit.serial} · {label(RETURN_REASON_LABELS, r.reason)} ·{' '}
        {t('returnsDesk.requestedAt', { when: formatInstant(r.requestedAt) })}
      </Text>
      <Group gap="md">
        <Anchor component={Link} to={`/console/cases/${r.caseId}`} size="sm">
          {t('repairs.case')}
        </Anchor>
        <Anchor component={Link} to="/console/returns" size="sm">
          {t('returnsDesk.backToList')}
        </Anchor>
      </Group>
      <Text size="sm">
        {Object.entries(r.conditions)
          .map(
            ([k, v]) =>
              `${label(RETURN_CONDITION_LABELS, k)}: ${v ? t('returnsDesk.yes') : t('returnsDesk.no')}`,
          )
          .join(' · ')}
      </Text>
      <Step
        title={t('returnsDesk.decision')}
        done={
          <>
            <TermsCheck r={r} />
            {r.state === 'requested' && <Deadline r={r} />}
            {r.decidedAt && (
              <Alert color={r.state === 'rejected' ? 'red' : 'green'} data-testid="decided">
                {t('returnsDesk.decidedAt', {
                  when: formatInstant(r.decidedAt),
                  state: label(RETURN_STATE_LABELS, r.state === 'rejected' ? 'rejected' : 'approved'),
                })}
                {r.decisionRef ? ` (${r.decisionRef})` : ''}
                {r.decisionNote ? ` · ${r.decisionNote}` : ''}
              </Alert>
            )}
          </>
        }
      >
        {staffWriter && r.state === 'requested' && (
          <form aria-label={t('returnsDesk.decision')} onSubmit={decide('approve')}>
            <Stack gap="xs">
              <Textarea
                label={t('returnsDesk.note')}
                description={t('returnsDesk.noteHint')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <Group>
                <Button type="submit" color="green" loading={act.busy}>
                  {t('returnsDesk.approve', { ref: r.termsCheck.cites[0] ?? '' })}
                </Button>
                <Button color="red" variant="light" loading={act.busy} onClick={() => decide('reject')()}>
                  {t('returnsDesk.reject', { ref: r.termsCheck.cites[0] ?? '' })}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Step>
      {r.state !== 'requested' && r.state !== 'rejected' && (
        <Step
          title={t('returnsDesk.shipping')}
          done={
            r.shipment ? (
              <Text size="sm" data-testid="shipment">
                {t('returnsDesk.shipped', {
                  carrier: r.shipment.carrier,
                  waybill: r.shipment.waybill,
                  when: formatInstant(r.shipment.shippedAt),
                })}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                {t('returnsDesk.notShipped')}
              </Text>
            )
          }
        >
          {staffWriter && r.state === 'approved' && (
            <form
              aria-label={t('returnsDesk.shipping')}
              onSubmit={(e) => {
                e.preventDefault();
                void act.run(`/returns/${r.id}/shipment`, { carrier, waybill });
              }}
            >
              <Stack gap="xs">
                <TextInput
                  label={t('returnsDesk.carrier')}
                  required
                  value={carrier}
                  onChange={(e) => setCarrier(e.currentTarget.value)}
                />
                <TextInput
                  label={t('returnsDesk.waybill')}
                  required
                  value={waybill}
                  onChange={(e) => setWaybill(e.currentTarget.value)}
                />
                <Group>
                  <Button type="submit" loading={act.busy}>
                    {t('returnsDesk.recordShipment')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Step>
      )}
      {r.state !== 'requested' && r.state !== 'rejected' && (
        <Step
          title={t('returnsDesk.receipt')}
          done={
            r.receivedAt && inspection ? (
              <Stack gap={2} data-testid="inspection">
                <Text size="sm">
                  {t('returnsDesk.receivedAt', {
                    when: formatInstant(r.receivedAt),
                    received: inspection.receivedQuantity ?? 0,
                    damaged: inspection.damagedQuantity ?? 0,
                  })}
                </Text>
                {inspection.findings && <Text size="sm">{inspection.findings}</Text>}
                {inspection.photos?.length ? (
                  <Text size="xs" c="dimmed">
                    {t('returnsDesk.photosOnRecord', {
                      names: inspection.photos.map((p) => p.name).join(', '),
                    })}
                  </Text>
                ) : null}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {t('returnsDesk.notReceived')}
              </Text>
            )
          }
        >
          {staffWriter && (r.state === 'approved' || r.state === 'shipped') && (
            <form
              aria-label={t('returnsDesk.receipt')}
              onSubmit={(e) => {
                e.preventDefault();
                void act.run(`/returns/${r.id}/receipt`, async () => ({
                  receivedQuantity: Number(received) || 0,
                  damagedQuantity: Number(damaged) || 0,
                  findings,
                  packagingOriginal: packaging,
                  photos: await Promise.all(photos.map(toAttachment)),
                }));
              }}
            >
              <Stack gap="xs">
                <Group grow>
                  <NumberInput
                    label={t('returnsDesk.receivedQty')}
                    min={0}
                    value={received}
                    onChange={setReceived}
                  />
                  <NumberInput
                    label={t('returnsDesk.damagedQty')}
                    min={0}
                    value={damaged}
                    onChange={setDamaged}
                  />
                </Group>
                <Textarea
                  label={t('returnsDesk.findings')}
                  required
                  value={findings}
                  onChange={(e) => setFindings(e.currentTarget.value)}
                />
                <Checkbox
                  label={t('returnsDesk.packaging')}
                  checked={packaging}
                  onChange={(e) => setPackaging(e.currentTarget.checked)}
                />
                <FileInput
                  label={t('returnsDesk.photos')}
                  multiple
                  clearable
                  accept="image/*"
                  value={photos}
                  onChange={setPhotos}
                />
                <Group>
                  <Button type="submit" loading={act.busy}>
                    {t('returnsDesk.recordReceipt')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Step>
      )}
      {(r.state === 'received' || r.state === 'closed') && (
        <Step
          title={t('returnsDesk.disposition')}
          done={
            r.disposition ? (
              <Alert color="gray" data-testid="disposition">
                {label(DISPOSITION_LABELS, r.disposition)}
                {r.dispositionRef ? ` (${r.dispositionRef})` : ''} · {formatInstant(r.closedAt)}
              </Alert>
            ) : null
          }
        >
          {staffWriter && r.state === 'received' && (
            <form
              aria-label={t('returnsDesk.disposition')}
              onSubmit={(e) => {
                e.preventDefault();
                void act.run(`/returns/${r.id}/disposition`, {
                  disposition,
                  ...(amount.trim() ? { amount: amount.trim(), currency: 'CNY' } : {}),
                  ...(note.trim() ? { note } : {}),
                });
              }}
            >
              <Stack gap="xs">
                <Select
                  label={t('returnsDesk.dispositionLabel')}
                  required
                  data={Object.keys(DISPOSITION_LABELS).map((k) => ({
                    value: k,
                    label: label(DISPOSITION_LABELS, k),
                  }))}
                  value={disposition}
                  onChange={setDisposition}
                />
                {(disposition === 'refund' || disposition === 'replace') && (
                  <TextInput
                    label={t('returnsDesk.amount')}
                    required
                    inputMode="decimal"
                    value={amount}
                    onChange={(e) => setAmount(e.currentTarget.value)}
                  />
                )}
                <Textarea
                  label={t('returnsDesk.note')}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                />
                <Group>
                  <Button type="submit" loading={act.busy} disabled={!disposition}>
                    {t('returnsDesk.close')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Step>
      )}
      <ErrorAlert error={act.error} />
      {r.termsCheck.lastDay && (
        <Text size="xs" c="dimmed">
          {t('returnsDesk.window', { date: formatDate(r.termsCheck.lastDay), day: r.termsCheck.day ?? '—' })}
        </Text>
      )}
    </Stack>
  );
}
