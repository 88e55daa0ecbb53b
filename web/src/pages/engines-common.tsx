import { Badge, Box, Card, Center, Group, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../src/http/contracts/labels.ts';
import { ErrorAlert } from '../components.tsx';
import i18n from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useSession } from '../session.tsx';

/** An amount in minor units as people read it: "¥18,600.00" / "CN¥18,600.00". */
export function money(minor: number, currency: string): string {
  return new Intl.NumberFormat(i18n.language === 'zh' ? 'zh-CN' : 'en-GB', {
    style: 'currency',
    currency,
  }).format(minor / 100);
}

/** Minutes of work in words: "1 h 40 min" / "1小时40分钟". */
export function minutesInWords(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (i18n.language === 'zh') return `${h > 0 ? `${h}小时` : ''}${m > 0 || h === 0 ? `${m}分钟` : ''}`;
  return [h > 0 ? `${h} h` : '', m > 0 || h === 0 ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** A name with its Chinese form, in the reader's language. */
export function localName(x: { name: string; nameZh?: string | null }): string {
  return i18n.language === 'zh' && x.nameZh ? x.nameZh : x.name;
}

/** Loading, the error, or the empty note: what a list shows before or instead of its rows. */
export function ListState({
  loading,
  error,
  empty,
  emptyText,
}: {
  loading: boolean;
  error: Error | null;
  empty: boolean;
  emptyText: string;
}) {
  const { t } = useTranslation();
  if (error) return <ErrorAlert error={error} />;
  if (loading && empty)
    return (
      <Center p="md">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  if (empty)
    return (
      <Text c="dimmed" data-testid="empty">
        {emptyText}
      </Text>
    );
  return null;
}

/** A labelled state badge: the label map gives the words, the colour map the tone. */
export function LabelBadge({
  labels,
  value,
  colors,
}: {
  labels: Readonly<Record<string, Label>>;
  value: string;
  colors?: Record<string, string>;
}) {
  const { label } = useLabels();
  return <Badge color={colors?.[value] ?? 'gray'}>{label(labels, value)}</Badge>;
}

/** A card in a phone-friendly list: the title line, then its details stacked. */
export function RowCard({
  title,
  badge,
  children,
}: {
  title: ReactNode;
  badge?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Card withBorder padding="sm" radius="md" data-testid="row-card">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {title}
        </Text>
        {badge && <Box style={{ flexShrink: 0 }}>{badge}</Box>}
      </Group>
      {children && (
        <Stack gap={2} mt={4}>
          {children}
        </Stack>
      )}
    </Card>
  );
}

/** Who the reader is, as the engines' API guards see it. */
export function useRoles() {
  const { me } = useSession();
  const role = me?.user.role ?? '';
  const home = !!me?.party.home;
  const staff = home && ['admin', 'manager', 'agent', 'counsel'].includes(role);
  return {
    me,
    role,
    staff,
    /** The brand's staff who change records (counsel reads only). */
    staffWriter: staff && role !== 'counsel',
    /** A service partner's people. */
    partner: !home && (role === 'partner' || role === 'technician'),
    partyKey: me?.party.key ?? '',
  };
}

/** A moment as the value of a `datetime-local` input, in the viewer's zone. */
export function localInput(date: Date): string {
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}
