import { Badge, Button, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  ContractSchema,
  InvoiceSchema,
  PlanOffersSchema,
  QuoteSchema,
  StatementSchema,
} from '../../../src/http/contracts/service-contracts.ts';
import { post } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { formatDate, formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';
import { ListState, minutesInWords, money, RowCard } from './engines-common.tsx';

export type Quote = Static<typeof QuoteSchema>;
export type Invoice = Static<typeof InvoiceSchema>;
export type Contract = Static<typeof ContractSchema>;
export type Statement = Static<typeof StatementSchema>;
type Offers = Static<typeof PlanOffersSchema>;
type Bilingual = { en: string; zh: string };

/** The price a contract or plan is sold at, and its currency (ISO 4217, upper case). */
export function PriceAndCurrency(props: {
  price: string | number;
  currency: string;
  onPrice: (value: string | number) => void;
  onCurrency: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Group grow align="flex-start">
      <NumberInput
        label={t('contractsDesk.price')}
        required
        min={0}
        decimalScale={2}
        value={props.price}
        onChange={props.onPrice}
      />
      <TextInput
        label={t('contractsDesk.currency')}
        required
        maxLength={3}
        value={props.currency}
        onChange={(e) => props.onCurrency(e.currentTarget.value.toUpperCase())}
      />
    </Group>
  );
}

/** A name the API gives in both languages, in the reader's. */
export function useBilingual() {
  const { i18n } = useTranslation();
  return (b: Bilingual) => (i18n.language === 'zh' ? b.zh : b.en);
}

/** A decimal amount of the API ("596.90") as people read it, with its currency. */
export function amount(value: string, currency: string): string {
  return money(Math.round(Number(value) * 100), currency);
}

const QUOTE_COLOR: Record<string, string> = { sent: 'orange', accepted: 'green', declined: 'red' };
const INVOICE_COLOR: Record<string, string> = { open: 'orange', settled: 'green', refunded: 'gray' };

/** What `Lines` shows: a quote, an invoice, or a repair shop's parts order (lines keyed by part). */
export interface PricedDoc {
  currency: string;
  lines: {
    itemKey: string;
    name: Bilingual;
    quantity: number;
    per?: string;
    unitPrice: string;
    net: string;
    taxRatePercent: number;
  }[];
  byRate: { taxRatePercent: number; net: string; tax: string }[];
  net: string;
  tax: string;
  total: string;
}

/** Lines priced, then the amounts by tax rate as a fapiao shows them, then the total. */
export function Lines({ doc }: { doc: PricedDoc }) {
  const { t } = useTranslation();
  const bi = useBilingual();
  return (
    <>
      <Table.ScrollContainer minWidth={420}>
        <Table fz="sm" withRowBorders={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('billing.item')}</Table.Th>
              <Table.Th scope="col">{t('billing.quantity')}</Table.Th>
              <Table.Th scope="col">{t('billing.unitPrice')}</Table.Th>
              <Table.Th scope="col">{t('billing.net')}</Table.Th>
              <Table.Th scope="col">{t('billing.rate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {doc.lines.map((l) => (
              <Table.Tr key={l.itemKey}>
                <Table.Td>{bi(l.name)}</Table.Td>
                {/* Labour is quoted by the minute at an hourly rate. */}
                <Table.Td>{l.per === 'hour' ? minutesInWords(l.quantity) : l.quantity}</Table.Td>
                <Table.Td>{amount(l.unitPrice, doc.currency)}</Table.Td>
                <Table.Td>{amount(l.net, doc.currency)}</Table.Td>
                <Table.Td>{l.taxRatePercent} %</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Table fz="sm" aria-label={t('billing.byRate')} withRowBorders={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('billing.rate')}</Table.Th>
            <Table.Th scope="col">{t('billing.net')}</Table.Th>
            <Table.Th scope="col">{t('billing.tax')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {doc.byRate.map((r) => (
            <Table.Tr key={r.taxRatePercent}>
              <Table.Td>{r.taxRatePercent} %</Table.Td>
              <Table.Td>{amount(r.net, doc.currency)}</Table.Td>
              <Table.Td>{amount(r.tax, doc.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={700} data-testid="total">
        {t('billing.totalLine', {
          total: amount(doc.total, doc.currency),
          net: amount(doc.net, doc.currency),
          tax: amount(doc.tax, doc.currency),
        })}
      </Text>
    </>
  );
}

/** A quote as the customer and the staff read it; `actions` (accept, decline) go below. */
export function QuoteCard({
  quote,
  staff = false,
  children,
}: {
  quote: Quote;
  staff?: boolean;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const bi = useBilingual();
  const title = t('billing.quote', { number: quote.number });
  return (
    <Stack gap="xs" component="article" aria-label={title} data-quote={quote.number}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={700}>{title}</Text>
        <Badge color={QUOTE_COLOR[quote.state] ?? 'gray'}>{bi(quote.stateName)}</Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t('billing.sentAt', { when: formatInstant(quote.sentAt) })}
        {quote.decidedAt ? ` · ${t('billing.decidedAt', { when: formatInstant(quote.decidedAt) })}` : ''}
      </Text>
      <Lines doc={quote} />
      {quote.state === 'sent' && quote.blocksWork && (
        <Text size="sm">
          {t(staff ? 'billing.blocksStaff' : 'billing.blocks', { ref: quote.blockRef ?? '' })}
        </Text>
      )}
      {quote.declineReason && (
        <Text size="sm">{t('billing.declineReason', { reason: quote.declineReason })}</Text>
      )}
      {children}
    </Stack>
  );
}

/** An invoice with its fapiao data, its amounts by rate and the payments recorded against it. */
export function InvoiceCard({
  invoice,
  customer,
  children,
}: {
  invoice: Invoice;
  customer?: string;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const bi = useBilingual();
  const title = t('billing.invoice', { number: invoice.number });
  return (
    <Stack gap="xs" component="article" aria-label={title} data-invoice={invoice.number}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={700}>{title}</Text>
        <Badge color={INVOICE_COLOR[invoice.state] ?? 'gray'}>{bi(invoice.stateName)}</Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t('billing.issuedOn', { day: formatDate(invoice.issuedOn) })}
        {customer ? ` · ${customer}` : ''}
      </Text>
      <Text size="sm">
        {t('billing.fapiaoTitle')}: {invoice.fapiao.title}
        {invoice.fapiao.taxId ? ` · ${t('billing.taxId')}: ${invoice.fapiao.taxId}` : ''} ·{' '}
        {bi(invoice.fapiao.typeName)}
      </Text>
      <Lines doc={invoice} />
      <Text size="sm">
        {t('billing.paid')}: {amount(invoice.paid, invoice.currency)} · {t('billing.owed')}:{' '}
        {amount(invoice.owed, invoice.currency)}
      </Text>
      {invoice.payments.map((p) => (
        <Text size="sm" key={`${p.reference}-${p.kind}-${p.amount}`}>
          {t('billing.paymentLine', {
            kind: bi(p.kindName),
            amount: amount(p.amount, invoice.currency),
            method: p.method,
            reference: p.reference,
            day: formatDate(p.receivedOn),
          })}
        </Text>
      ))}
      {children}
    </Stack>
  );
}

/** What a customer has been invoiced, has paid and owes, per currency, and whether it is settled. */
export function StatementTable({ statement }: { statement: Statement }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="statement" data-settled={statement.settled}>
      <Table fz="sm" aria-label={t('billing.statement')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('billing.currency')}</Table.Th>
            <Table.Th scope="col">{t('billing.invoiced')}</Table.Th>
            <Table.Th scope="col">{t('billing.paid')}</Table.Th>
            <Table.Th scope="col">{t('billing.owed')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {statement.totals.map((r) => (
            <Table.Tr key={r.currency}>
              <Table.Td>{r.currency}</Table.Td>
              <Table.Td>{amount(r.invoiced, r.currency)}</Table.Td>
              <Table.Td>{amount(r.paid, r.currency)}</Table.Td>
              <Table.Td>{amount(r.owed, r.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Badge color={statement.settled ? 'green' : 'orange'} size="lg" variant="light">
        {t(statement.settled ? 'billing.settled' : 'billing.notSettled')}
      </Badge>
    </Stack>
  );
}

/** A contract or plan sold to a unit: term, price, incidents, and the refund when cancelled. */
export function ContractCard({ contract, children }: { contract: Contract; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const bi = useBilingual();
  return (
    <RowCard
      title={`${contract.number} · ${contract.serial} · ${contract.agreement.title ?? contract.agreement.id}`}
      badge={<Badge color={contract.state === 'active' ? 'green' : 'gray'}>{bi(contract.stateName)}</Badge>}
    >
      <Text size="sm">
        {t('billing.contractLine', {
          from: formatDate(contract.startsOn),
          to: formatDate(contract.endsOn),
          price: amount(contract.price, contract.currency),
        })}{' '}
        · {bi(contract.channelName)}
      </Text>
      {contract.serviceLevel && (
        <Text size="sm">{t('billing.serviceLevel', { level: contract.serviceLevel })}</Text>
      )}
      {contract.incidents.allowed !== null && (
        <Text size="sm">
          {t('billing.incidents', { used: contract.incidents.used, allowed: contract.incidents.allowed })}
        </Text>
      )}
      {contract.cancelledOn && (
        <Text size="sm" data-testid="refund">
          {t('billing.refund', {
            day: formatDate(contract.cancelledOn),
            amount: amount(contract.refund ?? '0', contract.currency),
          })}
        </Text>
      )}
      {children}
    </RowCard>
  );
}

/** The plans on sale for a unit with the term each would run if bought today; Buy while the warranty runs. */
export function PlanOffers({ serial, onBought }: { serial: string; onBought?: (c: Contract) => void }) {
  const { t } = useTranslation();
  const bi = useBilingual();
  const offers = useResource<Offers>(`/plans/offers/${encodeURIComponent(serial)}`);
  const [error, setError] = useState<Error | null>(null);
  const [bought, setBought] = useState<{ name: string; day: string } | null>(null);
  const buy = async (plan: Offers['offers'][number]) => {
    setError(null);
    try {
      const contract = await post<Contract>('/plans/purchases', { serial, plan: plan.key });
      setBought({ name: bi(plan.name), day: contract.endsOn });
      offers.reload();
      onBought?.(contract);
    } catch (e) {
      setError(e as Error);
    }
  };
  const items = offers.data?.offers ?? [];
  return (
    <Stack gap="xs" component="section" aria-label={t('billing.offers')}>
      <Text fw={700}>{t('billing.offers')}</Text>
      {offers.data?.coveredThrough && (
        <Text size="sm">
          {t('billing.unitCoveredThrough', { day: formatDate(offers.data.coveredThrough) })}
        </Text>
      )}
      <ListState
        loading={offers.loading}
        error={offers.error}
        empty={items.length === 0}
        emptyText={t('billing.noOffers')}
      />
      {bought && (
        <Text c="green" role="status">
          {t('billing.bought', { name: bought.name, day: formatDate(bought.day) })}
        </Text>
      )}
      <ErrorAlert error={error} />
      {items.map((o) => (
        <RowCard key={o.key} title={bi(o.name)}>
          <Text size="sm">
            {t('billing.offerTerm', { months: o.termMonths, price: amount(o.price, o.currency) })} ·{' '}
            {bi(o.refundRuleName)}
          </Text>
          {o.startsOn && o.endsOn && (
            <Text size="sm">
              {t('billing.offerRuns', { from: formatDate(o.startsOn), to: formatDate(o.endsOn) })}
            </Text>
          )}
          {o.refused && <Text size="sm">{bi(o.refused)}</Text>}
          {o.sellable && (
            <Button
              size="xs"
              w="fit-content"
              aria-label={t('billing.buyPlan', { name: bi(o.name) })}
              onClick={() => void buy(o)}
            >
              {t('billing.buy')}
            </Button>
          )}
        </RowCard>
      ))}
    </Stack>
  );
}
