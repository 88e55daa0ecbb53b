import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Static } from 'typebox';
import type { ClaimSchema, RecoverySchema } from '../../../src/http/contracts/claims.ts';
import {
  CLAIM_EVIDENCE_LABELS,
  CLAIM_LINE_KIND_LABELS,
  CLAIM_LINE_REASON_LABELS,
  CLAIM_STATE_LABELS,
  LINE_STATUS_LABELS,
  RECOVERY_STATE_LABELS,
} from '../../../src/http/contracts/labels.ts';
import { post, toAttachment } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { formatDate, formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import {
  LabelBadge,
  ListState,
  localName,
  minutesInWords,
  money,
  RowCard,
  useRoles,
} from './engines-common.tsx';
import type { Operation, Part, Repair } from './repairs.tsx';

type Claim = Static<typeof ClaimSchema>;
type Recovery = Static<typeof RecoverySchema>;
type Kind = 'labor' | 'travel' | 'parts';
interface LineInput {
  kind: Kind;
  item?: string | undefined;
  quantity: number;
  amount: string;
}

const CLAIM_COLORS = { approved: 'green', partly_approved: 'yellow', rejected: 'red', paid: 'teal' };
const LINE_COLORS = { approved: 'green', reduced: 'yellow', rejected: 'red' };
const RECOVERY_COLORS = { prepared: 'blue', sent: 'indigo', credited: 'green', rejected: 'red' };

function useBase(): string {
  return useRoles().partner ? '/partner' : '/console';
}

/** What a claim line is: "Labour · replace_compressor · 6 h" read as names and words. */
/** Names of a repair's operations and of the parts, by key, for claim lines (which carry keys). */
function useItemNames(repairId: string | null) {
  const operations = useResource<{ items: Operation[] }>(repairId ? `/repairs/${repairId}/operations` : null);
  const parts = useResource<{ items: Part[] }>('/parts');
  const ops = operations.data?.items ?? [];
  return {
    operations: ops,
    name: (kind: string, item: string | undefined): string | undefined => {
      if (!item) return undefined;
      if (kind === 'labor') {
        const o = ops.find((x) => x.operation === item);
        return o ? localName(o) : '…';
      }
      const p = parts.data?.items.find((x) => x.partNumber === item);
      return p ? `${localName(p)} (${item})` : item;
    },
  };
}

function useLineWords(names: ReturnType<typeof useItemNames>) {
  const { t } = useTranslation();
  const { label } = useLabels();
  return (l: { kind: string; item?: string | undefined; quantity: number }) => {
    const item = names.name(l.kind, l.item);
    const amount =
      l.kind === 'labor'
        ? minutesInWords(l.quantity)
        : l.kind === 'travel'
          ? t('repairs.km', { count: l.quantity })
          : `× ${l.quantity}`;
    return `${label(CLAIM_LINE_KIND_LABELS, l.kind)}${item ? ` · ${item}` : ''} · ${amount}`;
  };
}

export function ClaimsHome() {
  const { t } = useTranslation();
  const base = useBase();
  const claims = useResource<{ items: Claim[] }>('/claims?limit=200');
  const items = claims.data?.items ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('claims.title')}
      </Title>
      <ListState
        loading={claims.loading}
        error={claims.error}
        empty={items.length === 0}
        emptyText={t('claims.none')}
      />
      {items.map((c) => (
        <RowCard
          key={c.id}
          title={
            <Anchor component={Link} to={`${base}/claims/${c.id}`}>
              {c.number}
            </Anchor>
          }
          badge={<LabelBadge labels={CLAIM_STATE_LABELS} value={c.state} colors={CLAIM_COLORS} />}
        >
          <Text size="sm">
            {c.partner.name} ·{' '}
            {t('claims.claimedApproved', {
              claimed: money(c.claimedMinor, c.currency),
              approved: money(c.approvedMinor, c.currency),
            })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('claims.submittedAt', { when: formatInstant(c.submittedAt) })}
            {c.payBy ? ` · ${t('claims.payBy', { date: formatDate(c.payBy) })}` : ''}
          </Text>
        </RowCard>
      ))}
    </Stack>
  );
}

