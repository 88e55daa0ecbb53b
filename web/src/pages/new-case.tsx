import {
  Alert,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Static } from 'typebox';
import type {
  CustomerMatchSchema,
  OpeningPreviewSchema,
  UnitMatchSchema,
} from '../../../src/http/contracts/intake.ts';
import { FAILURE_CAUSE_LABELS, PART_CATEGORY_LABELS } from '../../../src/http/contracts/labels.ts';
import { get, post } from '../api.ts';
import { ClockTable, ErrorAlert } from '../components.tsx';
import { useLabels } from '../labels.ts';
import { useSession } from '../session.tsx';
import type { CaseView, Clock, Decision } from '../types.ts';

type CustomerMatch = Static<typeof CustomerMatchSchema>;
type UnitMatch = Static<typeof UnitMatchSchema>;
type Preview = Omit<Static<typeof OpeningPreviewSchema>, 'decision'> & { decision: Decision | null };

const CHANNELS = ['phone', 'walk_in', 'email', 'console'] as const;
const KINDS = ['inquiry', 'repair', 'field_visit', 'return', 'complaint'] as const;
const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;

/** Waits until typing pauses before asking the server. */
function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * "New case" for agents taking a phone call, a walk-in or an e-mail by hand: find the customer by
 * name, phone or e-mail and the unit by serial or among the customer's units; the entitlement and
 * the promise are shown (POST /cases/preview, nothing written) before the case is saved.
 */
