import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import { COST_KIND_LABELS } from '../../../src/http/contracts/labels.ts';
import type {
  CostByMonthSchema,
  CostLineSchema,
  StatementSchema,
} from '../../../src/http/contracts/ledger.ts';
import { Section } from '../components.tsx';
import { formatDate } from '../format.ts';
import { useNames, useResource } from '../hooks.ts';
import i18n from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { ListState, localName, money, useRoles } from './engines-common.tsx';

type Statement = Static<typeof StatementSchema>;
type ByMonth = Static<typeof CostByMonthSchema>;
type CostLine = Static<typeof CostLineSchema>;

const COLORS = ['blue.6', 'teal.6', 'orange.6', 'grape.6', 'red.6', 'cyan.6'];

/** The first and last day of the month around a date, as calendar dates. */
function monthOf(d: Date): { from: string; to: string } {
  const y = d.getFullYear();
  const m = d.getMonth();
  const iso = (x: Date) =>
    `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
  return { from: iso(new Date(y, m, 1)), to: iso(new Date(y, m + 1, 0)) };
}

/** "Dec 2026" / "2026年12月" for a month key "2026-12". */
function monthName(month: string): string {
  return new Intl.DateTimeFormat(i18n.language === 'zh' ? 'zh-CN' : 'en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/**
 * A party's statement for a period: totals by kind and by bearer/payee, the lines, a CSV of it,
 * and the cost it bore per month and product. The brand's staff choose the party; anyone else
 * reads their own.
 */
export function LedgerPage() {
  const { t } = useTranslation();
  const { label } = useLabels();
  const known = useNames();
  const { staff, partyKey } = useRoles();
  // A party lists only itself: the names of those it deals with come with its own cost lines.
  const own = useResource<{ items: CostLine[] }>(staff ? null : '/cost-lines?limit=1000');
  const dealtWith = new Map(
    (own.data?.items ?? [])
      .flatMap((l) => [l.bearer, ...(l.payee ? [l.payee] : [])])
      .map((p) => [p.key, p.name]),
  );
  const names = { party: (key: string) => dealtWith.get(key) ?? known.party(key) };
  const parties = useResource<{ items: { key: string; name: string; nameZh: string | null }[] }>(
    staff ? '/parties?limit=500' : null,
  );
  const month = monthOf(new Date());
  const [party, setParty] = useState(partyKey);
  const [from, setFrom] = useState(month.from);
  const [to, setTo] = useState(month.to);
  const [asked, setAsked] = useState({ party: partyKey, from: month.from, to: month.to });
  const query = `party=${encodeURIComponent(asked.party)}&from=${asked.from}&to=${asked.to}`;
  const statement = useResource<Statement>(asked.party ? `/ledger/statement?${query}` : null);
  // The chart looks back a year from the period's end, so a month reads against the ones before.
  const yearFrom = `${Number(asked.to.slice(0, 4)) - 1}-${asked.to.slice(5, 7)}-01`;
  const chart = useResource<ByMonth>(
    asked.party
      ? `/ledger/cost-by-month?party=${encodeURIComponent(asked.party)}&from=${yearFrom}&to=${asked.to}`
      : null,
  );
  const s = statement.data;
  // The chart's axis in the currency most of the cost is in (the demo's is CNY throughout).
  const currency = chart.data?.items[0]?.currency ?? 'CNY';
  const models = [...new Set((chart.data?.items ?? []).map((i) => i.model ?? t('ledger.noProduct')))];
  const months = [...new Set((chart.data?.items ?? []).map((i) => i.month))];
  const chartData = months.map((m) => {
    const row: Record<string, string | number> = { month: monthName(m) };
    for (const model of models) row[model] = 0;
    for (const i of chart.data?.items ?? [])
      if (i.month === m)
        row[i.model ?? t('ledger.noProduct')] =
          (Number(row[i.model ?? t('ledger.noProduct')]) || 0) + i.amountMinor / 100;
    return row;
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('ledger.title')}
      </Title>
      <form
        aria-label={t('ledger.period')}
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ party, from, to });
        }}
      >
        <Group align="flex-end" gap="xs">
          {staff ? (
            <Select
              label={t('ledger.party')}
              searchable
              w={260}
              data={(parties.data?.items ?? []).map((p) => ({ value: p.key, label: localName(p) }))}
              value={party}
              onChange={(v) => setParty(v ?? partyKey)}
            />
          ) : (
            <Text>{names.party(partyKey)}</Text>
          )}
          <TextInput
            label={t('ledger.from')}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            label={t('ledger.to')}
            type="date"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <Button type="submit">{t('ledger.show')}</Button>
        </Group>
      </form>
      <ListState loading={statement.loading} error={statement.error} empty={!s} emptyText="" />
      {s && (
        <>
          <Group justify="space-between">
            <Text fw={600}>
              {names.party(s.party)} · {formatDate(s.from)} – {formatDate(s.to)}
            </Text>
            <Anchor href={`/api/v1/ledger/statement?${query}&format=csv`} download data-testid="csv">
              {t('ledger.csv')}
            </Anchor>
          </Group>
          <Section title={t('ledger.bore')}>
            {s.bore.length === 0 ? (
              <Text c="dimmed">{t('ledger.nothing')}</Text>
            ) : (
              <Table aria-label={t('ledger.bore')} data-testid="bore">
                <Table.Tbody>
                  {s.bore.map((b) => (
                    <Table.Tr key={`${b.kind}${b.currency}`}>
                      <Table.Td>{label(COST_KIND_LABELS, b.kind)}</Table.Td>
                      <Table.Td ta="right">{money(b.amountMinor, b.currency)}</Table.Td>
                      <Table.Td ta="right">{t('ledger.lines', { count: b.lines })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Section>
          <Section title={t('ledger.owedBy')}>
            {s.owedBy.length === 0 && <Text c="dimmed">{t('ledger.nothing')}</Text>}
            {s.owedBy.map((o) => (
              <Text key={`${o.party}${o.currency}`} data-testid="owed-by">
                {names.party(o.party)}: {money(o.amountMinor, o.currency)} ·{' '}
                {t('ledger.lines', { count: o.lines })}
              </Text>
            ))}
          </Section>
          <Section title={t('ledger.owesTo')}>
            {s.owesTo.length === 0 && <Text c="dimmed">{t('ledger.nothing')}</Text>}
            {s.owesTo.map((o) => (
              <Text key={`${o.party}${o.currency}`} data-testid="owes-to">
                {names.party(o.party)}: {money(o.amountMinor, o.currency)} ·{' '}
                {t('ledger.lines', { count: o.lines })}
              </Text>
            ))}
          </Section>
          <Section title={t('ledger.chart')}>
            {chartData.length === 0 ? (
              <Text c="dimmed">{t('ledger.nothing')}</Text>
            ) : (
              <BarChart
                h={240}
                data={chartData}
                dataKey="month"
                type="stacked"
                series={models.map((m, i) => ({ name: m, color: COLORS[i % COLORS.length]! }))}
                aria-label={t('ledger.chart')}
                withLegend
                valueFormatter={(v) => money(Math.round(v * 100), currency)}
              />
            )}
          </Section>
          <Section title={t('ledger.linesTitle')}>
            {s.lines.length === 0 && <Text c="dimmed">{t('ledger.nothing')}</Text>}
            <Table.ScrollContainer minWidth={560}>
              <Table striped aria-label={t('ledger.linesTitle')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('ledger.day')}</Table.Th>
                    <Table.Th>{t('ledger.kind')}</Table.Th>
                    <Table.Th>{t('ledger.case')}</Table.Th>
                    <Table.Th>{t('ledger.bearer')}</Table.Th>
                    <Table.Th>{t('ledger.payee')}</Table.Th>
                    <Table.Th ta="right">{t('ledger.amount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.lines.map((l) => (
                    <Table.Tr key={l.id}>
                      <Table.Td>{formatDate(l.occurredOn)}</Table.Td>
                      <Table.Td>
                        {label(COST_KIND_LABELS, l.kind)}
                        {l.ref ? ` (${l.ref})` : ''}
                      </Table.Td>
                      <Table.Td>{l.caseNumber ?? '—'}</Table.Td>
                      <Table.Td>{names.party(l.bearer)}</Table.Td>
                      <Table.Td>{l.payee ? names.party(l.payee) : '—'}</Table.Td>
                      <Table.Td ta="right">{money(l.amountMinor, l.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Section>
        </>
      )}
    </Stack>
  );
}
