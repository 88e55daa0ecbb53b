import {
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Static } from 'typebox';
import type { SearchResult } from '../../../src/http/contracts/knowledge.ts';
import { PARTS_ORDER_STATE_LABELS, SHOP_STATUS_LABELS } from '../../../src/http/contracts/labels.ts';
import type { StockLocationSchema } from '../../../src/http/contracts/parts.ts';
import type {
  PartsOrderSchema,
  PublishedPricesReply,
  ShopSchema,
} from '../../../src/http/contracts/repair-shops.ts';
import { post } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import { amount, Lines, useBilingual } from './contracts-common.tsx';
import { ListState, localName, RowCard } from './engines-common.tsx';

type Shop = Static<typeof ShopSchema>;
type PartsOrder = Static<typeof PartsOrderSchema>;
type Published = Static<typeof PublishedPricesReply>;
type Location = Static<typeof StockLocationSchema>;
type SearchHits = Static<typeof SearchResult>;

const STATUS_COLOR: Record<string, string> = { pending: 'orange', approved: 'green', refused: 'red' };
const ORDER_COLOR: Record<string, string> = {
  placed: 'orange',
  confirmed: 'blue',
  shipped: 'green',
  refused: 'red',
};

/**
 * The public registration (`/repair-shops/register`), reached from the sign-in page: the shop's
 * licence and contact; the answer is "pending approval" whatever the server knew, as the API's is.
 */
export function ShopRegisterPage() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState({
    name: '',
    nameZh: '',
    creditCode: '',
    contactName: '',
    email: '',
    phone: '',
    password: '',
  });
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Optional fields left empty are left out rather than sent blank.
      const optional = Object.fromEntries(
        (['nameZh', 'phone'] as const).filter((k) => form[k].trim() !== '').map((k) => [k, form[k].trim()]),
      );
      await post('/repair-shops/registrations', {
        name: form.name.trim(),
        creditCode: form.creditCode.trim(),
        contactName: form.contactName.trim(),
        email: form.email.trim(),
        password: form.password,
        locale: i18n.language === 'zh' ? 'zh' : 'en',
        ...optional,
      });
      setDone(true);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mt="xl">
      <Card withBorder w={520} padding="xl" radius="md">
        <form onSubmit={submit} aria-labelledby="shop-register-title">
          <Stack>
            <Title order={1} size="h2" id="shop-register-title">
              {t('shops.registerTitle')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('shops.registerLead')}
            </Text>
            {done ? (
              <Text c="green" role="status" data-testid="shop-pending">
                {t('shops.pending')}
              </Text>
            ) : (
              <>
                <TextInput label={t('shops.name')} required autoComplete="organization" {...field('name')} />
                <TextInput label={t('shops.nameZh')} {...field('nameZh')} />
                <TextInput
                  label={t('shops.creditCode')}
                  description={t('shops.creditCodeHint')}
                  required
                  {...field('creditCode')}
                />
                <TextInput
                  label={t('shops.contactName')}
                  required
                  autoComplete="name"
                  {...field('contactName')}
                />
                <TextInput
                  label={t('shops.email')}
                  type="email"
                  required
                  autoComplete="email"
                  {...field('email')}
                />
                <TextInput label={t('shops.phone')} type="tel" autoComplete="tel" {...field('phone')} />
                <PasswordInput
                  label={t('shops.password')}
                  description={t('auth.passwordRule')}
                  required
                  minLength={10}
                  autoComplete="new-password"
                  {...field('password')}
                />
                <ErrorAlert error={error} />
                <Button type="submit" loading={busy}>
                  {t('shops.submit')}
                </Button>
              </>
            )}
            <Text size="sm">
              <Anchor component={Link} to="/signin">
                {t('shops.backToSignIn')}
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}

