import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { PartResponse } from '../../../src/http/contracts/parts.ts';
import type {
  PlanOffersSchema,
  PlanSchema,
  PriceListSchema,
} from '../../../src/http/contracts/service-contracts.ts';
import { api } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { useResource } from '../hooks.ts';
import type { Page } from '../types.ts';
import { amount, PriceAndCurrency, useBilingual } from './contracts-common.tsx';
import { ListState, localName, RowCard, useRoles } from './engines-common.tsx';

type PriceList = Static<typeof PriceListSchema>;
type Plan = Static<typeof PlanSchema>;
type Offers = Static<typeof PlanOffersSchema>;

/** One line of the price list being edited: the price and rate as typed, the rest as published. */
interface Row {
  key: string;
  kind: string;
  name: { en: string; zh: string };
  per: string;
  price: string | number;
  currency: string;
  taxRatePercent: string | number;
}

/** A form's submit: clears the last error, keeps the new one to show in words. */
function useSubmit() {
  const [error, setError] = useState<Error | null>(null);
  const run = async (event: FormEvent | null, action: () => Promise<void>) => {
    event?.preventDefault();
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e as Error);
    }
  };
  return { error, run };
}

/** A decimal as the API takes it ("380.00"): the number inputs give numbers. */
const decimal = (v: string | number) => (typeof v === 'number' ? v.toFixed(2) : v.trim());

/**
 * The published customer price list (`/console/prices`): each line by its name (a part's from the
 * parts catalogue, with its number), price, currency and VAT rate; prices changed and parts of the
 * catalogue added, then published in one PUT (lines not sent stay as they were).
 */
