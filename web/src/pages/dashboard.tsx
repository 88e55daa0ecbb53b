import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Section } from '../components.tsx';
import { useNames, useResource } from '../hooks.ts';
import { SatisfactionSections } from './troubleshoot.tsx';

interface Dashboard {
  slaByWeek: { week: string; met: number; breached: number; attainment: number | null }[];
  slaByPartner: { partner: string; met: number; breached: number; attainment: number | null }[];
  openByRemaining: { bucket: string; cases: number }[];
  repeatFailures: { product: string; units: number }[];
  repeatUnits: { serial: string; product: string; cases: number }[];
  costByProduct: { product: string; currency: string; amountMinor: string }[];
  costByBearer: { bearer: string; currency: string; amountMinor: string }[];
}

/** Minor units (exact, as text) to a number of major units for drawing, and to text for reading. */
function money(amountMinor: string, currency: string, locale: string) {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const value = Number(BigInt(amountMinor)) / 10 ** digits;
  return { value, text: format.format(value) };
}

function CostChart({
  rows,
  label,
}: {
  rows: { key: string; currency: string; amountMinor: string }[];
  label: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'zh' ? 'zh-CN' : 'en-GB';
  if (rows.length === 0) return <Text c="dimmed">{t('dashboard.noCost')}</Text>;
  const currencies = [...new Set(rows.map((r) => r.currency))];
  const keys = [...new Set(rows.map((r) => r.key))];
  const data = keys.map((key) => {
    const row: Record<string, string | number> = { key };
    for (const c of currencies) {
      const r = rows.find((x) => x.key === key && x.currency === c);
      row[c] = r ? money(r.amountMinor, c, locale).value : 0;
    }
    return row;
  });
  const colors = ['indigo.6', 'teal.6', 'orange.6', 'grape.6'];
  return (
    <>
      <BarChart
        h={220}
        data={data}
        dataKey="key"
        series={currencies.map((c, i) => ({ name: c, color: colors[i % colors.length]! }))}
        aria-label={label}
      />
      <FiguresTable
        caption={t('dashboard.figures')}
        rows={rows.map((r) => [r.key, money(r.amountMinor, r.currency, locale).text])}
      />
    </>
  );
}

/** A chart's numbers as a table too, for screen readers and for people who want the figures. */
function FiguresTable({ caption, rows }: { caption: string; rows: (string | number | null)[][] }) {
  return (
    <details>
      <summary>
        <Text span size="xs" c="dimmed">
          {caption}
        </Text>
      </summary>
      <Table aria-label={caption}>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={String(r[0])}>
              {r.map((cell, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed row
                <Table.Td key={i}>{cell ?? '—'}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </details>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const data = useResource<Dashboard>('/dashboard/service');
  const names = useNames();
  const d = data.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('dashboard.title')}
      </Title>
      <ErrorAlert error={data.error} />
      {d && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Section title={t('dashboard.slaByWeek')}>
            <LineChart
              h={220}
              data={d.slaByWeek.map((w) => ({ ...w, attainment: w.attainment ?? undefined }))}
              dataKey="week"
              series={[{ name: 'attainment', label: t('dashboard.attainment'), color: 'indigo.6' }]}
              yAxisProps={{ domain: [0, 100] }}
              unit="%"
              connectNulls
              aria-label={t('dashboard.slaByWeek')}
            />
            <FiguresTable
              caption={t('dashboard.figures')}
              rows={d.slaByWeek.map((w) => [
                w.week,
                `${t('dashboard.met')} ${w.met}`,
                `${t('dashboard.breached')} ${w.breached}`,
                w.attainment === null ? null : `${w.attainment}%`,
              ])}
            />
          </Section>
          <Section title={t('dashboard.slaByPartner')}>
            {d.slaByPartner.length === 0 ? (
              <Text c="dimmed">{t('dashboard.noData')}</Text>
            ) : (
              <BarChart
                h={220}
                data={d.slaByPartner.map((p) => ({ ...p, partner: names.party(p.partner) }))}
                dataKey="partner"
                type="stacked"
                series={[
                  { name: 'met', label: t('dashboard.met'), color: 'teal.6' },
                  { name: 'breached', label: t('dashboard.breached'), color: 'red.6' },
                ]}
                aria-label={t('dashboard.slaByPartner')}
              />
            )}
            <FiguresTable
              caption={t('dashboard.figures')}
              rows={d.slaByPartner.map((p) => [
                names.party(p.partner),
                p.met,
                p.breached,
                p.attainment === null ? null : `${p.attainment}%`,
              ])}
            />
          </Section>
          <Section title={t('dashboard.openByRemaining')}>
            <BarChart
              h={220}
              data={d.openByRemaining.map((b) => ({ ...b, label: t(`bucket.${b.bucket}`) }))}
              dataKey="label"
              series={[{ name: 'cases', label: t('dashboard.cases'), color: 'blue.6' }]}
              aria-label={t('dashboard.openByRemaining')}
            />
            <FiguresTable
              caption={t('dashboard.figures')}
              rows={d.openByRemaining.map((b) => [t(`bucket.${b.bucket}`), b.cases])}
            />
          </Section>
          <Section title={t('dashboard.repeatFailures')}>
            {d.repeatFailures.length === 0 ? (
              <Text c="dimmed">{t('dashboard.noRepeat')}</Text>
            ) : (
              <BarChart
                h={220}
                data={d.repeatFailures}
                dataKey="product"
                series={[{ name: 'units', label: t('dashboard.units'), color: 'orange.6' }]}
                aria-label={t('dashboard.repeatFailures')}
              />
            )}
            <FiguresTable
              caption={t('dashboard.worstUnits')}
              rows={d.repeatUnits.map((u) => [u.serial, u.product, u.cases])}
            />
          </Section>
          <Section title={t('dashboard.costByProduct')}>
            <CostChart
              label={t('dashboard.costByProduct')}
              rows={d.costByProduct.map((r) => ({
                key: r.product,
                currency: r.currency,
                amountMinor: r.amountMinor,
              }))}
            />
          </Section>
          <Section title={t('dashboard.costByBearer')}>
            <CostChart
              label={t('dashboard.costByBearer')}
              rows={d.costByBearer.map((r) => ({
                key: names.party(r.bearer),
                currency: r.currency,
                amountMinor: r.amountMinor,
              }))}
            />
          </Section>
          <SatisfactionSections />
        </SimpleGrid>
      )}
    </Stack>
  );
}
