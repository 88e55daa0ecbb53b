import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  MaintenancePlanSchema,
  WorkOrderListItemSchema,
  WorkOrderSchema,
} from '../../../src/http/contracts/field.ts';
import { post, toAttachment } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { useResource } from '../hooks.ts';
import { type SignatureHandle, SignaturePad } from '../signature.tsx';
import type { Page, UnitView } from '../types.ts';

type WorkOrder = Static<typeof WorkOrderListItemSchema>;
type Completed = Static<typeof WorkOrderSchema>;
type DuePlan = Static<typeof MaintenancePlanSchema>;

/** The maintenance due list looks this many days ahead. */
const DUE_DAYS = 60;

/** The usual installation checklist of a chiller, offered when a work order is opened. */
const INSTALLATION_CHECKLIST = {
  en: [
    'Unit level and anchored',
    'Pipework pressure-tested',
    'Electrical supply checked',
    'Customer trained',
  ],
  zh: ['机组水平并固定', '管路压力测试', '电源检查', '客户培训'],
};

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Installation and maintenance work orders (`/partner/work-orders`, `/console/work-orders`): the
 * open ones to do and the latest completed; a new one for a unit with its checklist; completion on
 * the spot with every item ticked, the commissioning values measured, photos and the customer's
 * signature. An installation's completion sets the day the unit's cover counts from, and the page
 * shows the maintenance plans it started.
 */
