import { Anchor, Badge, Button, FileInput, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NoticeView, SupplierRequestView } from '../../../src/http/contracts/disputes.ts';
import {
  DELIVERY_METHOD_LABELS,
  NOTICE_STATE_LABELS,
  SUPPLIER_REQUEST_STATE_LABELS,
} from '../../../src/http/contracts/labels.ts';
import { post, toAttachment } from '../api.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { formatInstant } from '../format.ts';
import { useLabels } from '../labels.ts';
import { LabelBadge, RowCard } from './engines-common.tsx';

type Message = SupplierRequestView['messages'][number];
type RequestFile = Message['files'][number];

/** Raster photos only: an SVG can carry script, so it is offered as a link, never drawn inline. */
const THUMBNAIL_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The files of a message: photos as thumbnails, other files as links, with their size. */
export function MessageFiles({ files }: { files: readonly RequestFile[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <Group gap="md" align="flex-start">
      {files.map((f) => (
        <Stack key={f.sha256} gap={2} maw={180} data-testid="request-file">
          <Anchor href={f.href} target="_blank" size="sm">
            {THUMBNAIL_TYPES.has(f.mediaType) ? (
              <img
                src={f.href}
                alt={t('attachments.photo', { name: f.name })}
                style={{ maxWidth: 160, maxHeight: 120, display: 'block', borderRadius: 4 }}
              />
            ) : (
              <>📎 {f.name}</>
            )}
          </Anchor>
          <Text size="xs" c="dimmed">
            {THUMBNAIL_TYPES.has(f.mediaType) ? `${f.name} · ` : ''}
            {t('attachments.size', { size: Math.max(1, Math.round(f.size / 1024)) })}
          </Text>
        </Stack>
      ))}
    </Group>
  );
}

/** A message with files: the text and the picked files, sent as one. */
function MessageForm({
  label,
  submit,
  onSent,
}: {
  label: string;
  submit: (body: { body: string; attachments?: unknown[] }) => Promise<unknown>;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setDone(false);
        try {
          const attachments = await Promise.all(files.map(toAttachment));
          await submit({ body, ...(attachments.length > 0 ? { attachments } : {}) });
          setBody('');
          setFiles([]);
          setDone(true);
          onSent();
        } catch (err) {
          setError(err as Error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Textarea
        label={label}
        required
        autosize
        minRows={2}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <FileInput label={t('disputes.files')} multiple clearable value={files} onChange={setFiles} />
      <ErrorAlert error={error} />
      {done && (
        <Text size="sm" c="green" role="status">
          {t('disputes.messageSent')}
        </Text>
      )}
      <Group>
        <Button type="submit" loading={busy} disabled={body.trim() === ''}>
          {t('disputes.send')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * A request with its thread: each message with its files and, for the brand's messages, the
 * supplier's response clock; then the form to write (staff) or answer (the supplier).
 */
export function RequestCard({
  request,
  writeLabel,
  canWrite,
  onChange,
  href,
  startOpen = false,
}: {
  request: SupplierRequestView;
  writeLabel: string;
  canWrite: boolean;
  onChange: () => void;
  /** The request's own page, when there is one. */
  href?: string;
  startOpen?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(startOpen);
  const title = `${request.number} · ${request.subject} · ${request.supplier.name}`;
  return (
    <RowCard
      title={
        href ? (
          <Anchor component={Link} to={href} inherit>
            {title}
          </Anchor>
        ) : (
          title
        )
      }
      badge={
        <LabelBadge
          labels={SUPPLIER_REQUEST_STATE_LABELS}
          value={request.state}
          colors={{ awaiting_supplier: 'yellow', answered: 'green' }}
        />
      }
    >
      <Group gap="sm">
        <Text size="sm">{t('disputes.missed', { count: request.missedResponses })}</Text>
        <Text size="sm" c="dimmed">
          {t('disputes.messagesCount', { count: request.messages.length })}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? t('disputes.hide') : t('disputes.open')}
        </Button>
      </Group>
      {open && (
        <Stack gap="sm" mt="xs">
          {request.messages.map((m) => (
            <MessageItem key={m.id} message={m} supplier={request.supplier.name} />
          ))}
          {canWrite && (
            <MessageForm
              label={writeLabel}
              submit={(body) => post(`/supplier-requests/${request.id}/messages`, body)}
              onSent={onChange}
            />
          )}
        </Stack>
      )}
    </RowCard>
  );
}

function MessageItem({ message: m, supplier }: { message: Message; supplier: string }) {
  const { t } = useTranslation();
  const c = m.responseClock;
  const fromSupplier = m.direction === 'from_supplier';
  return (
    <Stack
      gap={2}
      p="xs"
      data-testid="request-message"
      style={{
        borderLeft: `3px solid ${fromSupplier ? 'var(--mantine-color-green-5)' : 'var(--mantine-color-blue-5)'}`,
      }}
    >
      <Text size="xs" c="dimmed">
        {fromSupplier
          ? t('disputes.from', { party: supplier, at: formatInstant(m.sentAt) })
          : t('disputes.fromUs', { at: formatInstant(m.sentAt) })}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {m.body}
      </Text>
      <MessageFiles files={m.files} />
      {c && (
        <Group gap="xs">
          <Badge
            size="sm"
            color={c.status === 'breached' ? 'red' : c.status === 'stopped' ? 'green' : 'yellow'}
          >
            {t('disputes.responseClock', {
              status: t(`disputes.clock.${c.status}`, { defaultValue: c.status }),
            })}
          </Badge>
          <Text size="xs">{t('disputes.responseDue', { date: formatInstant(c.dueAt) })}</Text>
          {c.late !== null && (
            <Text size="xs" c={c.late ? 'red' : 'green'}>
              {c.late ? t('disputes.answeredLate') : t('disputes.answeredInTime')}
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}

interface NoticeContentView {
  facts: { on: string; text: { en: string; zh: string } }[];
  evidence: unknown[];
  files?: unknown[];
  amount: { text: string; currency: string } | null;
}

/** A notice: its state, when it was sent and how, the cure period's end, the answer, the letter in three forms. */
export function NoticeCard({ notice, children }: { notice: NoticeView; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const { label, language } = useLabels();
  const content = notice.content as NoticeContentView;
  const delivery = notice.delivery as { method: string; carrier?: string; waybill?: string } | null;
  const answer = notice.answer as { text: string; at: string } | null;
  const letter = (format: string) => `/api/v1/notices/${notice.id}/letter?format=${format}`;
  return (
    <RowCard
      title={`${notice.number} · ${notice.to.name}`}
      badge={
        <LabelBadge
          labels={NOTICE_STATE_LABELS}
          value={notice.state}
          colors={{ draft: 'gray', sent: 'yellow', answered: 'green', cure_expired: 'red' }}
        />
      }
    >
      <Text size="sm">
        {t('disputes.evidence', { count: content.evidence.length, files: content.files?.length ?? 0 })}
        {content.amount
          ? ` · ${t('disputes.claimed', { amount: `${content.amount.text} ${content.amount.currency}` })}`
          : ''}
      </Text>
      {content.facts.slice(0, 3).map((f) => (
        <Text size="xs" c="dimmed" key={`${f.on}${f.text.en}`}>
          {f.on}: {f.text[language]}
        </Text>
      ))}
      {notice.sentAt && delivery && (
        <Text size="sm">
          {t('disputes.sentOn', {
            date: formatInstant(notice.sentAt),
            how: [label(DELIVERY_METHOD_LABELS, delivery.method), delivery.carrier, delivery.waybill]
              .filter(Boolean)
              .join(' · '),
          })}
        </Text>
      )}
      {notice.cureDueAt && (
        <Text size="sm">{t('disputes.cureDue', { date: formatInstant(notice.cureDueAt) })}</Text>
      )}
      {answer && (
        <Text size="sm">
          {t('disputes.answeredOn', { date: formatInstant(answer.at), text: answer.text })}
        </Text>
      )}
      <Group gap="sm">
        <Anchor size="sm" href={letter('html')} target="_blank">
          {t('disputes.letter')}
        </Anchor>
        <Anchor size="sm" href={letter('docx')}>
          {t('disputes.word')}
        </Anchor>
        <Anchor size="sm" href={letter('pdf')}>
          {t('disputes.pdf')}
        </Anchor>
      </Group>
      {children}
    </RowCard>
  );
}

/** The addressee's answer to a notice (or staff entering it): it stops the cure-period clock. */
export function NoticeAnswerForm({
  notice,
  onDone,
  label,
}: {
  notice: NoticeView;
  onDone: () => void;
  label: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await post(`/notices/${notice.id}/answer`, { text });
          setText('');
          onDone();
        } catch (err) {
          setError(err as Error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Textarea
        label={label}
        required
        autosize
        minRows={2}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <ErrorAlert error={error} />
      <Group>
        <Button type="submit" loading={busy} disabled={text.trim() === ''}>
          {t('disputes.recordAnswer')}
        </Button>
      </Group>
    </Stack>
  );
}
