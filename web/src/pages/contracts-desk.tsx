import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { LoanSchema, ReplacementSchema } from '../../../src/http/contracts/units.ts';
import { post } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { formatDate } from '../format.ts';
import { useNames, useResource } from '../hooks.ts';
import type { Page, QueueItem } from '../types.ts';
import {
  amount,
  type Contract,
  ContractCard,
  type Invoice,
  InvoiceCard,
  PriceAndCurrency,
  type Quote,
  QuoteCard,
  type Statement,
  StatementTable,
  useBilingual,
} from './contracts-common.tsx';
import { ListState, RowCard, useRoles } from './engines-common.tsx';

type Loan = Static<typeof LoanSchema>;
type Replacement = Static<typeof ReplacementSchema>;

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

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

function Done({ children }: { children: ReactNode }) {
  return children ? (
    <Alert color="green" role="status">
      {children}
    </Alert>
  ) : null;
}

/**
 * Contracts and extended warranties sold to units (`/console/contracts`): listed by serial, sold by
 * the brand's agent, cancelled with the refund the terms set.
 */
export function ContractsPage() {
  const { t } = useTranslation();
  const { staffWriter } = useRoles();
  const [filter, setFilter] = useState('');
  const [serial, setSerial] = useState('');
  const list = useResource<{ items: Contract[] }>(
    `/unit-contracts${serial ? `?serial=${encodeURIComponent(serial)}` : ''}`,
  );
  const agreements = useResource<{ items: { id: string; title: string }[] }>('/agreements');
  const [form, setForm] = useState({
    serial: '',
    agreement: null as string | null,
    startsOn: shanghaiToday(),
    endsOn: '',
    price: '' as string | number,
    currency: 'CNY',
    serviceLevel: '',
    incidents: '' as string | number,
  });
  const [done, setDone] = useState('');
  const sell = useSubmit();
  const cancel = useSubmit();
  const set = (k: keyof typeof form) => (v: unknown) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Stack maw={860}>
      <Title order={1} size="h2">
        {t('contractsDesk.title')}
      </Title>
      <Text c="dimmed">{t('contractsDesk.intro')}</Text>
      <Done>{done}</Done>
      {staffWriter && (
        <Section title={t('contractsDesk.sell')}>
          <form
            aria-label={t('contractsDesk.sell')}
            onSubmit={(e) =>
              void sell.run(e, async () => {
                const c = await post<Contract>('/unit-contracts', {
                  serial: form.serial.trim(),
                  agreement: form.agreement,
                  startsOn: form.startsOn,
                  endsOn: form.endsOn,
                  price: String(form.price),
                  currency: form.currency,
                  ...(form.serviceLevel.trim() ? { serviceLevel: form.serviceLevel.trim() } : {}),
                  ...(form.incidents !== '' ? { incidents: Number(form.incidents) } : {}),
                });
                setDone(t('contractsDesk.sold', { number: c.number, serial: c.serial }));
                setSerial(c.serial);
                setFilter(c.serial);
                list.reload();
              })
            }
          >
            <Stack gap="xs">
              <Group grow align="flex-start">
                <TextInput
                  label={t('contractsDesk.serial')}
                  required
                  value={form.serial}
                  onChange={(e) => set('serial')(e.currentTarget.value)}
                />
                <Select
                  label={t('contractsDesk.agreement')}
                  required
                  searchable
                  data={(agreements.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
                  value={form.agreement}
                  onChange={set('agreement')}
                />
              </Group>
              <Group grow align="flex-start">
                <TextInput
                  type="date"
                  label={t('contractsDesk.startsOn')}
                  required
                  value={form.startsOn}
                  onChange={(e) => set('startsOn')(e.currentTarget.value)}
                />
                <TextInput
                  type="date"
                  label={t('contractsDesk.endsOn')}
                  required
                  value={form.endsOn}
                  onChange={(e) => set('endsOn')(e.currentTarget.value)}
                />
              </Group>
              <PriceAndCurrency
                price={form.price}
                currency={form.currency}
                onPrice={set('price')}
                onCurrency={set('currency')}
              />
              <Group grow align="flex-start">
                <TextInput
                  label={t('contractsDesk.serviceLevel')}
                  value={form.serviceLevel}
                  onChange={(e) => set('serviceLevel')(e.currentTarget.value)}
                />
                <NumberInput
                  label={t('contractsDesk.incidents')}
                  min={1}
                  allowDecimal={false}
                  value={form.incidents}
                  onChange={set('incidents')}
                />
              </Group>
              <ErrorAlert error={sell.error} />
              <Button type="submit" w="fit-content">
                {t('contractsDesk.save')}
              </Button>
            </Stack>
          </form>
        </Section>
      )}
      <form
        aria-label={t('contractsDesk.serial')}
        onSubmit={(e) => {
          e.preventDefault();
          setSerial(filter.trim());
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('contractsDesk.serial')}
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
          />
          <Button type="submit" variant="light">
            {t('contractsDesk.show')}
          </Button>
          {serial && (
            <Button
              variant="subtle"
              onClick={() => {
                setFilter('');
                setSerial('');
              }}
            >
              {t('contractsDesk.all')}
            </Button>
          )}
        </Group>
      </form>
      <ErrorAlert error={cancel.error} />
      <ListState
        loading={list.loading}
        error={list.error}
        empty={(list.data?.items.length ?? 0) === 0}
        emptyText={t('billing.noContracts')}
      />
      {list.data?.items.map((c) => (
        <ContractCard key={c.id} contract={c}>
          {staffWriter && c.state === 'active' && (
            <Button
              size="xs"
              color="red"
              variant="light"
              w="fit-content"
              aria-label={t('contractsDesk.cancelNamed', { number: c.number })}
              onClick={() =>
                void cancel.run(null, async () => {
                  const after = await post<Contract>(`/unit-contracts/${c.id}/cancellation`, {});
                  setDone(
                    t('contractsDesk.cancelled', {
                      number: after.number,
                      amount: amount(after.refund ?? '0', after.currency),
                    }),
                  );
                  list.reload();
                })
              }
            >
              {t('contractsDesk.cancelContract')}
            </Button>
          )}
        </ContractCard>
      ))}
    </Stack>
  );
}

/** A case's paid-repair quote on the console's case page: quoted from the diagnosis, then shown. */
export function CaseQuote({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { staffWriter } = useRoles();
  const quotes = useResource<{ items: Quote[] }>(`/quotes?case=${caseId}`);
  const [travel, setTravel] = useState(false);
  const [done, setDone] = useState('');
  const create = useSubmit();
  const items = quotes.data?.items ?? [];
  return (
    <Section title={t('caseQuote.title')}>
      <Done>{done}</Done>
      <ListState
        loading={quotes.loading}
        error={quotes.error}
        empty={items.length === 0}
        emptyText={t('caseQuote.none')}
      />
      {items.map((q) => (
        <QuoteCard key={q.id} quote={q} staff />
      ))}
      {staffWriter && !items.some((q) => q.state !== 'declined') && (
        <Group>
          <Checkbox
            label={t('caseQuote.travel')}
            checked={travel}
            onChange={(e) => setTravel(e.currentTarget.checked)}
          />
          <Button
            onClick={() =>
              void create.run(null, async () => {
                const q = await post<Quote>(`/cases/${caseId}/quotes`, travel ? { travel: true } : {});
                setDone(t('caseQuote.created', { number: q.number, total: amount(q.total, q.currency) }));
                quotes.reload();
              })
            }
          >
            {t('caseQuote.create')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={create.error} />
    </Section>
  );
}

/**
 * Invoices and payments (`/console/invoices`): an accepted quote invoiced with the fapiao data
 * (发票抬头, 纳税人识别号, general or special); payments and refunds recorded by their reference;
 * a customer's statement.
 */
export function InvoicesPage() {
  const { t } = useTranslation();
  const { staffWriter } = useRoles();
  const names = useNames();
  const quotes = useResource<{ items: Quote[] }>('/quotes?limit=500');
  const invoices = useResource<{ items: Invoice[] }>('/invoices?limit=500');
  const [done, setDone] = useState('');
  const [party, setParty] = useState<string | null>(null);
  const invoiced = new Set((invoices.data?.items ?? []).map((i) => i.quoteId));
  const toInvoice = (quotes.data?.items ?? []).filter((q) => q.state === 'accepted' && !invoiced.has(q.id));
  const customers = [...new Set((invoices.data?.items ?? []).map((i) => i.customer))];
  const shown = party ?? customers[0] ?? null;
  const statement = useResource<Statement>(
    shown ? `/customer-statement?party=${encodeURIComponent(shown)}` : null,
  );
  const changed = (message: string, customer: string) => {
    setDone(message);
    setParty(customer);
    quotes.reload();
    invoices.reload();
    statement.reload();
  };
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        {t('invoicesDesk.title')}
      </Title>
      <Done>{done}</Done>
      {staffWriter && (
        <Section title={t('invoicesDesk.toInvoice')}>
          <ListState
            loading={quotes.loading}
            error={quotes.error}
            empty={toInvoice.length === 0}
            emptyText={t('invoicesDesk.noneToInvoice')}
          />
          {toInvoice.map((q) => (
            <Card withBorder key={q.id}>
              <QuoteCard quote={q} staff>
                <IssueForm
                  quote={q}
                  onIssued={(i) =>
                    changed(
                      t('invoicesDesk.issued', { number: i.number, total: amount(i.total, i.currency) }),
                      i.customer,
                    )
                  }
                />
              </QuoteCard>
            </Card>
          ))}
        </Section>
      )}
      {customers.length > 0 && (
        <Section title={t('invoicesDesk.statementOf', { name: shown ? names.party(shown) : '' })}>
          <Select
            label={t('invoicesDesk.customer')}
            data={customers.map((c) => ({ value: c, label: names.party(c) }))}
            value={shown}
            onChange={setParty}
            allowDeselect={false}
          />
          <ErrorAlert error={statement.error} />
          {statement.data && <StatementTable statement={statement.data} />}
        </Section>
      )}
      <Section title={t('billing.invoices')}>
        <ListState
          loading={invoices.loading}
          error={invoices.error}
          empty={(invoices.data?.items.length ?? 0) === 0}
          emptyText={t('billing.noInvoices')}
        />
        {invoices.data?.items.map((i) => (
          <Card withBorder key={i.id}>
            <InvoiceCard invoice={i} customer={names.party(i.customer)}>
              {staffWriter && (
                <PaymentForm
                  invoice={i}
                  onRecorded={(after, state) =>
                    changed(
                      t('invoicesDesk.recorded', {
                        number: after.number,
                        state,
                        owed: amount(after.owed, after.currency),
                      }),
                      after.customer,
                    )
                  }
                />
              )}
            </InvoiceCard>
          </Card>
        ))}
      </Section>
    </Stack>
  );
}

function IssueForm({ quote, onIssued }: { quote: Quote; onIssued: (i: Invoice) => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [taxId, setTaxId] = useState('');
  const [type, setType] = useState<'general' | 'special'>('general');
  const submit = useSubmit();
  const label = t('invoicesDesk.issueFor', { number: quote.number });
  return (
    <form
      aria-label={label}
      onSubmit={(e) =>
        void submit.run(e, async () => {
          onIssued(
            await post<Invoice>('/invoices', {
              quoteId: quote.id,
              fapiao: { title: title.trim(), type, ...(taxId.trim() ? { taxId: taxId.trim() } : {}) },
            }),
          );
        })
      }
    >
      <Stack gap="xs">
        <Group grow align="flex-start">
          <TextInput
            label={t('billing.fapiaoTitle')}
            required
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <TextInput
            label={t('billing.taxId')}
            value={taxId}
            onChange={(e) => setTaxId(e.currentTarget.value)}
          />
        </Group>
        <SegmentedControl
          aria-label={t('billing.fapiaoType')}
          value={type}
          onChange={(v) => setType(v as typeof type)}
          data={[
            { value: 'general', label: t('invoicesDesk.general') },
            { value: 'special', label: t('invoicesDesk.special') },
          ]}
        />
        <ErrorAlert error={submit.error} />
        <Button type="submit" w="fit-content">
          {t('invoicesDesk.issue')}
        </Button>
      </Stack>
    </form>
  );
}

function PaymentForm({
  invoice,
  onRecorded,
}: {
  invoice: Invoice;
  onRecorded: (i: Invoice, stateName: string) => void;
}) {
  const { t } = useTranslation();
  const bi = useBilingual();
  const [kind, setKind] = useState<'payment' | 'refund'>('payment');
  const [value, setValue] = useState<string | number>(invoice.owed === '0.00' ? '' : invoice.owed);
  const [method, setMethod] = useState('');
  const [reference, setReference] = useState('');
  const [receivedOn, setReceivedOn] = useState(shanghaiToday());
  const submit = useSubmit();
  return (
    <form
      aria-label={t('invoicesDesk.recordFor', { number: invoice.number })}
      onSubmit={(e) =>
        void submit.run(e, async () => {
          const after = await post<Invoice>(`/invoices/${invoice.id}/payments`, {
            kind,
            amount: Number(value).toFixed(2),
            method: method.trim(),
            reference: reference.trim(),
            receivedOn,
          });
          onRecorded(after, bi(after.stateName));
        })
      }
    >
      <Stack gap="xs" mt="xs">
        <Text fw={600} size="sm">
          {t('invoicesDesk.record')}
        </Text>
        <SegmentedControl
          aria-label={t('invoicesDesk.kind')}
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          data={[
            { value: 'payment', label: t('invoicesDesk.payment') },
            { value: 'refund', label: t('invoicesDesk.refund') },
          ]}
        />
        <Group grow align="flex-start">
          <NumberInput
            label={t('invoicesDesk.amount')}
            required
            min={0.01}
            decimalScale={2}
            value={value}
            onChange={setValue}
          />
          <TextInput
            type="date"
            label={t('invoicesDesk.receivedOn')}
            value={receivedOn}
            onChange={(e) => setReceivedOn(e.currentTarget.value)}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('invoicesDesk.method')}
            required
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value)}
          />
          <TextInput
            label={t('invoicesDesk.reference')}
            required
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
          />
        </Group>
        <ErrorAlert error={submit.error} />
        <Button type="submit" w="fit-content" variant="light">
          {t('invoicesDesk.record')}
        </Button>
      </Stack>
    </form>
  );
}

const EXCHANGE_KINDS = ['sanbao', 'advance_exchange', 'after_receipt'] as const;

/**
 * Exchanges (`/console/exchanges`): a unit replaced by a new serial; the API decides what the
 * exchange does to the warranty, or refuses a 三包 replacement the terms did not grant, in words.
 */
export function ExchangesPage() {
  const { t } = useTranslation();
  const bi = useBilingual();
  const [form, setForm] = useState({
    oldSerial: '',
    newSerial: '',
    kind: 'advance_exchange' as (typeof EXCHANGE_KINDS)[number],
    replacedOn: '',
    carrier: '',
    waybill: '',
  });
  const [done, setDone] = useState<Replacement | null>(null);
  const submit = useSubmit();
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {t('exchanges.title')}
      </Title>
      <Text c="dimmed">{t('exchanges.intro')}</Text>
      {done && (
        <Alert
          color="green"
          role="status"
          title={t('exchanges.done', { old: done.oldSerial, new: done.newSerial })}
        >
          <Text size="sm">
            {t(done.warranty === 'new' ? 'exchanges.warrantyNew' : 'exchanges.warrantyContinues')}
          </Text>
          <Text size="sm">
            {t('exchanges.dates', {
              sold: formatDate(done.dates.soldOn),
              delivered: formatDate(done.dates.deliveredOn),
            })}
          </Text>
          <Text size="sm">
            {bi(done.because)}
            {done.ref ? ` (${done.ref})` : ''}
          </Text>
        </Alert>
      )}
      <Card withBorder>
        <form
          aria-label={t('exchanges.title')}
          onSubmit={(e) =>
            void submit.run(e, async () => {
              setDone(null);
              const optional = (k: 'replacedOn' | 'carrier' | 'waybill') =>
                form[k].trim() ? { [k]: form[k].trim() } : {};
              setDone(
                await post<Replacement>(
                  `/units/by-serial/${encodeURIComponent(form.oldSerial.trim())}/replacement`,
                  {
                    newSerial: form.newSerial.trim(),
                    kind: form.kind,
                    ...optional('replacedOn'),
                    ...optional('carrier'),
                    ...optional('waybill'),
                  },
                ),
              );
            })
          }
        >
          <Stack gap="xs">
            <Group grow align="flex-start">
              <TextInput
                label={t('exchanges.oldSerial')}
                required
                value={form.oldSerial}
                onChange={(e) => set('oldSerial')(e.currentTarget.value)}
              />
              <TextInput
                label={t('exchanges.newSerial')}
                required
                value={form.newSerial}
                onChange={(e) => set('newSerial')(e.currentTarget.value)}
              />
            </Group>
            <Select
              label={t('exchanges.kind')}
              data={EXCHANGE_KINDS.map((k) => ({ value: k, label: t(`exchanges.${k}`) }))}
              value={form.kind}
              onChange={(v) => v && set('kind')(v)}
              allowDeselect={false}
            />
            <Group grow align="flex-start">
              <TextInput
                type="date"
                label={t('exchanges.replacedOn')}
                value={form.replacedOn}
                onChange={(e) => set('replacedOn')(e.currentTarget.value)}
              />
              <TextInput
                label={t('exchanges.carrier')}
                value={form.carrier}
                onChange={(e) => set('carrier')(e.currentTarget.value)}
              />
              <TextInput
                label={t('exchanges.waybill')}
                value={form.waybill}
                onChange={(e) => set('waybill')(e.currentTarget.value)}
              />
            </Group>
            <ErrorAlert error={submit.error} />
            <Button type="submit" w="fit-content">
              {t('exchanges.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

/** Loaners (`/console/loans`): lent for a case, listed soonest due first with the overdue marked, returned. */
export function LoansPage() {
  const { t } = useTranslation();
  const [onlyOpen, setOnlyOpen] = useState(true);
  const loans = useResource<Loan[]>(`/loans${onlyOpen ? '?open=true' : ''}`);
  const cases = useResource<Page<QueueItem>>('/cases/queue?limit=100');
  const [loaner, setLoaner] = useState('');
  const [caseId, setCaseId] = useState<string | null>(null);
  const [due, setDue] = useState('');
  const [done, setDone] = useState('');
  const lend = useSubmit();
  return (
    <Stack maw={860}>
      <Title order={1} size="h2">
        {t('loans.title')}
      </Title>
      <Text c="dimmed">{t('loans.intro')}</Text>
      <Done>{done}</Done>
      <Section title={t('loans.lend')}>
        <form
          aria-label={t('loans.lend')}
          onSubmit={(e) =>
            void lend.run(e, async () => {
              const l = await post<Loan>('/loans', { loaner: loaner.trim(), caseId, dueBackOn: due });
              setDone(t('loans.lent', { serial: l.loaner.serial, name: l.customer.name }));
              loans.reload();
            })
          }
        >
          <Stack gap="xs">
            <Group grow align="flex-start">
              <TextInput
                label={t('loans.loaner')}
                required
                value={loaner}
                onChange={(e) => setLoaner(e.currentTarget.value)}
              />
              <Select
                label={t('loans.caseId')}
                required
                searchable
                data={(cases.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.number} · ${c.customerName}${c.serial ? ` · ${c.serial}` : ''}`,
                }))}
                value={caseId}
                onChange={setCaseId}
              />
              <TextInput
                type="date"
                label={t('loans.dueBackOn')}
                required
                value={due}
                onChange={(e) => setDue(e.currentTarget.value)}
              />
            </Group>
            <ErrorAlert error={lend.error} />
            <Button type="submit" w="fit-content">
              {t('loans.submit')}
            </Button>
          </Stack>
        </form>
      </Section>
      <Checkbox
        label={t('loans.onlyOpen')}
        checked={onlyOpen}
        onChange={(e) => setOnlyOpen(e.currentTarget.checked)}
      />
      <ListState
        loading={loans.loading}
        error={loans.error}
        empty={(loans.data?.length ?? 0) === 0}
        emptyText={t('loans.none')}
      />
      {loans.data?.map((l) => (
        <RowCard
          key={l.id}
          title={t('loans.line', {
            serial: l.loaner.serial,
            model: l.loaner.model,
            name: l.customer.name,
            lent: formatDate(l.lentOn),
            due: formatDate(l.dueBackOn),
          })}
          badge={
            l.returnedOn ? (
              <Text size="sm">{t('loans.returned', { day: formatDate(l.returnedOn) })}</Text>
            ) : l.overdue ? (
              <Text c="red" fw={700} size="sm">
                {t('loans.overdue')}
              </Text>
            ) : null
          }
        >
          {l.conditionNote && <Text size="sm">{l.conditionNote}</Text>}
          {!l.returnedOn && (
            <ReturnForm
              loan={l}
              onReturned={() => {
                setDone(t('loans.back', { serial: l.loaner.serial }));
                loans.reload();
              }}
            />
          )}
        </RowCard>
      ))}
    </Stack>
  );
}

/** A loaner taken back, with its condition noted (the API records whether it came back late). */
function ReturnForm({ loan, onReturned }: { loan: Loan; onReturned: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const back = useSubmit();
  return (
    <Stack gap={4}>
      <Group align="flex-end">
        <TextInput
          size="xs"
          label={t('loans.conditionNote')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Button
          size="xs"
          aria-label={t('loans.giveBackNamed', { serial: loan.loaner.serial })}
          onClick={() =>
            void back.run(null, async () => {
              await post<Loan>(`/loans/${loan.id}/return`, note.trim() ? { conditionNote: note.trim() } : {});
              onReturned();
            })
          }
        >
          {t('loans.giveBack')}
        </Button>
      </Group>
      <ErrorAlert error={back.error} />
    </Stack>
  );
}
