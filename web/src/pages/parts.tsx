import {
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { DefectiveReturnSchema } from '../../../src/http/contracts/claims.ts';
import {
  DEFECTIVE_PART_STATE_LABELS,
  DUTY_RISK_LABELS,
  LOCATION_KIND_LABELS,
  PART_CATEGORY_LABELS,
} from '../../../src/http/contracts/labels.ts';
import type {
  DutySchema,
  PartSchema,
  ReorderSchema,
  StockLocationSchema,
} from '../../../src/http/contracts/parts.ts';
import { post } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { formatDate } from '../format.ts';
import { useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import { LabelBadge, ListState, localName, money, RowCard, useRoles } from './engines-common.tsx';

type Part = Static<typeof PartSchema>;
type Location = Static<typeof StockLocationSchema>;
type Reorder = Static<typeof ReorderSchema>;
type Duty = Static<typeof DutySchema>;
type Defective = Static<typeof DefectiveReturnSchema>;

function Catalogue({
  parts,
}: {
  parts: { data?: { items: Part[] }; loading: boolean; error: Error | null };
}) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const items = parts.data?.items ?? [];
  const costs = items.some((p) => p.unitCostMinor !== undefined);
  return (
    <>
      <ListState
        loading={parts.loading}
        error={parts.error}
        empty={items.length === 0}
        emptyText={t('parts.noParts')}
      />
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table striped aria-label={t('parts.catalogue')} data-testid="catalogue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('parts.part')}</Table.Th>
                <Table.Th>{t('parts.category')}</Table.Th>
                <Table.Th>{t('parts.usedIn')}</Table.Th>
                {costs && <Table.Th ta="right">{t('parts.cost')}</Table.Th>}
                {costs && <Table.Th>{t('parts.supplier')}</Table.Th>}
                <Table.Th>{t('parts.leadTime')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.partNumber}>
                  <Table.Td>
                    {localName(p)}
                    <Text size="xs" c="dimmed">
                      {p.partNumber}
                    </Text>
                  </Table.Td>
                  <Table.Td>{label(PART_CATEGORY_LABELS, p.partCategory)}</Table.Td>
                  <Table.Td>{p.usedIn.map((u) => `${u.model} × ${u.quantity}`).join(', ')}</Table.Td>
                  {costs && (
                    <Table.Td ta="right">
                      {p.unitCostMinor !== undefined && p.currency ? money(p.unitCostMinor, p.currency) : '—'}
                    </Table.Td>
                  )}
                  {costs && <Table.Td>{p.supplier?.name ?? '—'}</Table.Td>}
                  <Table.Td>
                    {p.leadTimeDays !== undefined ? t('parts.days', { count: p.leadTimeDays }) : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

function StockMoves({
  locations,
  parts,
  onDone,
}: {
  locations: Location[];
  parts: Part[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'receipt' | 'transfer'>('receipt');
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [part, setPart] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);
  const locationData = locations.map((l) => ({ value: l.key, label: localName(l) }));
  return (
    <form
      aria-label={t('parts.move')}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setDone(false);
        try {
          const common = { partNumber: part, quantity: Number(quantity), ...(note.trim() ? { note } : {}) };
          if (mode === 'receipt') await post('/stock/receipts', { location: to, ...common });
          else await post('/stock/transfers', { from, to, ...common });
          setDone(true);
          onDone();
        } catch (x) {
          setError(x as Error);
        }
      }}
    >
      <Stack gap="xs">
        <Select
          label={t('parts.moveKind')}
          data={[
            { value: 'receipt', label: t('parts.receipt') },
            { value: 'transfer', label: t('parts.transfer') },
          ]}
          value={mode}
          onChange={(v) => setMode((v as 'receipt' | 'transfer') ?? 'receipt')}
          allowDeselect={false}
        />
        {mode === 'transfer' && (
          <Select label={t('parts.from')} required data={locationData} value={from} onChange={setFrom} />
        )}
        <Select
          label={mode === 'transfer' ? t('parts.to') : t('parts.location')}
          required
          data={locationData}
          value={to}
          onChange={setTo}
        />
        <Select
          label={t('parts.part')}
          required
          searchable
          data={parts.map((p) => ({ value: p.partNumber, label: `${localName(p)} · ${p.partNumber}` }))}
          value={part}
          onChange={setPart}
        />
        <NumberInput label={t('parts.quantity')} min={1} value={quantity} onChange={setQuantity} />
        <TextInput label={t('parts.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <ErrorAlert error={error} />
        {done && (
          <Text c="green" role="status">
            {t('parts.moved')}
          </Text>
        )}
        <Group>
          <Button type="submit" disabled={!part || !to || (mode === 'transfer' && !from)}>
            {mode === 'receipt' ? t('parts.receiveButton') : t('parts.transferButton')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function StockTab({ parts }: { parts: Part[] }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const { staffWriter, partner } = useRoles();
  const stock = useResource<{ items: Location[] }>('/stock');
  const items = stock.data?.items ?? [];
  const partName = (n: string) => {
    const p = parts.find((x) => x.partNumber === n);
    return p ? `${localName(p)} (${n})` : n;
  };
  return (
    <Stack>
      <ListState
        loading={stock.loading}
        error={stock.error}
        empty={items.length === 0}
        emptyText={t('parts.noStock')}
      />
      {items.map((l) => (
        <RowCard
          key={l.key}
          title={localName(l)}
          badge={<Badge variant="light">{label(LOCATION_KIND_LABELS, l.kind)}</Badge>}
        >
          <Text size="xs" c="dimmed">
            {t('parts.heldBy', { holder: l.holder.name, owner: l.owner.name })}
          </Text>
          {l.levels.length === 0 && <Text size="sm">{t('parts.empty')}</Text>}
          {l.levels.map((v) => (
            <Text size="sm" key={v.partNumber} data-testid="stock-level">
              {partName(v.partNumber)}:{' '}
              {t('parts.levels', { onHand: v.onHand, reserved: v.reserved, available: v.available })}
            </Text>
          ))}
        </RowCard>
      ))}
      {(staffWriter || partner) && items.length > 0 && (
        <Section title={t('parts.move')}>
          <StockMoves locations={items} parts={parts} onDone={stock.reload} />
        </Section>
      )}
    </Stack>
  );
}

function ReorderTab({ parts }: { parts: Part[] }) {
  const { t } = useTranslation();
  const reorder = useResource<Reorder>('/parts/reorder');
  const items = (reorder.data?.items ?? []).filter((i) => i.suggestedQuantity > 0);
  const partName = (n: string) => {
    const p = parts.find((x) => x.partNumber === n);
    return p ? `${localName(p)} (${n})` : n;
  };
  return (
    <Stack>
      {reorder.data && (
        <Text size="sm" c="dimmed">
          {t('parts.reorderLead', { days: reorder.data.windowDays, since: formatDate(reorder.data.since) })}
        </Text>
      )}
      <ListState
        loading={reorder.loading}
        error={reorder.error}
        empty={items.length === 0}
        emptyText={t('parts.noReorder')}
      />
      {items.map((i) => (
        <RowCard
          key={i.partNumber}
          title={partName(i.partNumber)}
          badge={<Badge color="orange">{t('parts.order', { count: i.suggestedQuantity })}</Badge>}
        >
          <Text size="sm">
            {t('parts.reorderLine', {
              used: i.usedInWindow,
              available: i.available,
              point: i.reorderPoint,
              target: i.targetLevel,
              lead: i.leadTimeDays,
            })}
          </Text>
        </RowCard>
      ))}
    </Stack>
  );
}

function DefectiveTab({ parts }: { parts: Part[] }) {
  const { t } = useTranslation();
  const { staffWriter, partner } = useRoles();
  const list = useResource<{ items: Defective[] }>('/defective-returns');
  const [ship, setShip] = useState<Record<string, { carrier: string; waybill: string }>>({});
  const [error, setError] = useState<Error | null>(null);
  const items = list.data?.items ?? [];
  const partName = (n: string) => {
    const p = parts.find((x) => x.partNumber === n);
    return p ? `${localName(p)} (${n})` : n;
  };
  const step = async (d: Defective, body: unknown) => {
    setError(null);
    try {
      await post(`/defective-returns/${d.id}/steps`, body);
      list.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Stack>
      <ErrorAlert error={error} />
      <ListState
        loading={list.loading}
        error={list.error}
        empty={items.length === 0}
        emptyText={t('parts.noDefective')}
      />
      {items.map((d) => {
        const s = ship[d.id] ?? { carrier: '', waybill: '' };
        return (
          <RowCard
            key={d.id}
            title={`${partName(d.partNumber)}${d.serial ? ` · ${d.serial}` : ''}`}
            badge={
              <LabelBadge
                labels={DEFECTIVE_PART_STATE_LABELS}
                value={d.state}
                colors={{ pending: 'yellow', shipped: 'indigo', received: 'green' }}
              />
            }
          >
            <Text size="sm" c={d.overdue ? 'red' : undefined}>
              {d.holder.name} ·{' '}
              {d.state === 'pending'
                ? d.overdue
                  ? t('parts.overdueSince', { date: formatDate(d.dueOn) })
                  : t('parts.dueOn', { date: formatDate(d.dueOn), count: d.daysLeft })
                : t('parts.dueWas', { date: formatDate(d.dueOn) })}
              {d.ref ? ` (${d.ref})` : ''}
            </Text>
            {d.shipment && (
              <Text size="xs">
                {d.shipment.carrier} · {d.shipment.waybill}
              </Text>
            )}
            {(partner || staffWriter) && d.state === 'pending' && (
              <Group align="flex-end" gap="xs">
                <TextInput
                  size="xs"
                  label={t('returnsDesk.carrier')}
                  value={s.carrier}
                  onChange={(e) => setShip({ ...ship, [d.id]: { ...s, carrier: e.currentTarget.value } })}
                />
                <TextInput
                  size="xs"
                  label={t('returnsDesk.waybill')}
                  value={s.waybill}
                  onChange={(e) => setShip({ ...ship, [d.id]: { ...s, waybill: e.currentTarget.value } })}
                />
                <Button
                  size="xs"
                  disabled={!s.carrier || !s.waybill}
                  onClick={() => void step(d, { step: 'shipped', ...s })}
                >
                  {t('parts.shipBack')}
                </Button>
              </Group>
            )}
            {staffWriter && d.state === 'shipped' && (
              <Group>
                <Button size="xs" color="green" onClick={() => void step(d, { step: 'received' })}>
                  {t('parts.receiveBack')}
                </Button>
              </Group>
            )}
          </RowCard>
        );
      })}
    </Stack>
  );
}

function DutyTab() {
  const { t } = useTranslation();
  const { label } = useLabels();
  const duty = useResource<Duty>('/parts/duty');
  const items = duty.data?.items ?? [];
  return (
    <Stack>
      {duty.data && (
        <Text size="sm" fw={500} c={duty.data.atRisk > 0 ? 'red' : undefined}>
          {t('parts.atRisk', { count: duty.data.atRisk, date: formatDate(duty.data.asOf) })}
        </Text>
      )}
      <ListState
        loading={duty.loading}
        error={duty.error}
        empty={items.length === 0}
        emptyText={t('parts.noDuty')}
      />
      {items.map((d) => (
        <RowCard
          key={`${d.product}${d.partNumber}`}
          title={`${d.product} · ${d.name}`}
          badge={
            d.risks.length > 0 ? (
              <Badge color="red">{t('parts.risk')}</Badge>
            ) : (
              <Badge color="green">{t('parts.ok')}</Badge>
            )
          }
        >
          <Text size="sm">
            {label(PART_CATEGORY_LABELS, d.partCategory)} · {d.partNumber} ·{' '}
            {d.dutyUntil ? t('parts.dutyUntil', { date: formatDate(d.dutyUntil) }) : t('parts.inProduction')}
            {d.agreement?.ref ? ` (${d.agreement.ref})` : ''}
          </Text>
          <Text size="sm">{t('parts.onHand', { count: d.onHand })}</Text>
          {d.risks.map((r) => (
            <Text key={r} size="sm" c="red">
              {label(DUTY_RISK_LABELS, r)}
            </Text>
          ))}
        </RowCard>
      ))}
    </Stack>
  );
}

/** Spare parts: the catalogue, stock by location with receipts and transfers, reorder, defective returns, the duty. */
export function PartsPage() {
  const { t } = useTranslation();
  const { staff } = useRoles();
  const parts = useResource<{ items: Part[] }>('/parts');
  const catalogue = parts.data?.items ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('parts.title')}
      </Title>
      <Tabs defaultValue="stock" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="stock">{t('parts.stock')}</Tabs.Tab>
          <Tabs.Tab value="catalogue">{t('parts.catalogue')}</Tabs.Tab>
          <Tabs.Tab value="defective">{t('parts.defective')}</Tabs.Tab>
          {staff && <Tabs.Tab value="reorder">{t('parts.reorder')}</Tabs.Tab>}
          {staff && <Tabs.Tab value="duty">{t('parts.duty')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="stock" pt="md">
          <StockTab parts={catalogue} />
        </Tabs.Panel>
        <Tabs.Panel value="catalogue" pt="md">
          <Catalogue parts={parts} />
        </Tabs.Panel>
        <Tabs.Panel value="defective" pt="md">
          <DefectiveTab parts={catalogue} />
        </Tabs.Panel>
        {staff && (
          <Tabs.Panel value="reorder" pt="md">
            <ReorderTab parts={catalogue} />
          </Tabs.Panel>
        )}
        {staff && (
          <Tabs.Panel value="duty" pt="md">
            <DutyTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
