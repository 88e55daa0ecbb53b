export { ErrorAlert } from './error-alert.tsx';

import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatInstant, viewerZone } from './format.ts';
import { useNow } from './hooks.ts';
import { useLabels } from './labels.ts';
import type { CaseFile, Clock } from './types.ts';

const STATE_COLOR: Record<string, string> = {
  new: 'blue',
  in_progress: 'indigo',
  waiting_on_customer: 'yellow',
  resolved: 'green',
  closed: 'gray',
};

export function StateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Badge color={STATE_COLOR[state] ?? 'gray'}>{t(`state.${state}`)}</Badge>;
}

const CLOCK_COLOR: Record<string, string> = {
  running: 'blue',
  paused: 'yellow',
  met: 'green',
  breached: 'red',
};

/**
 * Business time left, counted down live while business time runs (`ticking`), refreshed by the
 * page from the server. Overdue shows in red.
 */
export function Countdown({
  remainingSeconds,
  ticking,
  since,
}: {
  remainingSeconds: number;
  ticking: boolean;
  since: number;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const left = ticking ? remainingSeconds - Math.floor((now - since) / 1000) : remainingSeconds;
  const overdue = left <= 0 && (ticking || remainingSeconds < 0);
  return (
    <Text
      span
      ff="monospace"
      c={overdue ? 'red' : left < 3600 ? 'orange' : undefined}
      fw={600}
      aria-label={
        overdue
          ? t('clock.overdueBy', { time: formatDuration(left) })
          : t('clock.left', { time: formatDuration(left) })
      }
      data-testid="countdown"
    >
      {overdue ? `−${formatDuration(left)}` : formatDuration(left)}
      {!ticking && !overdue && (
        <Text span size="xs" c="dimmed" ml={4}>
          ({t('clock.outsideHours')})
        </Text>
      )}
    </Text>
  );
}

/** The clocks of a case, the customer's promise beside the partner's commitment, in the viewer's zone and the calendar's. */
export function ClockTable({
  clocks,
  calendarZone,
  compact,
}: {
  clocks: Clock[];
  calendarZone?: string;
  /** One party's own clocks: no column for who owes them. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { duration } = useLabels();
  const zone = viewerZone();
  const showCalendarZone = calendarZone && calendarZone !== zone;
  if (clocks.length === 0) return <Text c="dimmed">{t('clock.none')}</Text>;
  return (
    <Table striped aria-label={t('clock.title')}>
      <Table.Thead>
        <Table.Tr>
          {!compact && <Table.Th scope="col">{t('clock.side')}</Table.Th>}
          <Table.Th scope="col">{t('clock.target')}</Table.Th>
          <Table.Th scope="col">{t('clock.due', { zone })}</Table.Th>
          {showCalendarZone && (
            <Table.Th scope="col">{t('clock.dueCalendar', { zone: calendarZone })}</Table.Th>
          )}
          <Table.Th scope="col">{t('clock.status')}</Table.Th>
          <Table.Th scope="col">{t('clock.remaining')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {clocks.map((c) => (
          <Table.Tr key={c.id}>
            {!compact && (
              <Table.Td>
                {t(`clock.${c.side}`)}
                {c.owedByName ? ` · ${c.owedByName}` : ''}
                <Text size="xs" c="dimmed">
                  {t('clock.clause', { version: c.agreement.version, ref: c.ref ?? '' })}
                </Text>
              </Table.Td>
            )}
            <Table.Td>
              {t(`target.${c.target}`)} ({duration(c.duration, c.clock)})
            </Table.Td>
            {c.deadlinePending ? (
              <Table.Td colSpan={showCalendarZone ? 2 : 1}>
                <Text size="sm">
                  {t('clock.pending', {
                    year: c.deadlinePending.year,
                    // The year begins in the calendar's zone: say it there.
                    when: `${formatInstant(c.deadlinePending.notBefore, calendarZone)} (${calendarZone ?? zone})`,
                  })}
                </Text>
              </Table.Td>
            ) : (
              <>
                <Table.Td>{formatInstant(c.dueAt)}</Table.Td>
                {showCalendarZone && <Table.Td>{formatInstant(c.dueAt, calendarZone)}</Table.Td>}
              </>
            )}
            <Table.Td>
              {/* The whole word: a narrow column must not cut "Running" to "Runni…". */}
              <Badge
                color={CLOCK_COLOR[c.status] ?? 'gray'}
                variant="light"
                styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
              >
                {t(`clockStatus.${c.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              {c.status === 'met'
                ? formatInstant(c.stoppedAt)
                : c.status === 'breached'
                  ? `−${formatDuration(c.overdueSeconds)}`
                  : formatDuration(c.remainingSeconds)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {actions}
      </Group>
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

/** Raster photos only: an SVG can carry script, so it is offered as a link, never drawn inline. */
const THUMBNAIL_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * One stored file, previewed by what it is: a photo as a thumbnail that opens larger, a PDF in
 * the browser's viewer in a frame of the stored file (the server serves a PDF framable by our own
 * pages only, and only when its bytes are a PDF), anything else as a download link. HTML and SVG
 * are never drawn or framed: the server sends them as sandboxed downloads whatever was declared.
 */
export function FilePreview({
  file,
  size = 'md',
}: {
  file: { name: string; mediaType: string; href: string };
  size?: 'sm' | 'md';
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const image = THUMBNAIL_TYPES.has(file.mediaType);
  const pdf = file.mediaType === 'application/pdf';
  if (!image && !pdf)
    return (
      <Anchor href={file.href} target="_blank" size="sm" data-testid="file-link">
        📎 {file.name}
      </Anchor>
    );
  const thumb = size === 'sm' ? { maxWidth: 96, maxHeight: 72 } : { maxWidth: 160, maxHeight: 120 };
  return (
    <>
      {image ? (
        <UnstyledButton
          onClick={() => setOpen(true)}
          aria-label={t('attachments.enlarge', { name: file.name })}
          data-testid="file-thumbnail"
        >
          <img
            src={file.href}
            alt={t('attachments.photo', { name: file.name })}
            style={{ ...thumb, display: 'block', borderRadius: 4 }}
          />
        </UnstyledButton>
      ) : (
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => setOpen(true)}
          data-testid="file-pdf"
          style={{ maxWidth: '100%' }}
        >
          📄 {t('attachments.viewPdf', { name: file.name })}
        </Button>
      )}
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={file.name}
        size="xl"
        centered
        closeButtonProps={{ 'aria-label': t('attachments.closeViewer') }}
      >
        <Stack gap="xs">
          {image ? (
            <img
              src={file.href}
              alt={t('attachments.photo', { name: file.name })}
              style={{ maxWidth: '100%', display: 'block', margin: '0 auto' }}
              data-testid="file-large"
            />
          ) : (
            <iframe
              src={file.href}
              title={t('attachments.pdfViewer', { name: file.name })}
              style={{ width: '100%', height: '70vh', border: 0 }}
              data-testid="file-viewer"
            />
          )}
          <Anchor href={file.href} target="_blank" size="sm">
            {t('attachments.openNewTab')}
          </Anchor>
        </Stack>
      </Modal>
    </>
  );
}

/** The files attached to a case: photos as thumbnails, other files as links, with who and when. */
export function CaseFiles({ files }: { files: readonly CaseFile[] }) {
  const { t } = useTranslation();
  if (files.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('attachments.none')}
      </Text>
    );
  return (
    <Group gap="md" align="flex-start">
      {files.map((f) => (
        <Stack
          key={`${f.addedWith}${f.sha256}${String(f.addedAt)}`}
          gap={2}
          maw={200}
          data-testid="case-file"
        >
          <FilePreview file={f} />
          <Text size="xs" c="dimmed">
            {THUMBNAIL_TYPES.has(f.mediaType) ? `${f.name} · ` : ''}
            {t('attachments.size', { size: Math.max(1, Math.round(f.size / 1024)) })}
          </Text>
          <Text size="xs" c="dimmed">
            {t(f.addedWith === 'opening' ? 'attachments.opening' : 'attachments.message')}
            {f.addedBy ? ` ${t('attachments.by', { name: f.addedBy.name, party: f.addedBy.party })}` : ''} ·{' '}
            {formatInstant(f.addedAt)}
          </Text>
        </Stack>
      ))}
    </Group>
  );
}
