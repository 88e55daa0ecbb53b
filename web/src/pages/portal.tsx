import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { post, toAttachment } from '../api.ts';
import { ErrorAlert, Section, StateBadge } from '../components.tsx';
import { formatDate, formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';
import { useSession } from '../session.tsx';
import type { HistoryItem, Page, QueueItem, UnitView, Warranty } from '../types.ts';
import { PlanOffers } from './contracts-common.tsx';
import { GuidesSection } from './troubleshoot.tsx';

/** A part category or cause in the reader's language; unknown keys read as they are, underscores spaced. */
export function useTerm() {
  const { t, i18n } = useTranslation();
  return (kind: 'part' | 'cause' | 'condition', key: string) =>
    i18n.exists(`${kind}.${key}`) ? t(`${kind}.${key}`) : key.replaceAll('_', ' ');
}

/** A customer's requests, each linking to its page: what it is about, when sent, and a new reply marked. */
function RequestList({ items }: { items: Array<QueueItem | HistoryItem> }) {
  const { t } = useTranslation();
  return (
    <List listStyleType="none" spacing="xs">
      {items.map((c) => (
        <List.Item key={c.id}>
          <Group gap="xs">
            <Anchor component={Link} to={`/portal/requests/${c.id}`} fw={c.unread ? 700 : undefined}>
              {c.number}
            </Anchor>
            {c.unread && (
              <Badge size="xs" color="red" variant="filled">
                {t('portal.newReply')}
              </Badge>
            )}
            <Text size="sm">{t(`kind.${c.kind}`)}</Text>
            <Text size="sm" c="dimmed">
              {c.serial}
            </Text>
            <StateBadge state={c.state} />
            <Text size="xs" c="dimmed">
              {'updatedAt' in c
                ? formatInstant(c.updatedAt)
                : t('request.openedAt', { when: formatInstant(c.openedAt) })}
            </Text>
          </Group>
          {c.subject && (
            <Text size="sm" lineClamp={1}>
              {c.subject}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}

export function PortalHome() {
  const { t } = useTranslation();
  const { me } = useSession();
  const units = useResource<Page<UnitView>>('/units?limit=100');
  const cases = useResource<Page<QueueItem>>('/cases/queue?limit=100');
  const past = useResource<Page<HistoryItem>>('/cases/history?limit=20');
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('portal.welcome', { name: me?.user.name })}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section
          title={t('portal.myRequests')}
          actions={
            <Button component={Link} to="/portal/requests/new" size="xs">
              {t('nav.newRequest')}
            </Button>
          }
        >
          <ErrorAlert error={cases.error} />
          {cases.data?.items.length === 0 && <Text c="dimmed">{t('portal.noRequests')}</Text>}
          <RequestList items={cases.data?.items ?? []} />
          <ErrorAlert error={past.error} />
          {(past.data?.items.length ?? 0) > 0 && (
            <>
              <Title order={3} size="h5" mt="sm">
                {t('portal.pastRequests')}
              </Title>
              <RequestList items={past.data?.items ?? []} />
            </>
          )}
        </Section>
        <Section
          title={t('portal.myUnits')}
          actions={
            <Button component={Link} to="/portal/register" size="xs" variant="light">
              {t('nav.register')}
            </Button>
          }
        >
          <ErrorAlert error={units.error} />
          {units.data?.items.length === 0 && <Text c="dimmed">{t('portal.noUnits')}</Text>}
          <Table aria-label={t('portal.myUnits')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('unit.serial')}</Table.Th>
                <Table.Th scope="col">{t('unit.product')}</Table.Th>
                <Table.Th scope="col">{t('unit.soldOn')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('nav.warranty')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {units.data?.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Link to={`/portal/units/${encodeURIComponent(u.serial)}`}>{u.serial}</Link>
                  </Table.Td>
                  <Table.Td>{u.product.name}</Table.Td>
                  <Table.Td>{formatDate(u.soldOn)}</Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/portal/warranty?serial=${encodeURIComponent(u.serial)}`}
                      size="sm"
                    >
                      {t('portal.checkWarranty')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
        <GuidesSection />
      </SimpleGrid>
    </Stack>
  );
}

export function WarrantyResult({ warranty }: { warranty: Warranty }) {
  const { t, i18n } = useTranslation();
  const term = useTerm();
  const zh = i18n.language === 'zh';
  return (
    <Stack data-testid="warranty-result">
      <Text>
        {(zh && warranty.productName.zh) || warranty.productName.en} · {warranty.serial}
      </Text>
      {warranty.agreement ? (
        <Text size="sm" c="dimmed">
          {t('warranty.terms', { title: warranty.agreement.title, version: warranty.agreement.version })}
          {warranty.coverStart &&
            ` · ${t('warranty.coverStart', { date: formatDate(warranty.coverStart.date), basis: t(`basis.${warranty.coverStart.basis}`) })}`}
        </Text>
      ) : (
        <Alert color="yellow">{t('warranty.noTerms')}</Alert>
      )}
      <Title order={3} size="h5">
        {t('warranty.byPart')}
      </Title>
      <List spacing="xs" aria-label={t('warranty.byPart')}>
        {warranty.parts.map((p) => {
          const refs = p.refs.length > 0 ? ` (${p.refs.join(', ')})` : '';
          return (
            <List.Item
              key={p.partCategory}
              icon={
                <Badge color={p.covered ? 'green' : 'gray'} variant="light" w={90}>
                  {p.covered ? t('warranty.covered') : t('warranty.notCovered')}
                </Badge>
              }
            >
              <Text span fw={600}>
                {term('part', p.partCategory)}
                {zh ? '：' : ': '}
              </Text>
              {p.covered
                ? t('warranty.coveredThrough', { date: formatDate(p.lastDay) }) + refs
                : p.reason === 'expired'
                  ? t('warranty.expiredOn', { date: formatDate(p.lastDay) }) + refs
                  : `${zh ? p.explanation.zh : p.explanation.en}${refs}`}
            </List.Item>
          );
        })}
      </List>
      {warranty.exclusions.length > 0 && (
        <>
          <Title order={3} size="h5">
            {t('warranty.neverCovered')}
          </Title>
          <List spacing={4}>
            {warranty.exclusions.map((e) => (
              <List.Item key={e.cause}>
                {term('cause', e.cause)}
                {e.ref ? ` (${e.ref})` : ''}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {warranty.conditions.length > 0 && (
        <>
          <Title order={3} size="h5">
            {t('warranty.conditions')}
          </Title>
          <List spacing={4}>
            {warranty.conditions.map((c) => (
              <List.Item key={c.condition}>
                {term('condition', c.condition)}
                {c.ref ? ` (${c.ref})` : ''}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {warranty.returns && (warranty.returns.noReasonUntil || warranty.returns.replacementUntil) && (
        <Text size="sm">
          {t('warranty.returns', {
            noReason: formatDate(warranty.returns.noReasonUntil),
            replacement: formatDate(warranty.returns.replacementUntil),
          })}
          {warranty.returns.ref ? ` (${warranty.returns.ref})` : ''}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('warranty.asOf', { date: formatDate(warranty.checkedOn) })}
      </Text>
    </Stack>
  );
}

export function WarrantyPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const serial = params.get('serial') ?? '';
  const [input, setInput] = useState(serial);
  const warranty = useResource<Warranty>(serial ? `/warranty/${encodeURIComponent(serial)}` : null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams({ serial: input.trim() });
  };
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">
        {t('warranty.title')}
      </Title>
      <form onSubmit={submit} aria-label={t('warranty.title')}>
        <Group align="flex-end">
          <TextInput
            label={t('unit.serial')}
            description={t('warranty.serialHint')}
            required
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            w={320}
          />
          <Button type="submit" loading={warranty.loading}>
            {t('warranty.check')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={warranty.error} />
      {warranty.data && !warranty.error && (
        <Section title={t('warranty.result')}>
          <WarrantyResult warranty={warranty.data} />
          <Group>
            <Button
              component={Link}
              to={`/portal/requests/new?serial=${encodeURIComponent(warranty.data.serial)}`}
            >
              {t('nav.newRequest')}
            </Button>
          </Group>
        </Section>
      )}
      {warranty.data && !warranty.error && (
        <PlanOffers key={warranty.data.serial} serial={warranty.data.serial} onBought={warranty.reload} />
      )}
    </Stack>
  );
}

export function RegisterUnitPage() {
  const { t } = useTranslation();
  const [serial, setSerial] = useState('');
  const [purchasedOn, setPurchasedOn] = useState('');
  const [proof, setProof] = useState<File | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<{ serial: string; registeredAt: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!proof) return;
    setBusy(true);
    setError(null);
    try {
      setDone(
        await post('/units/registrations', {
          serial: serial.trim(),
          purchasedOn,
          proof: await toAttachment(proof),
        }),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack maw={560}>
      <Title order={1} size="h2">
        {t('register.title')}
      </Title>
      <Text c="dimmed">{t('register.lead')}</Text>
      <form onSubmit={submit} aria-label={t('register.title')}>
        <Stack>
          <TextInput
            label={t('unit.serial')}
            required
            value={serial}
            onChange={(e) => setSerial(e.currentTarget.value)}
          />
          <TextInput
            label={t('register.purchasedOn')}
            type="date"
            required
            value={purchasedOn}
            onChange={(e) => setPurchasedOn(e.currentTarget.value)}
          />
          <FileInput
            label={t('register.proof')}
            description={t('register.proofHint')}
            accept="image/png,image/jpeg,image/webp,image/heic,application/pdf"
            required
            value={proof}
            onChange={setProof}
            clearable
          />
          <ErrorAlert error={error} />
          {done && (
            <Alert color="green" role="status">
              {t('register.done', { serial: done.serial, at: formatInstant(done.registeredAt) })}{' '}
              <Anchor component={Link} to={`/portal/warranty?serial=${encodeURIComponent(done.serial)}`}>
                {t('portal.checkWarranty')}
              </Anchor>
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            {t('register.submit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
