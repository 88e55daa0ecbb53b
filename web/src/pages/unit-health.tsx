import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Badge, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ErrorAlert, Section } from '../components.tsx';
import { useResource } from '../hooks.ts';

interface Label {
  en: string;
  zh: string;
}
interface UnitTelemetry {
  serial: string;
  product: string;
  metrics: { key: string; name: Label; unit: string; normal: { low: number; high: number } }[];
  lastSeenAt: string | null;
  latest: Record<string, number>;
  runHours: number | null;
  maintenance: {
    due: boolean;
    by: 'run_hours' | 'months' | null;
    lastOn: string | null;
    dueOn: string | null;
    runHoursSince: number | null;
    runHoursLeft: number | null;
    everyRunHours: number;
    everyMonths: number;
  } | null;
  alarms: {
    at: string;
    code: string;
    meaning: Label;
    partCategory: string;
    guides: { kind: 'article' | 'tree'; key: string; title: Label }[];
  }[];
  rules: { rule: string; caseId: string; caseNumber: string; state: string; fired: number }[];
  series: {
    metric: string;
    step: 'hour' | 'day';
    points: { at: string; avg: number; min: number; max: number }[];
  }[];
}

const RANGES = { '1': 1, '7': 7, '90': 90 } as const;

/** Where a guide opens in this area of the app (trees are walked in the portal only). */
function guidePath(area: string, guide: { kind: 'article' | 'tree'; key: string }): string | undefined {
  const key = encodeURIComponent(guide.key);
  if (guide.kind === 'tree') return area === 'portal' ? `/portal/troubleshoot/${key}` : undefined;
  if (area === 'console') return `/console/kb/read/${key}`;
  if (area === 'portal' || area === 'partner') return `/${area}/kb/${key}`;
  return undefined;
}

/**
 * A unit's health: live values, a chart per metric from the hourly (or daily) rollups with its
 * normal band, the alarms with their meaning, the run hours and maintenance due, and the cases
 * the monitoring rules keep open. The same page in the console, the portal and the partner pages:
 * the server shows it only to those who may see the unit.
 */
