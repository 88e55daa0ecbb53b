import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ENTRY_TYPE_LABELS } from '../../../src/http/contracts/labels.ts';
import { type Attachment, post, toAttachment } from '../api.ts';
import { CaseFiles, ErrorAlert, FilePreview, Section, StateBadge } from '../components.tsx';
import { formatDate, formatDuration, formatInstant, formatPromise, viewerZone } from '../format.ts';
import { searchHelp } from '../help.ts';
import { useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import type { Activity, CaseView, Countdown as CountdownItem, Page, UnitView, Warranty } from '../types.ts';
import { ArticleSuggestions } from './knowledge.tsx';
import { ReturnSteps, type ReturnStepsView } from './return-steps.tsx';
import { VisitSlots } from './visit-slots.tsx';

const CUSTOMER_KINDS = ['repair', 'field_visit', 'inquiry', 'complaint'] as const;
const URGENCY = ['normal', 'high', 'critical'] as const;

export function NewRequestPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const units = useResource<Page<UnitView>>('/units?limit=100');
  const [serial, setSerial] = useState<string | null>(params.get('serial'));
  const [kind, setKind] = useState<string>('repair');
  const [severity, setSeverity] = useState<string>('normal');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const unit = units.data?.items.find((u) => u.serial === serial) ?? null;
  const suggestions = useMemo(
    () => searchHelp(unit?.product.model ?? null, description),
    [unit, description],
  );
  const zh = i18n.language === 'zh';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const attachments: Attachment[] = await Promise.all(photos.map(toAttachment));
      const opened = await post<CaseView>('/cases', {
        kind,
        severity,
        ...(serial ? { serial } : {}),
        description,
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      navigate(`/portal/requests/${opened.id}?sent=1`);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  return (
    <Stack maw={760}>
      <Title order={1} size="h2">
        {t('request.newTitle')}
      </Title>
      <form onSubmit={submit} aria-label={t('request.newTitle')}>
        <Stack>
          <Select
            label={t('request.unit')}
            placeholder={t('request.unitPlaceholder')}
            data={(units.data?.items ?? []).map((u) => ({
              value: u.serial,
              label: `${u.serial} · ${u.product.name}`,
            }))}
            value={serial}
            onChange={setSerial}
            searchable
            required={kind !== 'inquiry'}
          />
          <Select
            label={t('request.kind')}
            data={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            value={kind}
            onChange={(v) => setKind(v ?? 'repair')}
            allowDeselect={false}
          />
          <Select
            label={t('request.urgency')}
            data={URGENCY.map((s) => ({ value: s, label: t(`urgency.${s}`) }))}
            value={severity}
            onChange={(v) => setSeverity(v ?? 'normal')}
            allowDeselect={false}
          />
          <Textarea
            label={t('request.description')}
            description={t('request.descriptionHint')}
            required
            minRows={4}
            autosize
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <ArticleSuggestions text={description} productModel={unit?.product.model ?? null} />
          {suggestions.length > 0 && (
            <Paper
              withBorder
              p="sm"
              bg="var(--mantine-color-blue-0)"
              aria-live="polite"
              data-testid="help-suggestions"
            >
              <Text fw={600} size="sm" mb={4}>
                {t('request.helpTitle')}
              </Text>
              <List spacing={6} size="sm">
                {suggestions.map((s) => (
                  <List.Item key={s.id}>
                    <Badge size="xs" variant="light" mr={6}>
                      {t(`help.${s.kind}`)}
                    </Badge>
                    <Text span fw={500}>
                      {zh ? s.title.zh : s.title.en}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {zh ? s.body.zh : s.body.en}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Paper>
          )}
          <FileInput
            label={t('request.photos')}
            description={t('request.photosHint')}
            accept="image/*,application/pdf"
            multiple
            clearable
            value={photos}
            onChange={setPhotos}
          />
          <ErrorAlert error={error} />
          <Group>
            <Button type="submit" loading={busy}>
              {t('request.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** Today's date in China, where the terms' windows are counted. */
function todayInChina(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

interface ReturnItem extends ReturnStepsView {
  id: string;
  number: string;
  caseId: string;
  reason: string;
  state: string;
  requestedAt: string;
  decideBy: string | null;
  termsCheck: {
    verdict: string;
    explanation: { en: string; zh: string };
    cites: string[];
    lastDay: string | null;
  };
}

/**
 * A return where the terms allow it, with the windows shown: the request goes to the returns API
 * (issue 7), which checks it against the terms in force and starts the approval clock.
 */
function ReturnPanel({ caseView }: { caseView: CaseView }) {
  const { t, i18n } = useTranslation();
  const serial = caseView.unit?.serial ?? null;
  const warranty = useResource<Warranty>(serial ? `/warranty/${encodeURIComponent(serial)}` : null);
  const existing = useResource<{ items: ReturnItem[] }>(`/returns?case=${caseView.id}`);
  const [confirmed, setConfirmed] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<Error | null>(null);
  const returns = warranty.data?.returns;
  // A return case shows its return's steps; another case offers a return where the terms allow one.
  if (caseView.kind === 'return') {
    if (!existing.data?.items.length) return null;
    return (
      <Section title={t('returns.title')}>
        {existing.data.items.map((r) => (
          <Stack key={r.id} gap={4} data-testid="return">
            <Text size="sm" fw={600}>
              {r.number} · {t(`returnState.${r.state}`, { defaultValue: r.state })}
            </Text>
            <ReturnSteps r={r} />
          </Stack>
        ))}
      </Section>
    );
  }
  if (!serial || !returns || (!returns.noReasonUntil && !returns.replacementUntil)) return null;
  const today = todayInChina();
  const noReason = returns.noReasonUntil !== null && today <= returns.noReasonUntil;
  const replacement = returns.replacementUntil !== null && today <= returns.replacementUntil;
  const zh = i18n.language === 'zh';
  const start = async (reason: 'no_reason' | 'performance_fault') => {
    setError(null);
    try {
      const conditions = Object.fromEntries(returns.conditions.map((c) => [c, confirmed[c] === true]));
      await post(`/cases/${caseView.id}/returns`, { reason, conditions });
      existing.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const open = existing.data?.items ?? [];
  return (
    <Section title={t('returns.title')}>
      <Text size="sm">
        {t('returns.windows', {
          noReason: formatDate(returns.noReasonUntil),
          replacement: formatDate(returns.replacementUntil),
        })}
        {returns.ref ? ` (${returns.ref})` : ''}
      </Text>
      {open.map((r) => (
        <Alert key={r.id} color={r.termsCheck.verdict === 'reject' ? 'gray' : 'green'} data-testid="return">
          <Text size="sm" fw={600}>
            {r.number} · {t(`returnState.${r.state}`, { defaultValue: r.state })}
          </Text>
          <Text size="sm">
            {zh ? r.termsCheck.explanation.zh : r.termsCheck.explanation.en}
            {r.termsCheck.cites.length > 0 ? ` (${r.termsCheck.cites.join(', ')})` : ''}
          </Text>
          {r.decideBy && <Text size="xs">{t('returns.decideBy', { when: formatInstant(r.decideBy) })}</Text>}
          <ReturnSteps r={r} />
        </Alert>
      ))}
      {open.length === 0 &&
        (noReason || replacement ? (
          <Stack gap="xs">
            {returns.conditions.map((c) => (
              <Checkbox
                key={c}
                label={t(`returnCondition.${c}`, { defaultValue: c.replaceAll('_', ' ') })}
                checked={confirmed[c] === true}
                onChange={(e) => setConfirmed({ ...confirmed, [c]: e.currentTarget.checked })}
              />
            ))}
            <Group>
              {noReason && (
                <Button onClick={() => void start('no_reason')}>{t('returns.startNoReason')}</Button>
              )}
              {replacement && (
                <Button variant="light" onClick={() => void start('performance_fault')}>
                  {t('returns.startReplacement')}
                </Button>
              )}
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('returns.closed')}
          </Text>
        ))}
      <ErrorAlert error={error} />
    </Section>
  );
}

/** Once the case's messages are shown, they are read: lists stop marking the case unread. */
export function useMarkRead(caseId: string | undefined, shown: unknown) {
  useEffect(() => {
    if (caseId && shown) void post(`/cases/${caseId}/read`, {}).catch(() => {});
  }, [caseId, shown]);
}

/** What happened besides messages, in words: "State changed: New → In progress · Li Wei". */
function EventLine({ e }: { e: Activity['events'][number] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const moved =
    e.from && e.to
      ? e.type === 'case.state_changed'
        ? `${t(`state.${e.from}`)} → ${t(`state.${e.to}`)}`
        : `${t(`severity.${e.from}`)} → ${t(`severity.${e.to}`)}`
      : null;
  return (
    <Text size="xs" c="dimmed" data-testid="event">
      {formatInstant(e.at)} · {labels.label(ENTRY_TYPE_LABELS, e.type)}
      {moved ? `: ${moved}` : ''}
      {e.detail ? ` (${t(`level.${e.detail}`, { defaultValue: e.detail })})` : ''}
      {e.author ? ` · ${e.author}` : ''}
    </Text>
  );
}

export function Conversation({ activity, caseId }: { activity: Activity; caseId: string }) {
  const { t } = useTranslation();
  const items = [
    ...activity.events.map((e) => ({
      at: String(e.at),
      key: `e${e.seq}`,
      node: <EventLine key={`e${e.seq}`} e={e} />,
    })),
    ...activity.messages.map((m) => ({
      at: String(m.at),
      key: `m${m.id}`,
      node: <MessageCard key={m.id} m={m} caseId={caseId} />,
    })),
    ...activity.visitReports.map((v) => ({
      at: String(v.at),
      key: `v${v.id}`,
      node: (
        <Card key={v.id} withBorder padding="sm" bg="var(--mantine-color-green-0)">
          <Text size="sm" fw={600}>
            {t('visit.reportBy', { party: v.party })} · {formatInstant(v.arrivedAt)}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {v.workDone}
          </Text>
          {v.partsUsed.length > 0 && (
            <Text size="xs" c="dimmed">
              {t('visit.partsUsed')}: {v.partsUsed.map((p) => `${p.partNumber} × ${p.quantity}`).join(', ')}
            </Text>
          )}
          <Group gap="xs" mt={4}>
            <Text size="xs">{t('visit.signedBy', { name: v.signedBy })}</Text>
            <img
              src={`/api/v1/cases/${caseId}/files/${v.signatureSha256}`}
              alt={t('visit.signatureOf', { name: v.signedBy })}
              height={40}
            />
            {v.photos.map((p) => (
              <Anchor
                key={p.sha256}
                href={`/api/v1/cases/${caseId}/files/${p.sha256}`}
                target="_blank"
                size="xs"
              >
                {p.name}
              </Anchor>
            ))}
          </Group>
        </Card>
      ),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (items.length === 0) return <Text c="dimmed">{t('request.noMessages')}</Text>;
  return <Stack gap="xs">{items.map((i) => i.node)}</Stack>;
}

function MessageCard({ m, caseId }: { m: Activity['messages'][number]; caseId: string }) {
  const { t } = useTranslation();
  return (
    <Card
      withBorder
      padding="sm"
      bg={
        m.visibility === 'brand'
          ? 'var(--mantine-color-orange-0)'
          : m.visibility === 'internal'
            ? 'var(--mantine-color-yellow-0)'
            : m.direction === 'out'
              ? 'var(--mantine-color-indigo-0)'
              : undefined
      }
      data-testid="message"
    >
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {m.author ? `${m.author.name} · ${m.author.party}` : t('request.system')}
          {m.visibility !== 'public' && (
            <Badge size="xs" color={m.visibility === 'brand' ? 'orange' : 'yellow'} ml={6}>
              {t(m.visibility === 'brand' ? 'request.brandOnly' : 'request.internal')}
            </Badge>
          )}
        </Text>
        <Text size="xs" c="dimmed">
          {formatInstant(m.at)}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {m.body}
      </Text>
      {m.attachments.length > 0 && (
        <Group gap="xs" align="flex-start" data-testid="message-files">
          {m.attachments.map((a) => (
            <FilePreview
              key={a.sha256}
              size="sm"
              file={{ ...a, href: `/api/v1/cases/${caseId}/files/${a.sha256}` }}
            />
          ))}
        </Group>
      )}
    </Card>
  );
}

type Visibility = Activity['messages'][number]['visibility'];

/** The brand's saved replies, filled in for the case; picking one puts its text into the reply. */
function CannedReplyPicker({ caseId, onPick }: { caseId: string; onPick: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const replies = useResource<{
    items: { id: string; title: string; language: string; filled: string | null }[];
  }>(`/canned-replies?case=${caseId}`);
  const items = replies.data?.items ?? [];
  if (items.length === 0) return null;
  // The reader's language first.
  const ordered = [...items].sort(
    (a, b) => Number(b.language === i18n.language) - Number(a.language === i18n.language),
  );
  return (
    <Select
      label={t('request.cannedReply')}
      placeholder={t('request.cannedReplyPick')}
      data={ordered.map((r) => ({
        value: r.id,
        label: `${r.title} (${r.language === 'zh' ? '中文' : 'English'})`,
      }))}
      value={null}
      onChange={(id) => {
        const picked = items.find((r) => r.id === id);
        if (picked?.filled) onPick(picked.filled);
      }}
      searchable
      w={360}
    />
  );
}

export function ReplyForm({
  caseId,
  onSent,
  notes,
  insertion,
}: {
  caseId: string;
  onSent: (view: CaseView) => void;
  /** Which notes the writer may add besides replies: the partner's shared notes, or the brand's too. */
  notes?: 'partner' | 'brand';
  /** Text put into the reply from outside (an article the agent inserts); `seq` tells repeats apart. */
  insertion?: { text: string; seq: number } | null;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  useEffect(() => {
    if (insertion) setBody((b) => (b.trim() === '' ? insertion.text : `${b}\n\n${insertion.text}`));
  }, [insertion]);
  const [files, setFiles] = useState<File[]>([]);
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const attachments = await Promise.all(files.map(toAttachment));
      const view = await post<CaseView>(`/cases/${caseId}/messages`, {
        body,
        visibility,
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      setBody('');
      setFiles([]);
      onSent(view);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={t('request.reply')}>
      <Stack gap="xs">
        <Textarea
          label={t('request.yourMessage')}
          required
          minRows={3}
          autosize
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <FileInput
          label={t('request.attach')}
          multiple
          clearable
          value={files}
          onChange={setFiles}
          accept="image/*,application/pdf"
        />
        {notes === 'brand' && (
          <CannedReplyPicker
            caseId={caseId}
            onPick={(text) => setBody((b) => (b.trim() === '' ? text : `${b}\n\n${text}`))}
          />
        )}
        {notes && (
          <Select
            label={t('request.visibility')}
            data={[
              { value: 'public', label: t('request.public') },
              { value: 'internal', label: t('request.internalNote') },
              ...(notes === 'brand' ? [{ value: 'brand', label: t('request.brandNote') }] : []),
            ]}
            value={visibility}
            onChange={(v) => setVisibility((v as Visibility | null) ?? 'public')}
            allowDeselect={false}
            w={320}
          />
        )}
        <ErrorAlert error={error} />
        <Group>
          <Button type="submit" loading={busy}>
            {visibility === 'public' ? t('request.send') : t('request.addNote')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RequestPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const view = useResource<CaseView>(`/cases/${id}`);
  const activity = useResource<Activity>(`/cases/${id}/activity`);
  useMarkRead(id, activity.data);
  const countdowns = useResource<{ items: CountdownItem[] }>(`/cases/countdowns?ids=${id}`);
  if (view.error) return <ErrorAlert error={view.error} />;
  const c = view.data;
  if (!c) return null;
  // Where the business calendar keeps another time zone than the viewer's, the promise says both.
  const calendarZone = countdowns.data?.items.find((x) => x.calendar)?.calendar?.timezone;
  const otherZone = calendarZone && calendarZone !== viewerZone() ? calendarZone : null;
  const promise = c.clocks.find((k) => k.side === 'promise' && k.target === 'response');
  const resolution = c.clocks.find((k) => k.side === 'promise' && k.target === 'resolution');
  const zh = i18n.language === 'zh';
  return (
    <Stack maw={860}>
      <Group>
        <Title order={1} size="h2">
          {t('request.title', { number: c.number })}
        </Title>
        <StateBadge state={c.state} />
      </Group>
      {params.get('sent') && (
        <Alert color="green" role="status" title={t('request.sentTitle')}>
          {t('request.sent')}
        </Alert>
      )}
      {promise && (
        <Alert color={promise.status === 'met' ? 'green' : 'blue'} data-testid="promise" role="status">
          {promise.status === 'met'
            ? t('request.answered', { when: formatInstant(promise.stoppedAt) })
            : promise.dueAt
              ? t('request.promise', { when: formatPromise(promise.dueAt) })
              : promise.deadlinePending
                ? t('request.promisePending', {
                    time: formatDuration(promise.remainingSeconds),
                    year: promise.deadlinePending.year,
                  })
                : t('request.promisePaused')}
          {promise.status !== 'met' && promise.dueAt && otherZone && (
            <Text span size="sm" c="dimmed">
              {' '}
              {t('request.inZone', { when: formatPromise(promise.dueAt, otherZone), zone: otherZone })}
            </Text>
          )}
          {resolution?.dueAt && resolution.status !== 'met' && (
            <Text size="sm">{t('request.resolutionPromise', { when: formatInstant(resolution.dueAt) })}</Text>
          )}
          {resolution?.deadlinePending && resolution.status !== 'met' && (
            <Text size="sm">
              {t('request.resolutionPending', {
                time: formatDuration(resolution.remainingSeconds),
                year: resolution.deadlinePending.year,
              })}
            </Text>
          )}
        </Alert>
      )}
      <VisitSlots caseId={c.id} />
      <Section title={t('request.details')}>
        <Text size="sm">
          {t(`kind.${c.kind}`)} · {c.unit?.serial ?? '—'} ·{' '}
          {t('request.openedAt', { when: formatInstant(c.openedAt) })}
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Text>
        {c.decision && (
          <Text size="sm" c={c.decision.covered ? 'green' : 'dimmed'}>
            {c.decision.covered ? t('request.covered') : t('request.notCovered')}:{' '}
            {zh ? c.decision.explanation.zh : c.decision.explanation.en}
            {c.decision.cites.length > 0 ? ` (${c.decision.cites.join(', ')})` : ''}
          </Text>
        )}
      </Section>
      {(c.attachments ?? []).length > 0 && (
        <Section title={t('attachments.title')}>
          <CaseFiles files={c.attachments ?? []} />
        </Section>
      )}
      <Section title={t('request.conversation')}>
        <ErrorAlert error={activity.error} />
        {activity.data && <Conversation activity={activity.data} caseId={c.id} />}
        {c.state !== 'closed' && (
          <ReplyForm
            caseId={c.id}
            onSent={(v) => {
              view.setData(v);
              activity.reload();
            }}
          />
        )}
      </Section>
      <ReturnPanel caseView={c} />
      <Anchor component={Link} to="/portal">
        {t('common.back')}
      </Anchor>
    </Stack>
  );
}