/** The lines being claimed, editable: kind, item, quantity and amount each. */
function LinesEditor({
  lines,
  onChange,
  operations,
}: {
  lines: LineInput[];
  onChange: (l: LineInput[]) => void;
  operations: Operation[];
}) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const set = (i: number, patch: Partial<LineInput>) =>
    onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <Stack gap="xs">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity until filed
        <Group key={i} align="flex-end" gap="xs" data-testid="claim-line-input">
          <Select
            label={t('claims.kind')}
            w={120}
            data={(['labor', 'travel', 'parts'] as const).map((k) => ({
              value: k,
              label: label(CLAIM_LINE_KIND_LABELS, k),
            }))}
            value={l.kind}
            onChange={(v) => v && set(i, { kind: v as Kind })}
          />
          {l.kind === 'labor' ? (
            <Select
              label={t('claims.item')}
              w={200}
              data={operations.map((o) => ({ value: o.operation, label: localName(o) }))}
              value={l.item ?? null}
              onChange={(v) => set(i, { item: v ?? undefined })}
            />
          ) : (
            <TextInput
              label={t('claims.item')}
              w={200}
              disabled={l.kind === 'travel'}
              value={l.item ?? ''}
              onChange={(e) => set(i, { item: e.currentTarget.value || undefined })}
            />
          )}
          <NumberInput
            label={
              l.kind === 'labor'
                ? t('claims.minutes')
                : l.kind === 'travel'
                  ? t('claims.km')
                  : t('claims.quantity')
            }
            w={110}
            min={1}
            value={l.quantity}
            onChange={(v) => set(i, { quantity: Number(v) || 1 })}
          />
          <TextInput
            label={t('claims.amount')}
            w={120}
            required
            inputMode="decimal"
            value={l.amount}
            onChange={(e) => set(i, { amount: e.currentTarget.value })}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('claims.removeLine')}
            onClick={() => onChange(lines.filter((_, j) => j !== i))}
            mb={4}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="default"
          onClick={() => onChange([...lines, { kind: 'labor', quantity: 1, amount: '' }])}
        >
          {t('claims.addLine')}
        </Button>
      </Group>
    </Stack>
  );
}

function Evidence({ files, onChange }: { files: File[]; onChange: (f: File[]) => void }) {
  const { t } = useTranslation();
  return (
    <FileInput
      label={t('claims.photos')}
      multiple
      clearable
      accept="image/*,application/pdf"
      value={files}
      onChange={onChange}
    />
  );
}

const toEvidence = (files: File[]) =>
  Promise.all(files.map(async (f) => ({ evidence: 'photos', ...(await toAttachment(f)) })));