export function NewCasePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { me } = useSession();
  const [customerText, setCustomerText] = useState('');
  const [customers, setCustomers] = useState<CustomerMatch[]>([]);
  const [customer, setCustomer] = useState<CustomerMatch | null>(null);
  const [serialText, setSerialText] = useState('');
  const [units, setUnits] = useState<UnitMatch[]>([]);
  const [unit, setUnit] = useState<UnitMatch | null>(null);
  const [channel, setChannel] = useState<string>('phone');
  const [kind, setKind] = useState<string>('inquiry');
  const [severity, setSeverity] = useState<string>('normal');
  const [description, setDescription] = useState('');
  const [part, setPart] = useState<string | null>(null);
  const [cause, setCause] = useState<string | null>(null);
  const labels = useLabels();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const typedCustomer = useDebounced(customerText);
  const typedSerial = useDebounced(serialText);

  useEffect(() => {
    if (!typedCustomer.trim() || customer?.name === typedCustomer) return;
    let live = true;
    get<{ items: CustomerMatch[] }>(`/intake/customers?q=${encodeURIComponent(typedCustomer.trim())}`)
      .then((r) => live && setCustomers(r.items))
      .catch((e: Error) => live && setError(e));
    return () => {
      live = false;
    };
  }, [typedCustomer, customer]);

  // The unit list: what the serial typed starts with, else the chosen customer's units.
  useEffect(() => {
    const serial = typedSerial.trim();
    if (!serial && !customer) return setUnits([]);
    let live = true;
    const query = serial ? `serial=${encodeURIComponent(serial)}` : `customer=${customer!.id}`;
    get<{ items: UnitMatch[] }>(`/intake/units?${query}`)
      .then((r) => live && setUnits(r.items))
      .catch((e: Error) => live && setError(e));
    return () => {
      live = false;
    };
  }, [typedSerial, customer]);

  // Any change to what would be opened makes the shown decision stale.
  // biome-ignore lint/correctness/useExhaustiveDependencies: every input of the opening clears it
  useEffect(() => setPreview(null), [customer, unit, kind, severity, channel, part, cause]);

  const body = () => ({
    kind,
    severity,
    channel,
    description: description.trim() || t('intake.noDescription'),
    ...(unit ? { serial: unit.serial } : {}),
    ...(unit && part && cause ? { failure: { partCategory: part, cause } } : {}),
    ...(customer ? { customer: customer.key } : {}),
  });
  const ask = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setPreview(await post<Preview>('/cases/preview', body()));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const opened = await post<CaseView>('/cases', { ...body(), description: description.trim() });
      navigate(`/console/cases/${opened.id}`);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };
  const zh = i18n.language === 'zh';
  const unitLabel = (u: UnitMatch) =>
    `${u.serial} · ${zh && u.product.nameZh ? u.product.nameZh : u.product.name} · ${u.owner.name}`;
  const canSave = !!preview && description.trim().length > 0 && !busy;

  return (
    <Stack maw={760}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('intake.title')}
        </Title>
        <Anchor component={Link} to="/console">
          {t('intake.backToQueue')}
        </Anchor>
      </Group>
      {me && !['agent', 'manager', 'admin'].includes(me.user.role) && (
        <Alert color="yellow">{t('intake.notAllowed')}</Alert>
      )}
      <form onSubmit={ask} aria-label={t('intake.title')}>
        <Stack>
          <Autocomplete
            label={t('intake.customer')}
            description={t('intake.customerHint')}
            value={customerText}
            onChange={(v) => {
              setCustomerText(v);
              if (customer && v !== customer.name) setCustomer(null);
            }}
            data={customers.map((c) => ({
              value: c.id,
              label: [c.name, c.nameZh, c.phone, c.email].filter(Boolean).join(' · '),
            }))}
            filter={({ options }) => options}
            onOptionSubmit={(id) => {
              const chosen = customers.find((c) => c.id === id) ?? null;
              setCustomer(chosen);
              setCustomerText(chosen?.name ?? '');
              setUnit(null);
            }}
            data-testid="intake-customer"
          />
          {customer && (
            <Text size="sm" data-testid="intake-customer-chosen">
              {t('intake.chosenCustomer', { name: customer.name, units: customer.units })}
            </Text>
          )}
          <TextInput
            label={t('intake.serial')}
            description={t('intake.serialHint')}
            value={serialText}
            onChange={(e) => setSerialText(e.currentTarget.value)}
            data-testid="intake-serial"
          />
          {units.length > 0 && (
            <Radio.Group
              label={t('intake.unit')}
              value={unit?.id ?? ''}
              onChange={(id) => {
                const chosen = units.find((u) => u.id === id) ?? null;
                setUnit(chosen);
                if (chosen && (!customer || customer.id !== chosen.owner.id)) {
                  setCustomer({ ...chosen.owner, nameZh: null, email: null, phone: null, units: 0 });
                  setCustomerText(chosen.owner.name);
                }
              }}
            >
              <Stack gap={4} mt={4}>
                <Radio value="" label={t('intake.noUnit')} />
                {units.map((u) => (
                  <Radio key={u.id} value={u.id} label={unitLabel(u)} />
                ))}
              </Stack>
            </Radio.Group>
          )}
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label={t('intake.channel')}
              data={CHANNELS.map((c) => ({ value: c, label: t(`intake.channels.${c}`) }))}
              value={channel}
              onChange={(v) => v && setChannel(v)}
              allowDeselect={false}
              miw={140}
            />
            <Select
              label={t('intake.kind')}
              data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              value={kind}
              onChange={(v) => v && setKind(v)}
              allowDeselect={false}
              miw={140}
            />
            <Select
              label={t('queue.severity')}
              data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
              value={severity}
              onChange={(v) => v && setSeverity(v)}
              allowDeselect={false}
              miw={120}
            />
          </Group>
          {unit && (
            <Group grow align="flex-start" wrap="wrap">
              <Select
                label={t('intake.failedPart')}
                clearable
                data={unit.partCategories.map((k) => ({
                  value: k,
                  label: labels.label(PART_CATEGORY_LABELS, k),
                }))}
                value={part}
                onChange={setPart}
                miw={160}
              />
              <Select
                label={t('intake.cause')}
                clearable
                data={Object.keys(FAILURE_CAUSE_LABELS).map((k) => ({
                  value: k,
                  label: labels.label(FAILURE_CAUSE_LABELS, k),
                }))}
                value={cause}
                onChange={setCause}
                miw={160}
              />
            </Group>
          )}
          <Textarea
            label={t('intake.description')}
            autosize
            minRows={3}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            data-testid="intake-description"
          />
          <Group>
            <Button type="submit" variant="light" loading={busy && !preview} data-testid="intake-preview">
              {t('intake.check')}
            </Button>
            {busy && <Loader size="sm" aria-label={t('common.loading')} />}
          </Group>
        </Stack>
      </form>
      <ErrorAlert error={error} />
      {preview && (
        <Card withBorder data-testid="intake-decision">
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('intake.beforeSaving')}
            </Title>
            <Text size="sm">
              {preview.customer.name}
              {preview.unit ? ` · ${preview.unit.serial} · ${preview.unit.product.name}` : ''}
            </Text>
            {preview.decision ? (
              <Group gap="xs">
                <Badge color={preview.decision.covered ? 'green' : 'gray'} size="lg">
                  {preview.decision.covered ? t('warranty.covered') : t('warranty.notCovered')}
                </Badge>
                <Text size="sm">
                  {zh ? preview.decision.explanation.zh : preview.decision.explanation.en}
                </Text>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                {preview.unit ? t('intake.decidedAtDiagnosis') : t('intake.noUnitNoDecision')}
              </Text>
            )}
            {preview.agreement ? (
              <Text size="sm">
                {t(preview.agreement.defaultLevels ? 'intake.promiseDefault' : 'intake.promise', {
                  title: preview.agreement.title ?? preview.agreement.id,
                })}
              </Text>
            ) : (
              <Alert color="yellow">{t('intake.noPromise')}</Alert>
            )}
            <ClockTable clocks={preview.clocks as Clock[]} compact />
            {preview.intake && (
              <Text size="xs" c="dimmed">
                {t('intake.asDistributor', { ref: preview.intake.ref ?? '' })}
              </Text>
            )}
            <Group>
              <Button onClick={save} disabled={!canSave} data-testid="intake-save">
                {t('intake.save')}
              </Button>
              {!description.trim() && (
                <Text size="xs" c="dimmed">
                  {t('intake.describeFirst')}
                </Text>
              )}
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