export function UnitHealthPage({
  casePath,
  knowledgePath,
}: {
  casePath: (id: string) => string;
  /** Where an alarm code leads: the knowledge base's articles and troubleshooting for it on this model. */
  knowledgePath?: (query: string) => string;
}) {
  const { serial = '' } = useParams();
  const area = useLocation().pathname.split('/')[1] ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const [days, setDays] = useState<keyof typeof RANGES>('1');
  const [now] = useState(() => Date.now());
  const from = new Date(now - RANGES[days] * 86_400_000).toISOString();
  const { data, error } = useResource<UnitTelemetry>(
    `/units/by-serial/${encodeURIComponent(serial)}/telemetry?from=${encodeURIComponent(from)}`,
  );
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const when = (iso: string) => new Date(iso).toLocaleString(locale);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('health.title', { serial })}
      </Title>
      <ErrorAlert error={error} />
      {data && (
        <>
          <Text c="dimmed">
            {data.product} ·{' '}
            {data.lastSeenAt ? t('health.lastSeen', { at: when(data.lastSeenAt) }) : t('health.never')}
          </Text>
          <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }}>
            {data.metrics.map((m) => {
              const v = data.latest[m.key];
              const out = v !== undefined && (v < m.normal.low || v > m.normal.high);
              return (
                <Stack key={m.key} gap={0}>
                  <Text size="sm" c="dimmed">
                    {m.name[lang]}
                  </Text>
                  <Text size="xl" fw={600} c={out ? 'red' : undefined}>
                    {v === undefined ? '—' : `${v} ${m.unit}`}
                  </Text>
                </Stack>
              );
            })}
          </SimpleGrid>
          <Section
            title={t('health.charts')}
            actions={
              <SegmentedControl
                value={days}
                onChange={(v) => setDays(v as keyof typeof RANGES)}
                data={Object.keys(RANGES).map((k) => ({
                  value: k,
                  label: t('health.days', { count: Number(k) }),
                }))}
                aria-label={t('health.range')}
              />
            }
          >
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              {data.series
                .filter((s) => s.metric !== 'run_hours')
                .map((s) => {
                  const m = data.metrics.find((x) => x.key === s.metric)!;
                  return (
                    <Stack key={s.metric} gap={4}>
                      <Text fw={500}>
                        {m.name[lang]} ({m.unit})
                      </Text>
                      {s.points.length === 0 ? (
                        <Text c="dimmed">{t('health.noReadings')}</Text>
                      ) : (
                        <LineChart
                          h={180}
                          data={s.points.map((p) => ({ ...p, at: when(p.at) }))}
                          dataKey="at"
                          series={[
                            { name: 'max', label: t('health.max'), color: 'red.4' },
                            { name: 'avg', label: t('health.avg'), color: 'indigo.6' },
                            { name: 'min', label: t('health.min'), color: 'teal.4' },
                          ]}
                          referenceLines={[
                            { y: m.normal.high, label: t('health.normalHigh'), color: 'gray.5' },
                            { y: m.normal.low, label: t('health.normalLow'), color: 'gray.5' },
                          ]}
                          unit={` ${m.unit}`}
                          withDots={false}
                          aria-label={m.name[lang]}
                        />
                      )}
                    </Stack>
                  );
                })}
            </SimpleGrid>
          </Section>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Section title={t('health.maintenance')}>
              {data.maintenance ? (
                <Stack gap={4}>
                  <Group>
                    <Badge color={data.maintenance.due ? 'red' : 'green'}>
                      {data.maintenance.due ? t('health.due') : t('health.notDue')}
                    </Badge>
                    <Text size="sm">
                      {t('health.every', {
                        hours: data.maintenance.everyRunHours.toLocaleString(locale),
                        months: data.maintenance.everyMonths,
                      })}
                    </Text>
                  </Group>
                  <Text size="sm">
                    {t('health.runHours', { hours: data.runHours?.toLocaleString(locale) ?? '—' })} ·{' '}
                    {t('health.since', {
                      hours: data.maintenance.runHoursSince?.toLocaleString(locale) ?? '—',
                      on: data.maintenance.lastOn ?? '—',
                    })}{' '}
                    · {t('health.dueOn', { on: data.maintenance.dueOn ?? '—' })}
                  </Text>
                </Stack>
              ) : (
                <Text c="dimmed">—</Text>
              )}
            </Section>
            <Section title={t('health.cases')}>
              {data.rules.length === 0 ? (
                <Text c="dimmed">{t('health.noCases')}</Text>
              ) : (
                <Stack gap={4}>
                  {data.rules.map((r) => (
                    <Text key={r.rule} size="sm">
                      <Link to={casePath(r.caseId)}>{r.caseNumber}</Link> · {t(`state.${r.state}`)} ·{' '}
                      {t('health.fired', { count: r.fired })}
                    </Text>
                  ))}
                </Stack>
              )}
            </Section>
          </SimpleGrid>
          <Section title={t('health.alarms')}>
            {data.alarms.length === 0 ? (
              <Text c="dimmed">{t('health.noAlarms')}</Text>
            ) : (
              <Table>
                <Table.Tbody>
                  {data.alarms.map((a) => (
                    <Table.Tr key={`${a.at}-${a.code}`}>
                      <Table.Td>{when(a.at)}</Table.Td>
                      <Table.Td>
                        {knowledgePath ? (
                          <Link
                            to={knowledgePath(
                              new URLSearchParams({ product: data.product, fault: a.code }).toString(),
                            )}
                            title={t('health.troubleshoot', { code: a.code })}
                            aria-label={t('health.troubleshoot', { code: a.code })}
                          >
                            {a.code}
                          </Link>
                        ) : (
                          a.code
                        )}
                      </Table.Td>
                      <Table.Td>{a.meaning[lang]}</Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          {a.guides.map((g) => {
                            const to = guidePath(area, g);
                            const text = t(g.kind === 'tree' ? 'health.guideTree' : 'health.guideArticle', {
                              title: g.title[lang],
                            });
                            return to ? (
                              <Link key={`${g.kind}-${g.key}`} to={to}>
                                {text}
                              </Link>
                            ) : null;
                          })}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Section>
        </>
      )}
    </Stack>
  );
}