export function WorkOrdersPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh';
  const [state, setState] = useState<'open' | 'completed'>('open');
  const orders = useResource<WorkOrder[]>(`/work-orders?state=${state}`);
  const units = useResource<Page<UnitView>>('/units?limit=100');
  const dueUntil = new Date(Date.now() + (8 * 3600 + DUE_DAYS * 86_400) * 1000).toISOString().slice(0, 10);
  const due = useResource<DuePlan[]>(`/maintenance/due?until=${dueUntil}`);
  const [opening, setOpening] = useState(false);
  const [serial, setSerial] = useState<string | null>(null);
  const [kind, setKind] = useState<'installation' | 'maintenance'>('installation');
  const [checklist, setChecklist] = useState<string[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<Completed | null>(null);
  const nameOf = (n: { name: string; nameZh: string | null }) => (zh && n.nameZh ? n.nameZh : n.name);

  const startOpening = (forSerial: string | null = null, forKind: typeof kind = 'installation') => {
    setDone(null);
    setError(null);
    setSerial(forSerial);
    setKind(forKind);
    setChecklist(forKind === 'installation' ? INSTALLATION_CHECKLIST[zh ? 'zh' : 'en'] : []);
    setOpening(true);
  };
  const open = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await post('/work-orders', { serial, kind, checklist: checklist.filter((c) => c.trim()) });
      setOpening(false);
      setState('open');
      orders.reload();
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <Stack maw={720}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('workOrders.title')}
        </Title>
        {!opening && <Button onClick={() => startOpening()}>{t('workOrders.new')}</Button>}
      </Group>
      <Text c="dimmed">{t('workOrders.intro')}</Text>
      {done && (
        <Alert color="green" role="status" title={t('workOrders.completedTitle', { serial: done.serial })}>
          {done.kind === 'installation' && (
            <Text size="sm">{t('workOrders.coverFrom', { day: done.completedOn })}</Text>
          )}
          {(done.plans ?? []).map((p) => (
            <Text size="sm" key={p.ref}>
              {t('workOrders.planNext', { ref: p.ref, day: p.nextDueOn })}
            </Text>
          ))}
        </Alert>
      )}
      {opening && (
        <Card withBorder component="form" onSubmit={open} aria-label={t('workOrders.new')}>
          <Stack>
            <Select
              label={t('workOrders.unit')}
              required
              searchable
              data={(units.data?.items ?? []).map((u) => ({
                value: u.serial,
                label: `${u.serial} · ${u.product.model} · ${u.owner.name}`,
              }))}
              value={serial}
              onChange={setSerial}
            />
            <SegmentedControl
              aria-label={t('workOrders.kind')}
              value={kind}
              onChange={(v) => setKind(v as typeof kind)}
              data={[
                { value: 'installation', label: t('workOrders.installation') },
                { value: 'maintenance', label: t('workOrders.maintenance') },
              ]}
            />
            <Stack gap={4} role="group" aria-label={t('workOrders.checklist')}>
              <Text size="sm" fw={500}>
                {t('workOrders.checklist')}
              </Text>
              {checklist.map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity of their own
                <Group key={i} wrap="nowrap">
                  <TextInput
                    style={{ flex: 1 }}
                    aria-label={t('workOrders.item', { n: i + 1 })}
                    value={item}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setChecklist((all) => all.map((x, j) => (j === i ? value : x)));
                    }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('workOrders.removeItem', { n: i + 1 })}
                    onClick={() => setChecklist((all) => all.filter((_, j) => j !== i))}
                  >
                    ✕
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="light"
                size="xs"
                w="fit-content"
                onClick={() => setChecklist((all) => [...all, ''])}
              >
                {t('workOrders.addItem')}
              </Button>
            </Stack>
            <ErrorAlert error={error} />
            <Group>
              <Button type="submit">{t('workOrders.open')}</Button>
              <Button variant="default" onClick={() => setOpening(false)}>
                {t('workOrders.cancel')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <Stack gap={4} component="section" aria-label={t('workOrders.dueTitle', { days: DUE_DAYS })}>
        <Title order={2} size="h4">
          {t('workOrders.dueTitle', { days: DUE_DAYS })}
        </Title>
        <ErrorAlert error={due.error} />
        {due.data?.length === 0 && <Text size="sm">{t('workOrders.noneDue')}</Text>}
        {due.data?.map((p) => (
          <Group key={`${p.unitId}-${p.ref}`} justify="space-between" wrap="wrap">
            <Text size="sm">
              {t('workOrders.dueLine', {
                serial: p.serial,
                ref: p.ref,
                day: p.nextDueOn,
                suspends: p.suspendsAfter,
              })}
            </Text>
            {!opening && (
              <Button
                size="xs"
                variant="light"
                aria-label={t('workOrders.newFor', { serial: p.serial })}
                onClick={() => startOpening(p.serial, 'maintenance')}
              >
                {t('workOrders.newMaintenance')}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      <SegmentedControl
        aria-label={t('workOrders.state')}
        value={state}
        onChange={(v) => setState(v as typeof state)}
        data={[
          { value: 'open', label: t('workOrders.toDo') },
          { value: 'completed', label: t('workOrders.done') },
        ]}
      />
      {!opening && <ErrorAlert error={orders.error} />}
      {!orders.data && !orders.error && <Text c="dimmed">{t('common.loading')}</Text>}
      {orders.data?.length === 0 && (
        <Text>{t(state === 'open' ? 'workOrders.noneOpen' : 'workOrders.noneDone')}</Text>
      )}
      {orders.data?.map((w) => (
        <Card
          key={w.id}
          withBorder
          component="section"
          aria-label={`${w.serial} · ${t(`workOrders.${w.kind}`)}`}
        >
          <Group justify="space-between">
            <Text fw={700}>
              {w.serial} · {w.product.model} {nameOf(w.product)}
            </Text>
            <Badge color={w.state === 'open' ? 'orange' : 'green'}>{t(`workOrders.${w.kind}`)}</Badge>
          </Group>
          <Text size="sm">{nameOf(w.customer)}</Text>
          <Text size="xs" c="dimmed">
            {w.state === 'open'
              ? t('workOrders.openedOn', { day: w.openedAt.slice(0, 10) })
              : t('workOrders.completedOn', { day: w.completedOn, name: w.signedBy })}
          </Text>
          {w.state === 'open' ? (
            <CompletionForm
              order={w}
              onDone={(c) => {
                setDone(c);
                orders.reload();
              }}
            />
          ) : (
            Object.keys(w.commissioning).length > 0 && (
              <Text size="sm" mt="xs">
                {Object.entries(w.commissioning)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(' · ')}
              </Text>
            )
          )}
        </Card>
      ))}
    </Stack>
  );
}

/** Completion on the spot: every item ticked, the values measured, photos, the customer's signature. */
function CompletionForm({ order, onDone }: { order: WorkOrder; onDone: (c: Completed) => void }) {
  const { t } = useTranslation();
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const [values, setValues] = useState<{ name: string; value: number | string }[]>([
    { name: t('workOrders.leavingWater'), value: '' },
  ]);
  const [photos, setPhotos] = useState<File[]>([]);
  const [signer, setSigner] = useState('');
  const [completedOn, setCompletedOn] = useState(shanghaiToday());
  const signature = useRef<SignatureHandle>(null);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const completed = await post<Completed>(`/work-orders/${order.id}/completion`, {
        checklist: order.checklist.map((c) => ({ item: c.item, done: ticked[c.item] === true })),
        commissioning: Object.fromEntries(
          values.filter((v) => v.name.trim() && v.value !== '').map((v) => [v.name.trim(), Number(v.value)]),
        ),
        signedBy: signer,
        signature: {
          name: 'signature.png',
          mediaType: 'image/png',
          contentBase64: signature.current?.toPngBase64() ?? '',
        },
        photos: await Promise.all(photos.map(toAttachment)),
        completedOn,
      });
      onDone(completed);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('workOrders.complete', { serial: order.serial })}>
      <Stack gap="xs" mt="sm">
        <Stack gap={4} role="group" aria-label={t('workOrders.checklist')}>
          {order.checklist.map((c) => (
            <Checkbox
              key={c.item}
              label={c.item}
              checked={ticked[c.item] === true}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setTicked((all) => ({ ...all, [c.item]: on }));
              }}
            />
          ))}
        </Stack>
        <Stack gap={4} role="group" aria-label={t('workOrders.commissioning')}>
          <Text size="sm" fw={500}>
            {t('workOrders.commissioning')}
          </Text>
          {values.map((v, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity of their own
            <Group key={i} grow>
              <TextInput
                aria-label={t('workOrders.valueName', { n: i + 1 })}
                value={v.name}
                onChange={(e) => {
                  const name = e.currentTarget.value;
                  setValues((all) => all.map((x, j) => (j === i ? { ...x, name } : x)));
                }}
              />
              <NumberInput
                aria-label={t('workOrders.valueMeasured', { n: i + 1 })}
                decimalScale={3}
                value={v.value}
                onChange={(value) => setValues((all) => all.map((x, j) => (j === i ? { ...x, value } : x)))}
              />
            </Group>
          ))}
          <Button
            variant="light"
            size="xs"
            w="fit-content"
            onClick={() => setValues((all) => [...all, { name: '', value: '' }])}
          >
            {t('workOrders.addValue')}
          </Button>
        </Stack>
        <FileInput
          label={t('workOrders.photos')}
          multiple
          clearable
          accept="image/*"
          capture="environment"
          value={photos}
          onChange={setPhotos}
        />
        <TextInput
          type="date"
          label={t('workOrders.completedDay')}
          required
          value={completedOn}
          onChange={(e) => setCompletedOn(e.currentTarget.value)}
        />
        <TextInput
          label={t('workOrders.signedBy')}
          required
          value={signer}
          onChange={(e) => setSigner(e.currentTarget.value)}
        />
        <SignaturePad ref={signature} label={t('workOrders.signature')} typedName={signer} />
        <ErrorAlert error={error} />
        <Button type="submit">{t('workOrders.completeButton')}</Button>
      </Stack>
    </form>
  );
}
