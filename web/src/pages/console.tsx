import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  CHANNEL_LABELS,
  FAILURE_CAUSE_LABELS,
  PART_CATEGORY_LABELS,
  REMEDY_LABELS,
} from '../../../src/http/contracts/labels.ts';
import { post } from '../api.ts';
import { CaseFiles, ClockTable, ErrorAlert, Section, StateBadge } from '../components.tsx';
import { formatDate, formatInstant } from '../format.ts';
import { useNames, useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import { usePermissions } from '../session.tsx';
import type { Activity, CaseView, Countdown as CountdownItem, Page } from '../types.ts';
import { CaseQuote } from './contracts-desk.tsx';
import { CaseKnowledge } from './knowledge.tsx';
import { Conversation, ReplyForm, useMarkRead } from './request.tsx';
import { CaseGuides } from './troubleshoot.tsx';

const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;

function EntitlementPanel({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const names = useNames();
  const d = c.decision;
  if (!d) return <Text c="dimmed">{t('case.noDecision')}</Text>;
  const bearer = (b: unknown) =>
    typeof b === 'string'
      ? names.party(b)
      : b && typeof b === 'object'
        ? Object.entries(b as Record<string, unknown>)
            .map(([k, v]) => `${names.party(k)}: ${String(v)}`)
            .join(', ')
        : '—';
  return (
    <Stack gap={6} data-testid="entitlement">
      <Group>
        <Badge color={d.covered ? 'green' : 'gray'} size="lg">
          {d.covered ? t('warranty.covered') : t('warranty.notCovered')}
        </Badge>
        {d.remedy && (
          <Text size="sm">{t('case.remedy', { remedy: labels.label(REMEDY_LABELS, d.remedy) })}</Text>
        )}
      </Group>
      <Text size="sm">{i18n.language === 'zh' ? d.explanation.zh : d.explanation.en}</Text>
      <Text size="sm">
        {t('case.refs')}: {d.cites.join(', ') || '—'}{' '}
        <Text span c="dimmed" size="xs">
          (
          {d.rests_on
            .map(
              (r) =>
                `${names.agreement(r.agreement)} ${t('clock.clause', { version: r.version, ref: r.ref })}`,
            )
            .join('; ')}
          )
        </Text>
      </Text>
      <Table withTableBorder aria-label={t('case.costBearers')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('case.costItem')}</Table.Th>
            <Table.Th scope="col">{t('case.bearer')}</Table.Th>
            <Table.Th scope="col">{t('case.payer')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.keys(d.costs).map((item) => (
            <Table.Tr key={item}>
              <Table.Td>{t(`cost.${item}`, { defaultValue: item })}</Table.Td>
              <Table.Td>{bearer(d.costs[item])}</Table.Td>
              <Table.Td>{bearer(d.payers[item])}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm">
        {t('case.coveredThrough')}:{' '}
        {Object.entries(d.covered_through)
          .map(
            ([k, v]) =>
              `${k === 'general' ? t('case.generalCover') : labels.label(PART_CATEGORY_LABELS, k)} ${formatDate(v)}`,
          )
          .join(' · ') || '—'}
      </Text>
      {/* Only the brand's staff are given the supplier recovery; partners and customers are not. */}
      {d.recovery !== undefined && (
        <Text size="sm">
          {t('case.recovery')}:{' '}
          {d.recovery
            ? `${names.party(d.recovery.supplier)}: ${d.recovery.recoverable ? t('case.recoverableUntil', { date: formatDate(d.recovery.until) }) : t('case.notRecoverable')}${d.recovery.report_by ? ` · ${t('case.reportBy', { date: formatDate(d.recovery.report_by) })}` : ''}`
            : t('case.noRecovery')}
        </Text>
      )}
    </Stack>
  );
}

function Actions({ c, onChange }: { c: CaseView; onChange: (v: CaseView) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [error, setError] = useState<Error | null>(null);
  const [state, setState] = useState<string | null>(c.state);
  const [severity, setSeverity] = useState<string | null>(c.severity);
  const [partner, setPartner] = useState<string | null>(c.servicePartner?.key ?? null);
  const [agent, setAgent] = useState<string | null>(c.assignedUserId);
  const [level, setLevel] = useState<string | null>('supervisor');
  const [partCategory, setPartCategory] = useState('');
  const [cause, setCause] = useState('');
  const [reason, setReason] = useState('');
  const partners = useResource<Page<{ key: string; name: string }>>(
    '/parties?role=service_partner&limit=100',
  );
  const users =
    useResource<Page<{ id: string; name: string; role: string; partyId: string }>>('/users?limit=200');
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      const result = await action();
      if (result && typeof result === 'object' && 'clocks' in result) onChange(result as CaseView);
    } catch (e) {
      setError(e as Error);
    }
  };
  const submit = (action: () => Promise<unknown>) => (e: FormEvent) => {
    e.preventDefault();
    void run(action);
  };
  return (
    <Stack gap="sm">
      <form
        onSubmit={submit(() => post(`/cases/${c.id}/state`, { state }))}
        aria-label={t('case.changeState')}
      >
        <Group align="flex-end">
          <Select
            label={t('case.state')}
            data={['new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'].map((s) => ({
              value: s,
              label: t(`state.${s}`),
            }))}
            value={state}
            onChange={setState}
            allowDeselect={false}
            w={220}
          />
          <Button type="submit" variant="default">
            {t('case.apply')}
          </Button>
        </Group>
      </form>
      <form
        onSubmit={submit(() => post(`/cases/${c.id}/severity`, { severity }))}
        aria-label={t('case.changeSeverity')}
      >
        <Group align="flex-end">
          <Select
            label={t('queue.severity')}
            data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
            value={severity}
            onChange={setSeverity}
            allowDeselect={false}
            w={220}
          />
          <Button type="submit" variant="default">
            {t('case.apply')}
          </Button>
        </Group>
      </form>
      <form
        onSubmit={submit(() =>
          post(`/cases/${c.id}/assignment`, { servicePartner: partner, agentUserId: agent }),
        )}
        aria-label={t('case.assign')}
      >
        <Group align="flex-end">
          <Select
            label={t('case.partner')}
            clearable
            data={(partners.data?.items ?? []).map((p) => ({ value: p.key, label: p.name }))}
            value={partner}
            onChange={setPartner}
            w={260}
          />
          <Select
            label={t('case.agent')}
            clearable
            data={(users.data?.items ?? [])
              .filter((u) => u.role === 'agent' || u.role === 'manager')
              .map((u) => ({ value: u.id, label: u.name }))}
            value={agent}
            onChange={setAgent}
            w={220}
          />
          <Button type="submit">{t('case.assign')}</Button>
        </Group>
      </form>
      <form
        onSubmit={submit(() => post(`/cases/${c.id}/diagnosis`, { partCategory, cause }))}
        aria-label={t('case.diagnosis')}
      >
        <Group align="flex-end">
          {/* Names to choose from, keys sent: the server refuses a category or cause it does not know. */}
          <Select
            label={t('case.partCategory')}
            required
            searchable
            data={Object.keys(PART_CATEGORY_LABELS).map((k) => ({
              value: k,
              label: labels.label(PART_CATEGORY_LABELS, k),
            }))}
            value={partCategory || null}
            onChange={(v) => setPartCategory(v ?? '')}
            w={160}
          />
          <Select
            label={t('case.cause')}
            required
            searchable
            data={Object.keys(FAILURE_CAUSE_LABELS).map((k) => ({
              value: k,
              label: labels.label(FAILURE_CAUSE_LABELS, k),
            }))}
            value={cause || null}
            onChange={(v) => setCause(v ?? '')}
            w={200}
          />
          <Button type="submit" variant="default">
            {t('case.diagnose')}
          </Button>
        </Group>
      </form>
      <form
        onSubmit={submit(async () => {
          await post(`/cases/${c.id}/escalations`, { level, reason });
          setReason('');
        })}
        aria-label={t('case.escalate')}
      >
        <Group align="flex-end">
          <Select
            label={t('case.level')}
            data={['supervisor', 'management', 'legal'].map((l) => ({ value: l, label: t(`level.${l}`) }))}
            value={level}
            onChange={setLevel}
            allowDeselect={false}
            w={160}
          />
          <TextInput
            label={t('case.reason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            w={260}
          />
          <Button type="submit" color="orange" variant="light">
            {t('case.escalate')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error} />
    </Stack>
  );
}

/** A possible duplicate (an earlier open case of the unit) with a way to merge, or where this one went. */
function DuplicateNotice({
  c,
  canMerge,
  onChange,
}: {
  c: CaseView;
  canMerge: boolean;
  onChange: (v: CaseView) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<Error | null>(null);
  if (c.mergedInto) {
    return (
      <Alert color="gray" title={t('case.merged')}>
        {t('case.mergedInto')}{' '}
        <Anchor component={Link} to={`/console/cases/${c.mergedInto.id}`}>
          {c.mergedInto.number}
        </Anchor>
      </Alert>
    );
  }
  const other = c.possibleDuplicateOf;
  if (!other) return null;
  const merge = async () => {
    setError(null);
    try {
      onChange(await post<CaseView>(`/cases/${c.id}/merge`, { into: other.id }));
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Alert color="yellow" title={t('case.possibleDuplicate')}>
      <Stack gap="xs">
        <Text size="sm">
          {t('case.possibleDuplicateOf')}{' '}
          <Anchor component={Link} to={`/console/cases/${other.id}`}>
            {other.number}
          </Anchor>
        </Text>
        {canMerge && (
          <Group>
            <Button size="xs" variant="default" onClick={() => void merge()}>
              {t('case.mergeInto', { number: other.number })}
            </Button>
          </Group>
        )}
        {error && <ErrorAlert error={error} />}
      </Stack>
    </Alert>
  );
}

export function CasePage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { id } = useParams();
  const view = useResource<CaseView>(`/cases/${id}`);
  const activity = useResource<Activity>(`/cases/${id}/activity`);
  useMarkRead(id, activity.data);
  const countdown = useResource<{ items: CountdownItem[] }>(`/cases/countdowns?ids=${id}`);
  const can = usePermissions();
  const [insertion, setInsertion] = useState<{ text: string; seq: number } | null>(null);
  if (view.error) return <ErrorAlert error={view.error} />;
  const c = view.data;
  if (!c) return null;
  const calendarZone = countdown.data?.items.find((x) => x.calendar)?.calendar?.timezone;
  const update = (v: CaseView) => {
    view.setData(v);
    activity.reload();
    countdown.reload();
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={1} size="h2">
            {c.number}
          </Title>
          <StateBadge state={c.state} />
          <Badge variant="outline">{t(`severity.${c.severity}`)}</Badge>
          <Text c="dimmed">
            {t(`kind.${c.kind}`)} · {c.customer.name} ·{' '}
            {c.unit ? (
              <Link to={`/console/units/${encodeURIComponent(c.unit.serial)}`}>{c.unit.serial}</Link>
            ) : (
              '—'
            )}
          </Text>
        </Group>
        {can.staffPages && (
          <Button component="a" href={`/api/v1/cases/${c.id}/dossier`} variant="default" download>
            {t('case.dossier')}
          </Button>
        )}
      </Group>
      <DuplicateNotice c={c} canMerge={can.staffPages} onChange={update} />
      <Section title={t('clock.title')}>
        <Text size="sm">
          {t('case.partnerNow')}: {c.servicePartner?.name ?? t('case.noPartner')}
        </Text>
        <ClockTable clocks={c.clocks} {...(calendarZone ? { calendarZone } : {})} />
      </Section>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Section title={t('case.timeline')}>
              <Text size="sm" c="dimmed">
                {t('case.openedVia', {
                  when: formatInstant(c.openedAt),
                  channel: labels.label(CHANNEL_LABELS, c.channel),
                })}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Text>
              {activity.data && (
                <>
                  <Conversation activity={activity.data} caseId={c.id} />
                  {activity.data.partnerResponses.length > 0 && (
                    <List size="sm">
                      {activity.data.partnerResponses.map((r) => (
                        <List.Item key={`${r.party}${String(r.at)}`}>
                          {formatInstant(r.at)} · {r.party}: {t(`partner.${r.decision}`)}
                          {r.reason ? ` — ${r.reason}` : ''}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </>
              )}
              {can.reply && <ReplyForm caseId={c.id} onSent={update} notes="brand" insertion={insertion} />}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <CaseGuides caseId={c.id} unitId={c.unit?.id ?? null} />
            <Section title={t('attachments.title')}>
              <CaseFiles files={c.attachments ?? []} />
            </Section>
            <Section title={t('case.entitlement')}>
              <EntitlementPanel c={c} />
            </Section>
            {can.staffPages && <CaseQuote caseId={c.id} />}
            {can.caseActions && (
              <Section title={t('case.actions')}>
                <Actions key={String(c.updatedAt)} c={c} onChange={update} />
              </Section>
            )}
            {can.staffPages && (
              <CaseKnowledge
                caseId={c.id}
                onInsert={(text) => setInsertion((prev) => ({ text, seq: (prev?.seq ?? 0) + 1 }))}
              />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

interface EscalationItem {
  id: string;
  caseId: string;
  caseNumber: string;
  level: string;
  trigger: Record<string, unknown>;
  ref: string | null;
  actBy: string | null;
  state: string;
  raisedAt: string;
}

export function EscalationsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const board = useResource<{ items: EscalationItem[] }>('/escalations');
  const can = usePermissions();
  const [error, setError] = useState<Error | null>(null);
  const [resolving, setResolving] = useState<EscalationItem | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      board.reload();
      return true;
    } catch (e) {
      setError(e as Error);
      return false;
    }
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('escalation.title')}
      </Title>
      <ErrorAlert error={board.error ?? error} />
      <Table striped aria-label={t('escalation.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('case.level')}</Table.Th>
            <Table.Th scope="col">{t('queue.case')}</Table.Th>
            <Table.Th scope="col">{t('escalation.trigger')}</Table.Th>
            <Table.Th scope="col">{t('escalation.actBy')}</Table.Th>
            <Table.Th scope="col">{t('case.state')}</Table.Th>
            {can.caseActions && <Table.Th scope="col">{t('case.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {board.data?.items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <Badge color={e.level === 'legal' ? 'red' : e.level === 'management' ? 'orange' : 'yellow'}>
                  {t(`level.${e.level}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/console/cases/${e.caseId}`}>
                  {e.caseNumber}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {labels.trigger(e.trigger)} {e.ref}
              </Table.Td>
              <Table.Td>{formatInstant(e.actBy)}</Table.Td>
              <Table.Td>{t(`escalationState.${e.state}`)}</Table.Td>
              {can.caseActions && (
                <Table.Td>
                  <Group gap={4}>
                    {e.state === 'open' && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => void act(() => post(`/escalations/${e.id}/acknowledge`, {}))}
                      >
                        {t('escalation.acknowledge')}
                      </Button>
                    )}
                    {e.state !== 'resolved' && (
                      <Button size="xs" variant="light" onClick={() => setResolving(e)}>
                        {t('escalation.resolve')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {board.data?.items.length === 0 && <Text c="dimmed">{t('escalation.none')}</Text>}
      <ResolveDialog
        escalation={resolving}
        onClose={() => setResolving(null)}
        onResolve={async (id, resolution) => {
          if (await act(() => post(`/escalations/${id}/resolve`, { resolution }))) setResolving(null);
        }}
      />
    </Stack>
  );
}

/** Asks how an escalation was resolved: a modal dialog (focus kept inside, Escape closes it). */
function ResolveDialog({
  escalation,
  onClose,
  onResolve,
}: {
  escalation: EscalationItem | null;
  onClose: () => void;
  onResolve: (id: string, resolution: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (escalation) setResolution('');
  }, [escalation]);
  return (
    <Modal
      opened={escalation !== null}
      onClose={onClose}
      title={t('escalation.resolveTitle', { number: escalation?.caseNumber ?? '' })}
      trapFocus
      closeOnEscape
      returnFocus
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!escalation || !resolution.trim()) return;
          setBusy(true);
          void onResolve(escalation.id, resolution.trim()).finally(() => setBusy(false));
        }}
      >
        <Stack>
          <Textarea
            label={t('escalation.resolution')}
            required
            autosize
            minRows={3}
            maxLength={5000}
            value={resolution}
            onChange={(e) => setResolution(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('escalation.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!resolution.trim()}>
              {t('escalation.markResolved')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