export function PricesPage() {
  const { t } = useTranslation();
  const bi = useBilingual();
  const { staffWriter } = useRoles();
  const prices = useResource<PriceList>('/prices');
  const parts = useResource<{ items: PartResponse[] }>('/parts');
  const [rows, setRows] = useState<Row[]>([]);
  const [adding, setAdding] = useState({
    part: null as string | null,
    price: '' as string | number,
    rate: 13 as string | number,
  });
  const [done, setDone] = useState('');
  const save = useSubmit();
  const add = useSubmit();
  useEffect(() => {
    if (prices.data) setRows(prices.data.items.map((i) => ({ ...i })));
  }, [prices.data]);
  const catalogue = new Map((parts.data?.items ?? []).map((p) => [p.partNumber, p]));
  // A part reads by its catalogue name in the reader's language; the list's own name otherwise.
  const nameOf = (r: Row) => {
    const part = r.kind === 'part' ? catalogue.get(r.key) : undefined;
    return part ? localName(part) : bi(r.name);
  };
  // A part added here is not published yet: the API has not named its kind and unit.
  const kindOf = (r: Row) => {
    const published = prices.data?.items.find((i) => i.key === r.key);
    return published ? `${bi(published.kindName)} · ${bi(published.perName)}` : t('pricesDesk.newPart');
  };
  const listed = new Set(rows.map((r) => r.key));
  const addable = (parts.data?.items ?? []).filter((p) => !listed.has(p.partNumber));
  const setRow = (key: string, field: 'price' | 'taxRatePercent') => (v: string | number) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: v } : r)));
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        {t('pricesDesk.title')}
      </Title>
      <Text c="dimmed">{t('pricesDesk.intro')}</Text>
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      <Section title={t('pricesDesk.list')}>
        <ListState
          loading={prices.loading}
          error={prices.error}
          empty={rows.length === 0}
          emptyText={t('pricesDesk.empty')}
        />
        {rows.length > 0 && (
          <form
            aria-label={t('pricesDesk.list')}
            onSubmit={(e) =>
              void save.run(e, async () => {
                const saved = await api<PriceList>('PUT', '/prices', {
                  items: rows.map((r) => {
                    const part = r.kind === 'part' ? catalogue.get(r.key) : undefined;
                    return {
                      key: r.key,
                      kind: r.kind,
                      name: part?.name ?? r.name.en,
                      nameZh: part ? (part.nameZh ?? part.name) : r.name.zh,
                      per: r.per,
                      price: decimal(r.price),
                      currency: r.currency,
                      taxRatePercent: Number(r.taxRatePercent),
                    };
                  }),
                });
                prices.setData(saved);
                setDone(t('pricesDesk.saved', { count: saved.items.length }));
              })
            }
          >
            <Stack gap="xs">
              <Table.ScrollContainer minWidth={640}>
                <Table fz="sm" aria-label={t('pricesDesk.list')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('pricesDesk.item')}</Table.Th>
                      <Table.Th scope="col">{t('pricesDesk.kind')}</Table.Th>
                      <Table.Th scope="col">{t('pricesDesk.price')}</Table.Th>
                      <Table.Th scope="col">{t('pricesDesk.currency')}</Table.Th>
                      <Table.Th scope="col">{t('pricesDesk.rate')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => {
                      const name = nameOf(r);
                      return (
                        <Table.Tr key={r.key} data-price={r.key}>
                          <Table.Td>
                            <Text size="sm">{name}</Text>
                            {r.kind === 'part' && (
                              <Text size="xs" c="dimmed">
                                {t('pricesDesk.partNumber', { number: r.key })}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>{kindOf(r)}</Table.Td>
                          <Table.Td>
                            {staffWriter ? (
                              <NumberInput
                                size="xs"
                                aria-label={t('pricesDesk.priceOf', { name })}
                                min={0}
                                decimalScale={2}
                                value={r.price}
                                onChange={setRow(r.key, 'price')}
                              />
                            ) : (
                              amount(String(r.price), r.currency)
                            )}
                          </Table.Td>
                          <Table.Td>{r.currency}</Table.Td>
                          <Table.Td>
                            {staffWriter ? (
                              <NumberInput
                                size="xs"
                                aria-label={t('pricesDesk.rateOf', { name })}
                                min={0}
                                max={100}
                                allowDecimal={false}
                                suffix=" %"
                                value={r.taxRatePercent}
                                onChange={setRow(r.key, 'taxRatePercent')}
                              />
                            ) : (
                              `${r.taxRatePercent} %`
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <ErrorAlert error={save.error} />
              {staffWriter && (
                <Button type="submit" w="fit-content">
                  {t('pricesDesk.save')}
                </Button>
              )}
            </Stack>
          </form>
        )}
      </Section>
      {staffWriter && (
        <Section title={t('pricesDesk.add')}>
          <form
            aria-label={t('pricesDesk.add')}
            onSubmit={(e) =>
              void add.run(e, async () => {
                const part = adding.part ? catalogue.get(adding.part) : undefined;
                if (!part) return;
                // Added to the list being edited; published with the others by Save.
                setRows((rs) => [
                  ...rs,
                  {
                    key: part.partNumber,
                    kind: 'part',
                    name: { en: part.name, zh: part.nameZh ?? part.name },
                    per: 'piece',
                    price: adding.price,
                    currency: rs[0]?.currency ?? 'CNY',
                    taxRatePercent: adding.rate,
                  },
                ]);
                setAdding({ part: null, price: '', rate: 13 });
                setDone(t('pricesDesk.added', { name: localName(part) }));
              })
            }
          >
            <Group align="flex-end" grow>
              <Select
                label={t('pricesDesk.part')}
                required
                searchable
                data={addable.map((p) => ({
                  value: p.partNumber,
                  label: `${localName(p)} · ${p.partNumber}`,
                }))}
                value={adding.part}
                onChange={(v) => setAdding((a) => ({ ...a, part: v }))}
              />
              <NumberInput
                label={t('pricesDesk.price')}
                required
                min={0}
                decimalScale={2}
                value={adding.price}
                onChange={(v) => setAdding((a) => ({ ...a, price: v }))}
              />
              <NumberInput
                label={t('pricesDesk.rate')}
                required
                min={0}
                max={100}
                allowDecimal={false}
                value={adding.rate}
                onChange={(v) => setAdding((a) => ({ ...a, rate: v }))}
              />
              <Button type="submit">{t('pricesDesk.addButton')}</Button>
            </Group>
          </form>
          <ErrorAlert error={add.error ?? parts.error} />
        </Section>
      )}
    </Stack>
  );
}

const emptyPlan = {
  key: '',
  agreement: null as string | null,
  product: null as string | null,
  termMonths: 12 as string | number,
  price: '' as string | number,
  currency: 'CNY',
  incidents: '' as string | number,
  refundRule: 'pro_rata' as string | null,
  name: '',
  nameZh: '',
};

/**
 * Plans on sale (`/console/plans`): an extended warranty or service plan per product — the agreement
 * it sells (by its title), the term in months, the price, the repairs included, the refund on
 * cancellation and its names in English and Chinese. Saving a plan's key again changes it.
 */
export function PlansPage() {
  const { t } = useTranslation();
  const bi = useBilingual();
  const { staffWriter } = useRoles();
  const agreements = useResource<{ items: { id: string; title: string }[] }>('/agreements');
  const products =
    useResource<Page<{ model: string; name: string; nameZh: string | null }>>('/products?limit=100');
  const [form, setForm] = useState(emptyPlan);
  const plans = useResource<{ items: Plan[] }>('/plans');
  const [done, setDone] = useState('');
  const [filter, setFilter] = useState('');
  const [serial, setSerial] = useState('');
  const offers = useResource<Offers>(serial ? `/plans/offers/${encodeURIComponent(serial)}` : null);
  const submit = useSubmit();
  const set = (k: keyof typeof emptyPlan) => (v: unknown) => setForm((f) => ({ ...f, [k]: v }));
  const titleOf = (id: string) => agreements.data?.items.find((a) => a.id === id)?.title ?? id;
  const productOf = (model: string) => {
    const p = products.data?.items.find((x) => x.model === model);
    return p ? `${p.model} · ${localName(p)}` : model;
  };
  const edit = (p: Plan) =>
    setForm({
      key: p.key,
      agreement: p.agreement,
      product: p.product,
      termMonths: p.termMonths,
      price: p.price,
      currency: p.currency,
      incidents: p.incidents ?? '',
      refundRule: p.refundRule,
      name: p.name.en,
      nameZh: p.name.zh,
    });
  const card = (p: Plan) => (
    <RowCard key={p.key} title={bi(p.name)}>
      <Text size="sm">
        {t('plansDesk.line', {
          agreement: titleOf(p.agreement),
          product: productOf(p.product),
          months: p.termMonths,
          price: amount(p.price, p.currency),
        })}
      </Text>
      <Text size="sm">
        {p.incidents === null ? t('plansDesk.noLimit') : t('plansDesk.incidentsLine', { count: p.incidents })}{' '}
        · {bi(p.refundRuleName)}
      </Text>
      {staffWriter && (
        <Button
          size="xs"
          variant="light"
          w="fit-content"
          aria-label={t('plansDesk.editNamed', { name: bi(p.name) })}
          onClick={() => edit(p)}
        >
          {t('plansDesk.edit')}
        </Button>
      )}
    </RowCard>
  );
  return (
    <Stack maw={860}>
      <Title order={1} size="h2">
        {t('plansDesk.title')}
      </Title>
      <Text c="dimmed">{t('plansDesk.intro')}</Text>
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      {staffWriter && (
        <Section title={t('plansDesk.define')}>
          <form
            aria-label={t('plansDesk.define')}
            onSubmit={(e) =>
              void submit.run(e, async () => {
                const p = await api<Plan>('PUT', '/plans', {
                  key: form.key.trim(),
                  agreement: form.agreement,
                  product: form.product,
                  termMonths: Number(form.termMonths),
                  price: decimal(form.price),
                  currency: form.currency,
                  ...(form.incidents !== '' ? { incidents: Number(form.incidents) } : {}),
                  refundRule: form.refundRule,
                  name: form.name.trim(),
                  nameZh: form.nameZh.trim(),
                });
                plans.reload();
                setDone(t('plansDesk.saved', { name: bi(p.name), price: amount(p.price, p.currency) }));
                setForm(emptyPlan);
                offers.reload();
              })
            }
          >
            <Stack gap="xs">
              <Group grow align="flex-start">
                <TextInput
                  label={t('plansDesk.key')}
                  description={t('plansDesk.keyHelp')}
                  required
                  value={form.key}
                  onChange={(e) => set('key')(e.currentTarget.value)}
                />
                <Select
                  label={t('plansDesk.agreement')}
                  required
                  searchable
                  data={(agreements.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
                  value={form.agreement}
                  onChange={set('agreement')}
                />
              </Group>
              <Group grow align="flex-start">
                <Select
                  label={t('plansDesk.product')}
                  required
                  searchable
                  data={(products.data?.items ?? []).map((p) => ({
                    value: p.model,
                    label: `${p.model} · ${localName(p)}`,
                  }))}
                  value={form.product}
                  onChange={set('product')}
                />
                <NumberInput
                  label={t('plansDesk.termMonths')}
                  required
                  min={1}
                  max={120}
                  allowDecimal={false}
                  value={form.termMonths}
                  onChange={set('termMonths')}
                />
              </Group>
              <PriceAndCurrency
                price={form.price}
                currency={form.currency}
                onPrice={set('price')}
                onCurrency={set('currency')}
              />
              <Group grow align="flex-start">
                <NumberInput
                  label={t('plansDesk.incidents')}
                  min={1}
                  allowDecimal={false}
                  value={form.incidents}
                  onChange={set('incidents')}
                />
                <Select
                  label={t('plansDesk.refundRule')}
                  required
                  allowDeselect={false}
                  data={[
                    { value: 'pro_rata', label: t('plansDesk.proRata') },
                    { value: 'none', label: t('plansDesk.noRefund') },
                  ]}
                  value={form.refundRule}
                  onChange={set('refundRule')}
                />
              </Group>
              <Group grow align="flex-start">
                <TextInput
                  label={t('plansDesk.name')}
                  required
                  value={form.name}
                  onChange={(e) => set('name')(e.currentTarget.value)}
                />
                <TextInput
                  label={t('plansDesk.nameZh')}
                  required
                  value={form.nameZh}
                  onChange={(e) => set('nameZh')(e.currentTarget.value)}
                />
              </Group>
              <ErrorAlert error={submit.error} />
              <Button type="submit" w="fit-content">
                {t('plansDesk.save')}
              </Button>
            </Stack>
          </form>
        </Section>
      )}
      <Section title={t('plansDesk.onSale')}>
        <ListState
          loading={plans.loading}
          error={plans.error}
          empty={(plans.data?.items ?? []).length === 0}
          emptyText={t('plansDesk.noneOnSale')}
        />
        <Stack gap="xs">{(plans.data?.items ?? []).map(card)}</Stack>
      </Section>
      <Section title={t('plansDesk.forUnit')}>
        <form
          aria-label={t('plansDesk.forUnit')}
          onSubmit={(e) => {
            e.preventDefault();
            setSerial(filter.trim());
          }}
        >
          <Group align="flex-end">
            <TextInput
              label={t('plansDesk.serial')}
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
            />
            <Button type="submit" variant="light">
              {t('plansDesk.show')}
            </Button>
          </Group>
        </form>
        {serial && (
          <ListState
            loading={offers.loading}
            error={offers.error}
            empty={(offers.data?.offers ?? []).length === 0}
            emptyText={t('plansDesk.none')}
          />
        )}
        <Stack gap="xs">{(offers.data?.offers ?? []).map(card)}</Stack>
      </Section>
    </Stack>
  );
}

/**
 * The published repair prices for customers (`/portal/prices`): parts, labour and travel with their
 * price and VAT rate, in the reader's language. Read only.
 */
export function PortalPricesPage() {
  const { t } = useTranslation();
  const bi = useBilingual();
  const prices = useResource<PriceList>('/prices');
  const items = prices.data?.items ?? [];
  return (
    <Stack maw={860}>
      <Title order={1} size="h2">
        {t('prices.title')}
      </Title>
      <Text c="dimmed">{t('prices.intro')}</Text>
      <ListState
        loading={prices.loading}
        error={prices.error}
        empty={items.length === 0}
        emptyText={t('prices.empty')}
      />
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={340}>
          <Table fz="sm" aria-label={t('prices.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('prices.item')}</Table.Th>
                <Table.Th scope="col">{t('prices.price')}</Table.Th>
                <Table.Th scope="col">{t('prices.rate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.key}>
                  <Table.Td>
                    {bi(i.name)}
                    <Text size="xs" c="dimmed">
                      {bi(i.kindName)}
                      {i.kind === 'part' ? ` · ${i.key}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {t('prices.per', { price: amount(i.price, i.currency), per: bi(i.perName) })}
                  </Table.Td>
                  <Table.Td>{i.taxRatePercent} %</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed">
        {t('prices.vatNote')}
      </Text>
    </Stack>
  );
}