/** One registration as the staff read it, with Approve / Refuse while it is pending. */
function ShopCard({ shop, onDecided }: { shop: Shop; onDecided: (message: string) => void }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const name = localName(shop);
  const decide = async (decision: 'approved' | 'refused') => {
    setError(null);
    try {
      await post(`/repair-shops/${shop.id}/decision`, {
        decision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      onDecided(t(decision === 'approved' ? 'shops.approved' : 'shops.refused', { name }));
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <RowCard
      title={name}
      badge={
        <Badge color={STATUS_COLOR[shop.status] ?? 'gray'}>{label(SHOP_STATUS_LABELS, shop.status)}</Badge>
      }
    >
      <div data-shop={shop.creditCode}>
        <Text size="sm">{t('shops.licence', { code: shop.creditCode })}</Text>
        {shop.contacts.map((c) => (
          <Text size="sm" key={c.id}>
            {t('shops.contact', { name: c.name, email: c.email })}
          </Text>
        ))}
        <Text size="xs" c="dimmed">
          {t('shops.registeredAt', { when: formatInstant(shop.registeredAt) })}
          {shop.decidedAt ? ` · ${t('shops.decidedAt', { when: formatInstant(shop.decidedAt) })}` : ''}
        </Text>
        {shop.decisionReason && <Text size="sm">{t('shops.reason', { reason: shop.decisionReason })}</Text>}
        {shop.status === 'pending' && (
          <Stack gap="xs" mt="xs">
            <TextInput
              size="xs"
              label={t('shops.reasonLabel')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group gap="xs">
              <Button
                size="xs"
                aria-label={t('shops.approveShop', { name })}
                onClick={() => void decide('approved')}
              >
                {t('shops.approve')}
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                aria-label={t('shops.refuseShop', { name })}
                onClick={() => void decide('refused')}
              >
                {t('shops.refuse')}
              </Button>
            </Group>
            <ErrorAlert error={error} />
          </Stack>
        )}
      </div>
    </RowCard>
  );
}

/** The console's registrations (`/console/repair-shops`): by status, oldest first; decided once. */
export function ShopsDeskPage() {
  const { t } = useTranslation();
  const { label } = useLabels();
  const [status, setStatus] = useState('pending');
  const [message, setMessage] = useState<string | null>(null);
  const shops = useResource<{ items: Shop[] }>(`/repair-shops?status=${status}`);
  const items = shops.data?.items ?? [];
  return (
    <Stack maw={860}>
      <Title order={1} size="h2">
        {t('shops.deskTitle')}
      </Title>
      <Text c="dimmed">{t('shops.deskIntro')}</Text>
      <SegmentedControl
        aria-label={t('shops.status')}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setMessage(null);
        }}
        data={Object.keys(SHOP_STATUS_LABELS).map((k) => ({ value: k, label: label(SHOP_STATUS_LABELS, k) }))}
        w="fit-content"
      />
      {message && (
        <Text c="green" role="status">
          {message}
        </Text>
      )}
      <ListState
        loading={shops.loading}
        error={shops.error}
        empty={items.length === 0}
        emptyText={t('shops.none')}
      />
      {items.map((s) => (
        <ShopCard
          key={s.id}
          shop={s}
          onDecided={(m) => {
            setMessage(m);
            shops.reload();
          }}
        />
      ))}
      <PartsOrdersDesk />
    </Stack>
  );
}

/**
 * A shop's parts order as the brand's staff work it: the shop by name, lines and totals by tax rate
 * (the quotes' table), then the step its state allows — confirm at a stock location chosen by name,
 * ship with carrier and waybill, or refuse with a reason. A refusal of the API (a line short at that
 * location, a step out of turn) shows in words.
 */
function StaffOrderCard({
  order,
  locations,
  onDone,
}: {
  order: PartsOrder;
  locations: Location[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const bi = useBilingual();
  const [location, setLocation] = useState<string | null>(null);
  const [carrier, setCarrier] = useState('');
  const [waybill, setWaybill] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const shop = localName(order.shop);
  const step = async (path: string, body: Record<string, string>, message: string) => {
    setError(null);
    setBusy(true);
    try {
      await post(`/parts-orders/${order.id}/${path}`, body);
      onDone(message);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const open = order.state === 'placed' || order.state === 'confirmed';
  return (
    <RowCard
      title={t('shops.staffOrderTitle', { number: order.number, shop })}
      badge={<Badge color={ORDER_COLOR[order.state] ?? 'gray'}>{bi(order.stateName)}</Badge>}
    >
      <div data-staff-order={order.number}>
        <Text size="xs" c="dimmed">
          {t('shops.placedAt', { when: formatInstant(order.placedAt) })}
          {order.shopReference ? ` · ${t('shops.theirReference', { reference: order.shopReference })}` : ''}
        </Text>
        <Lines doc={{ ...order, lines: order.lines.map((l) => ({ ...l, itemKey: l.partNumber })) }} />
        {order.location && <Text size="sm">{t('shops.reservedAt', { location: order.location.name })}</Text>}
        {order.waybill && (
          <Text size="sm">
            {t('shops.shipped', { carrier: order.carrier ?? '', waybill: order.waybill })}
          </Text>
        )}
        {order.refusalReason && <Text size="sm">{t('shops.refusal', { reason: order.refusalReason })}</Text>}
        {order.state === 'placed' && (
          <Group align="end" gap="xs" mt="xs">
            <Select
              size="xs"
              label={t('shops.location')}
              data={locations.map((l) => ({ value: l.key, label: localName(l) }))}
              value={location}
              onChange={setLocation}
              w={320}
            />
            <Button
              size="xs"
              loading={busy}
              disabled={!location}
              onClick={() =>
                void step(
                  'confirmation',
                  { location: location! },
                  t('shops.confirmed', { number: order.number }),
                )
              }
            >
              {t('shops.confirm')}
            </Button>
          </Group>
        )}
        {order.state === 'confirmed' && (
          <Group align="end" gap="xs" mt="xs">
            <TextInput
              size="xs"
              label={t('shops.carrier')}
              value={carrier}
              onChange={(e) => setCarrier(e.currentTarget.value)}
            />
            <TextInput
              size="xs"
              label={t('shops.waybill')}
              value={waybill}
              onChange={(e) => setWaybill(e.currentTarget.value)}
            />
            <Button
              size="xs"
              loading={busy}
              disabled={!carrier.trim() || !waybill.trim()}
              onClick={() =>
                void step(
                  'shipment',
                  { carrier: carrier.trim(), waybill: waybill.trim() },
                  t('shops.shippedNow', { number: order.number }),
                )
              }
            >
              {t('shops.ship')}
            </Button>
          </Group>
        )}
        {open && (
          <Group align="end" gap="xs" mt="xs">
            <TextInput
              size="xs"
              label={t('shops.refusalReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              w={320}
            />
            <Button
              size="xs"
              color="red"
              variant="light"
              loading={busy}
              disabled={!reason.trim()}
              aria-label={t('shops.refuseOrder', { number: order.number })}
              onClick={() =>
                void step(
                  'refusal',
                  { reason: reason.trim() },
                  t('shops.orderRefused', { number: order.number }),
                )
              }
            >
              {t('shops.refuse')}
            </Button>
          </Group>
        )}
        <ErrorAlert error={error} />
      </div>
    </RowCard>
  );
}

/** The shops' parts orders on the console's repair shops page, by state, newest first. */
function PartsOrdersDesk() {
  const { t } = useTranslation();
  const { label } = useLabels();
  const [state, setState] = useState('placed');
  const [message, setMessage] = useState<string | null>(null);
  const orders = useResource<{ items: PartsOrder[] }>(`/parts-orders?state=${state}`);
  const stock = useResource<{ items: Location[] }>('/stock');
  const items = orders.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('shops.ordersDeskTitle')}
      </Title>
      <Text c="dimmed">{t('shops.ordersDeskIntro')}</Text>
      <SegmentedControl
        aria-label={t('shops.orderState')}
        value={state}
        onChange={(v) => {
          setState(v);
          setMessage(null);
        }}
        data={Object.keys(PARTS_ORDER_STATE_LABELS).map((k) => ({
          value: k,
          label: label(PARTS_ORDER_STATE_LABELS, k),
        }))}
        w="fit-content"
      />
      {message && (
        <Text c="green" role="status">
          {message}
        </Text>
      )}
      <ListState
        loading={orders.loading}
        error={orders.error ?? stock.error}
        empty={items.length === 0}
        emptyText={t('shops.noStaffOrders')}
      />
      {items.map((o) => (
        <StaffOrderCard
          key={o.id}
          order={o}
          locations={stock.data?.items ?? []}
          onDone={(m) => {
            setMessage(m);
            orders.reload();
          }}
        />
      ))}
    </Stack>
  );
}

/** One of the shop's orders: its lines, totals, state and, once shipped, the carrier and waybill. */
function OrderCard({ order }: { order: PartsOrder }) {
  const { t } = useTranslation();
  const bi = useBilingual();
  const m = (v: string) => amount(v, order.currency);
  return (
    <RowCard
      title={t('shops.orderTitle', { number: order.number })}
      badge={<Badge color={ORDER_COLOR[order.state] ?? 'gray'}>{bi(order.stateName)}</Badge>}
    >
      <div data-order={order.number}>
        <Text size="xs" c="dimmed">
          {t('shops.placedAt', { when: formatInstant(order.placedAt) })}
          {order.shopReference ? ` · ${order.shopReference}` : ''}
        </Text>
        {order.lines.map((l) => (
          <Text size="sm" key={l.partNumber}>
            {t('shops.lineOf', {
              name: bi(l.name),
              part: l.partNumber,
              quantity: l.quantity,
              price: m(l.unitPrice),
              net: m(l.net),
            })}
          </Text>
        ))}
        <Text size="sm" fw={600}>
          {t('shops.total', { total: m(order.total), net: m(order.net), tax: m(order.tax) })}
        </Text>
        {order.waybill && (
          <Text size="sm" data-testid="waybill">
            {t('shops.shipped', { carrier: order.carrier ?? '', waybill: order.waybill })}
          </Text>
        )}
        {order.refusalReason && <Text size="sm">{t('shops.refusal', { reason: order.refusalReason })}</Text>}
      </div>
    </RowCard>
  );
}

/**
 * The manuals an approved shop may read: the knowledge base's search answers only what the reader
 * may see (for a shop, what a service partner reads), and there is no list of articles for anyone
 * but staff, so the shop finds them by model, fault code or words.
 */
function Manuals() {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const hits = useResource<SearchHits>(
    asked ? `/kb/search?q=${encodeURIComponent(asked)}&lang=${lang}&limit=20` : null,
  );
  const items = hits.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('shops.manualsTitle')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('shops.manualsIntro')}
      </Text>
      <form
        aria-label={t('shops.manualsSearch')}
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) setAsked(query.trim());
        }}
      >
        <Group align="end" gap="xs">
          <TextInput
            label={t('shops.manualsSearch')}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            w={320}
          />
          <Button type="submit" variant="light">
            {t('shops.manualsFind')}
          </Button>
        </Group>
      </form>
      {asked && (
        <ListState
          loading={hits.loading}
          error={hits.error}
          empty={items.length === 0}
          emptyText={t('shops.noManuals')}
        />
      )}
      {items.map((a) => (
        <div key={a.id} data-manual={a.key}>
          <Anchor component={Link} to={`/shop/kb/${a.key}`}>
            {a.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {[...a.productModels, ...a.faultCodes.map((c) => `${c.model} ${c.code}`)].join(' · ')}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

/**
 * An approved shop's home (`/shop`): the published parts prices with a quantity each, one order of
 * what was picked, and its orders newest first with state and waybill.
 */
export function ShopHome() {
  const { t } = useTranslation();
  const bi = useBilingual();
  const prices = useResource<Published>('/published-prices?kind=part&limit=200');
  const orders = useResource<{ items: PartsOrder[] }>('/parts-orders');
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reference, setReference] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [placed, setPlaced] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parts = prices.data?.items ?? [];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setPlaced(null);
    const lines = parts
      .filter((p) => (quantities[p.key] ?? 0) > 0)
      .map((p) => ({ partNumber: p.key, quantity: quantities[p.key]! }));
    if (lines.length === 0) {
      setError(new Error(t('shops.nothingPicked')));
      return;
    }
    setBusy(true);
    try {
      const order = await post<PartsOrder>('/parts-orders', {
        lines,
        ...(reference.trim() ? { reference: reference.trim() } : {}),
      });
      setPlaced(t('shops.placed', { number: order.number, total: amount(order.total, order.currency) }));
      setQuantities({});
      setReference('');
      orders.reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const list = orders.data?.items ?? [];
  return (
    <Stack maw={860}>
      <Title order={1} size="h2">
        {t('shops.homeTitle')}
      </Title>
      <Text c="dimmed">{t('shops.homeIntro')}</Text>
      <form onSubmit={submit} aria-label={t('shops.order')}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('shops.partsTitle')}
          </Title>
          <ListState
            loading={prices.loading}
            error={prices.error}
            empty={parts.length === 0}
            emptyText={t('shops.noParts')}
          />
          {parts.length > 0 && (
            <Table.ScrollContainer minWidth={380}>
              <Table fz="sm" aria-label={t('shops.partsTitle')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('shops.part')}</Table.Th>
                    <Table.Th scope="col">{t('shops.price')}</Table.Th>
                    <Table.Th scope="col">{t('shops.rate')}</Table.Th>
                    <Table.Th scope="col">{t('shops.quantity')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {parts.map((p) => (
                    <Table.Tr key={p.key} data-part={p.key}>
                      <Table.Td>
                        {bi(p.name)}
                        <Text size="xs" c="dimmed">
                          {p.key}
                        </Text>
                      </Table.Td>
                      <Table.Td>{amount(p.price, p.currency)}</Table.Td>
                      <Table.Td>{p.taxRatePercent} %</Table.Td>
                      <Table.Td>
                        <NumberInput
                          size="xs"
                          w={90}
                          min={0}
                          max={10000}
                          allowDecimal={false}
                          allowNegative={false}
                          aria-label={t('shops.quantityOf', { name: bi(p.name) })}
                          value={quantities[p.key] ?? ''}
                          onChange={(v) =>
                            setQuantities({
                              ...quantities,
                              [p.key]: typeof v === 'number' ? v : Number(v) || 0,
                            })
                          }
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <TextInput
            label={t('shops.reference')}
            maxLength={100}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            maw={320}
          />
          <ErrorAlert error={error} />
          {placed && (
            <Text c="green" role="status">
              {placed}
            </Text>
          )}
          <Button type="submit" loading={busy} w="fit-content" disabled={parts.length === 0}>
            {t('shops.order')}
          </Button>
        </Stack>
      </form>
      <Title order={2} size="h4">
        {t('shops.ordersTitle')}
      </Title>
      <ListState
        loading={orders.loading}
        error={orders.error}
        empty={list.length === 0}
        emptyText={t('shops.noOrders')}
      />
      {list.map((o) => (
        <OrderCard key={o.id} order={o} />
      ))}
      <Manuals />
    </Stack>
  );
}