/** A partner files its claim from a completed repair: the lines start from what the repair recorded. */
export function NewClaimPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const repairId = params.get('repair');
  const repair = useResource<Repair>(repairId ? `/repairs/${repairId}` : null);
  const names = useItemNames(repairId);
  const [lines, setLines] = useState<LineInput[] | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  if (!repairId) return <ErrorAlert error={new Error(t('claims.noRepair'))} />;
  if (repair.error) return <ErrorAlert error={repair.error} />;
  const r = repair.data;
  if (!r) return <ListState loading error={null} empty emptyText="" />;
  const km = r.visits.reduce((s, v) => s + v.distanceKm, 0);
  const current: LineInput[] = lines ?? [
    ...r.labor.map((l) => ({
      kind: 'labor' as const,
      item: l.operation,
      quantity: l.actualMinutes,
      amount: '',
    })),
    ...(km > 0 ? [{ kind: 'travel' as const, quantity: km, amount: '' }] : []),
    ...r.parts
      .filter((p) => p.state === 'consumed')
      .map((p) => ({ kind: 'parts' as const, item: p.partNumber, quantity: p.quantity, amount: '' })),
  ];
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const claim = await post<Claim>(`/repairs/${r.id}/claim`, {
        lines: current.map((l) => ({ ...l, ...(l.item ? {} : { item: undefined }) })),
        evidence: await toEvidence(files),
        ...(note.trim() ? { note } : {}),
      });
      navigate(`/partner/claims/${claim.id}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('claims.newTitle', { repair: r.number })}
      </Title>
      <Text>
        {r.unit.model} · {r.unit.serial}
      </Text>
      <form
        aria-label={t('claims.newTitle', { repair: r.number })}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <LinesEditor lines={current} onChange={setLines} operations={names.operations} />
          <Evidence files={files} onChange={setFiles} />
          <Textarea label={t('repairs.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <ErrorAlert error={error} />
          <Group>
            <Button type="submit" loading={busy} disabled={current.length === 0}>
              {t('claims.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

type ReviewStatus = 'approved' | 'reduced' | 'rejected';

/**
 * The brand's reviewer decides one line: approve as claimed, reduce to an amount, or reject, with
 * the reason and the clause (the line's own clause to start with). The terms' answer is only a
 * proposal; the API keeps it beside the reviewer's.
 */
function LineReview({
  line,
  currency,
  onDecide,
  busy,
}: {
  line: Claim['decision']['lines'][number];
  currency: string;
  onDecide: (body: { status: ReviewStatus; amount?: string; reason: string; ref: string }) => Promise<void>;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ReviewStatus>(line.status as ReviewStatus);
  const [amount, setAmount] = useState<string | number>(
    line.status === 'reduced' ? line.approvedMinor / 100 : '',
  );
  const [reason, setReason] = useState('');
  const [ref, setRef] = useState(line.ref ?? '');
  const choices: { value: ReviewStatus; label: string }[] = [
    { value: 'approved', label: t('claims.reviewApprove') },
    { value: 'reduced', label: t('claims.reviewReduce') },
    { value: 'rejected', label: t('claims.reviewReject') },
  ];
  return (
    <form
      aria-label={t('claims.review')}
      data-testid="line-review"
      onSubmit={(e) => {
        e.preventDefault();
        void onDecide({
          status,
          ...(status === 'reduced' ? { amount: Number(amount).toFixed(currency === 'JPY' ? 0 : 2) } : {}),
          reason,
          ref,
        });
      }}
    >
      <Stack gap={6} mt="xs">
        <SegmentedControl
          size="xs"
          fullWidth
          aria-label={t('claims.review')}
          value={status}
          onChange={(v) => setStatus(v as ReviewStatus)}
          data={choices}
        />
        {status === 'reduced' && (
          <NumberInput
            size="xs"
            label={t('claims.reviewAmount')}
            required
            min={0.01}
            decimalScale={2}
            value={amount}
            onChange={setAmount}
          />
        )}
        <Group grow align="flex-start" gap="xs" wrap="wrap">
          <TextInput
            size="xs"
            label={t('claims.reviewReason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            miw={180}
          />
          <TextInput
            size="xs"
            label={t('claims.reviewClause')}
            required
            maxLength={40}
            value={ref}
            onChange={(e) => setRef(e.currentTarget.value)}
            maw={120}
          />
        </Group>
        <Group>
          <Button size="xs" type="submit" loading={busy}>
            {t('claims.reviewButton')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ClaimPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { label, language } = useLabels();
  const { partner, staffWriter } = useRoles();
  const base = useBase();
  const view = useResource<Claim>(`/claims/${id}`);
  const names = useItemNames(view.data?.repairId ?? null);
  const words = useLineWords(names);
  const [answer, setAnswer] = useState('');
  const [lines, setLines] = useState<LineInput[] | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [reference, setReference] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  if (view.error) return <ErrorAlert error={view.error} />;
  const c = view.data;
  if (!c) return <ListState loading error={null} empty emptyText="" />;
  const d = c.decision;
  const act = async (url: string, body: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      view.setData(await post<Claim>(url, await body()));
      setLines(null);
      setAnswer('');
      setFiles([]);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const current: LineInput[] =
    lines ??
    d.lines.map((l) => ({
      kind: l.kind as Kind,
      ...(l.item ? { item: l.item } : {}),
      quantity: l.quantity,
      // A reduced line is offered at what was approved; the others as claimed (a rejected one may be dropped).
      amount: ((l.status === 'reduced' ? l.approvedMinor : l.amountMinor) / 100).toFixed(2),
    }));
  return (
    <Stack>
      <Group gap="sm">
        <Title order={1} size="h2">
          {c.number}
        </Title>
        <LabelBadge labels={CLAIM_STATE_LABELS} value={c.state} colors={CLAIM_COLORS} />
      </Group>
      <Text>
        {c.partner.name} · {t('claims.revision', { n: c.revision })} ·{' '}
        {t('claims.claimedApproved', {
          claimed: money(c.claimedMinor, c.currency),
          approved: money(c.approvedMinor, c.currency),
        })}
      </Text>
      <Group gap="md">
        <Anchor component={Link} to={`${base}/repairs/${c.repairId}`} size="sm">
          {t('claims.repair')}
        </Anchor>
        <Anchor component={Link} to={`${base}/claims`} size="sm">
          {t('claims.backToList')}
        </Anchor>
      </Group>
      {c.payBy && c.state !== 'paid' && (
        <Text size="sm">{t('claims.payBy', { date: formatDate(c.payBy) })}</Text>
      )}
      {c.paidAt && <Alert color="teal">{t('claims.paidAt', { when: formatInstant(c.paidAt) })}</Alert>}
      {!d.cover.covered && (
        <Alert color="orange">
          {t('claims.notCovered')}
          {d.cover.cites.length ? ` (${d.cover.cites.join(', ')})` : ''}
        </Alert>
      )}
      {d.missingEvidence.length > 0 && (
        <Alert color="orange" title={t('claims.missingEvidence')}>
          {d.missingEvidence.map((e) => label(CLAIM_EVIDENCE_LABELS, e)).join(', ')}
        </Alert>
      )}
      <Section title={t('claims.lines')}>
        {d.lines.map((l, i) => (
          <RowCard
            // biome-ignore lint/suspicious/noArrayIndexKey: a decision's lines are in the claim's order
            key={i}
            title={words(l)}
            badge={<LabelBadge labels={LINE_STATUS_LABELS} value={l.status} colors={LINE_COLORS} />}
          >
            <Text size="sm" data-testid="claim-line">
              {t('claims.lineAmounts', {
                claimed: money(l.amountMinor, d.currency),
                approved: money(l.approvedMinor, d.currency),
              })}
              {l.ref ? ` · ${l.ref}` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              {label(CLAIM_LINE_REASON_LABELS, l.reason)}: {l.explanation[language]}
            </Text>
            {l.proposed && (
              <Text size="xs" c="dimmed" data-testid="proposed">
                {t('claims.proposed', {
                  status: label(LINE_STATUS_LABELS, l.proposed.status),
                  amount: money(l.proposed.approvedMinor, d.currency),
                  ref: l.proposed.ref ? ` (${l.proposed.ref})` : '',
                })}
              </Text>
            )}
            {l.reviewed && (
              <Text size="xs" c="dimmed">
                {t('claims.reviewedBy', { name: l.reviewed.by, date: formatDate(l.reviewed.on) })}
              </Text>
            )}
            {staffWriter && c.state !== 'paid' && (
              <LineReview
                line={l}
                currency={d.currency}
                onDecide={(body) =>
                  act(`/claims/${c.id}/review`, async () => ({ lines: [{ line: i, ...body }] }))
                }
                busy={busy}
              />
            )}
          </RowCard>
        ))}
      </Section>
      {c.answer && (
        <Section title={t('claims.answer')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</Text>
        </Section>
      )}
      {partner && c.state !== 'paid' && c.state !== 'approved' && (
        <Section title={t('claims.resubmit')}>
          <form
            aria-label={t('claims.resubmit')}
            onSubmit={(e) => {
              e.preventDefault();
              void act(`/claims/${c.id}/resubmission`, async () => ({
                answer,
                lines: current,
                evidence: await toEvidence(files),
              }));
            }}
          >
            <Stack>
              <Textarea
                label={t('claims.yourAnswer')}
                required
                value={answer}
                onChange={(e) => setAnswer(e.currentTarget.value)}
              />
              <LinesEditor lines={current} onChange={setLines} operations={names.operations} />
              <Evidence files={files} onChange={setFiles} />
              <Group>
                <Button type="submit" loading={busy}>
                  {t('claims.resubmitButton')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Section>
      )}
      {staffWriter && (c.state === 'approved' || c.state === 'partly_approved') && (
        <Section title={t('claims.pay')}>
          <form
            aria-label={t('claims.pay')}
            onSubmit={(e) => {
              e.preventDefault();
              void act(`/claims/${c.id}/payment`, async () => (reference.trim() ? { reference } : {}));
            }}
          >
            <Stack gap="xs">
              <TextInput
                label={t('claims.reference')}
                value={reference}
                onChange={(e) => setReference(e.currentTarget.value)}
              />
              <Group>
                <Button type="submit" color="teal" loading={busy}>
                  {t('claims.payButton', { amount: money(c.approvedMinor, c.currency) })}
                </Button>
              </Group>
            </Stack>
          </form>
        </Section>
      )}
      <ErrorAlert error={error} />
    </Stack>
  );
}

/** Supplier recoveries: prepared, sent, credited or rejected; the brand's staff move them on. */
export function RecoveriesPage() {
  const { t } = useTranslation();
  const { staffWriter } = useRoles();
  const list = useResource<{ items: Recovery[] }>('/recoveries');
  const [input, setInput] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error | null>(null);
  const items = list.data?.items ?? [];
  const step = async (r: Recovery, body: unknown) => {
    setError(null);
    try {
      await post(`/recoveries/${r.id}/steps`, body);
      list.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('recoveries.title')}
      </Title>
      <ErrorAlert error={error} />
      <ListState
        loading={list.loading}
        error={list.error}
        empty={items.length === 0}
        emptyText={t('recoveries.none')}
      />
      {items.map((r) => (
        <RowCard
          key={r.id}
          title={`${r.number} · ${r.supplier.name}`}
          badge={<LabelBadge labels={RECOVERY_STATE_LABELS} value={r.state} colors={RECOVERY_COLORS} />}
        >
          <Text size="sm">
            {r.partNumber ?? '—'}
            {r.serial ? ` · ${r.serial}` : ''} · {money(r.amountMinor, r.currency)}
            {r.cites.length ? ` (${r.cites.join(', ')})` : ''}
          </Text>
          {r.reportBy && <Text size="xs">{t('recoveries.reportBy', { date: formatDate(r.reportBy) })}</Text>}
          {r.creditedMinor !== null && (
            <Text size="sm">{t('recoveries.credited', { amount: money(r.creditedMinor, r.currency) })}</Text>
          )}
          {r.reference && (
            <Text size="xs">
              {t('claims.reference')}: {r.reference}
            </Text>
          )}
          {staffWriter && (r.state === 'prepared' || r.state === 'sent') && (
            <Group align="flex-end" gap="xs">
              <TextInput
                label={t('recoveries.input')}
                size="xs"
                value={input[r.id] ?? ''}
                onChange={(e) => setInput({ ...input, [r.id]: e.currentTarget.value })}
              />
              {r.state === 'prepared' && (
                <Button
                  size="xs"
                  onClick={() =>
                    void step(r, { step: 'sent', ...(input[r.id] ? { reference: input[r.id] } : {}) })
                  }
                >
                  {t('recoveries.send')}
                </Button>
              )}
              {r.state === 'sent' && (
                <>
                  <Button
                    size="xs"
                    color="green"
                    onClick={() =>
                      void step(r, {
                        step: 'credited',
                        amount: input[r.id] || (r.amountMinor / 100).toFixed(2),
                      })
                    }
                  >
                    {t('recoveries.credit')}
                  </Button>
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    onClick={() => void step(r, { step: 'rejected', note: input[r.id] || '—' })}
                  >
                    {t('recoveries.reject')}
                  </Button>
                </>
              )}
            </Group>
          )}
        </RowCard>
      ))}
    </Stack>
  );
}
