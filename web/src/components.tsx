export { ErrorAlert } from './error-alert.tsx';

import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
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
