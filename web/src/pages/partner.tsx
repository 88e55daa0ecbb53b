import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Grid,
  Group,
  List,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PART_CATEGORY_LABELS } from '../../../src/http/contracts/labels.ts';
import { post, toAttachment } from '../api.ts';
import { ClockTable, ErrorAlert, Section, StateBadge } from '../components.tsx';
import { formatDate, formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import { type SignatureHandle, SignaturePad } from '../signature.tsx';
import type { Activity, CaseView, Page, QueueItem, UnitView } from '../types.ts';
import { CaseRepairs } from './repairs.tsx';
import { Conversation, ReplyForm, useMarkRead } from './request.tsx';

export function PartnerHome() {
  const { t } = useTranslation();
  const queue = useResource<Page<QueueItem>>('/cases/queue?limit=100');
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('partner.title')}
      </Title>
      <ErrorAlert error={queue.error} />
      <Table striped aria-label={t('partner.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('queue.case')}</Table.Th>
            <Table.Th scope="col">{t('queue.severity')}</Table.Th>
            <Table.Th scope="col">{t('queue.state')}</Table.Th>
            <Table.Th scope="col">{t('queue.customer')}</Table.Th>
            <Table.Th scope="col">{t('unit.serial')}</Table.Th>
            <Table.Th scope="col">{t('queue.next')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {queue.data?.items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/partner/cases/${c.id}`} fw={c.unread ? 700 : undefined}>
                  {c.number}
                </Anchor>
                {c.unread && (
                  <Text size="xs" c="dimmed">
                    {t('queueMore.unread')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t(`severity.${c.severity}`)}</Table.Td>
              <Table.Td>
                <StateBadge state={c.state} />
              </Table.Td>
              <Table.Td>{c.customerName}</Table.Td>
              <Table.Td>{c.serial ?? '—'}</Table.Td>
              <Table.Td>
                {c.nextTarget ? t(`target.${c.nextTarget}`) : '—'} {formatInstant(c.nextDueAt)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {queue.data?.items.length === 0 && <Text c="dimmed">{t('partner.none')}</Text>}
    </Stack>
  );
}

function AcceptDecline({
  c,
  activity,
  onDone,
}: {
  c: CaseView;
  activity: Activity | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [declined, setDeclined] = useState(false);
  const last = activity?.partnerResponses.at(-1);
  const answer = async (decision: 'accepted' | 'declined') => {
    setError(null);
    try {
      await post(`/cases/${c.id}/partner-response`, { decision, ...(reason.trim() ? { reason } : {}) });
      if (decision === 'declined') setDeclined(true);
      else onDone();
    } catch (e) {
      setError(e as Error);
    }
  };
  if (declined)
    return (
      <Alert color="gray" role="status">
        {t('partner.declinedDone')}
      </Alert>
    );
  if (last?.decision === 'accepted')
    return (
      <Badge color="green" size="lg" data-testid="accepted">
        {t('partner.acceptedAt', { when: formatInstant(last.at) })}
      </Badge>
    );
  return (
    <Stack gap="xs">
      <Group>
        <Button color="green" onClick={() => void answer('accepted')}>
          {t('partner.accept')}
        </Button>
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void answer('declined');
        }}
        aria-label={t('partner.decline')}
      >
        <Group align="flex-end">
          <TextInput
            label={t('partner.declineReason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            w={320}
          />
          <Button type="submit" color="red" variant="light">
            {t('partner.decline')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error} />
    </Stack>
  );
}

function localInput(date: Date): string {
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

function VisitReportForm({ c, onFiled }: { c: CaseView; onFiled: (v: CaseView) => void }) {
  const { t } = useTranslation();
  const [arrived, setArrived] = useState(() => localInput(new Date()));
  const [departed, setDeparted] = useState('');
  const [workDone, setWorkDone] = useState('');
  const [parts, setParts] = useState<{ partNumber: string; quantity: number }[]>([]);
  const [signedBy, setSignedBy] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState(false);
  const signature = useRef<SignatureHandle>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const png = signature.current?.toPngBase64();
    if (!png) {
      setError(new Error(t('visit.signatureMissing')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const arrivedAt = new Date(arrived);
      const view = await post<CaseView>(`/cases/${c.id}/visit-reports`, {
        arrivedAt: arrivedAt.toISOString(),
        ...(departed ? { departedAt: new Date(departed).toISOString() } : {}),
        workDone,
        partsUsed: parts.filter((p) => p.partNumber.trim()),
        signedBy,
        signature: { name: 'signature.png', mediaType: 'image/png', contentBase64: png },
        photos: await Promise.all(photos.map(toAttachment)),
      });
      setFiled(true);
      onFiled(view);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  if (filed)
    return (
      <Alert color="green" role="status" data-testid="visit-filed">
        {t('visit.filed')}
      </Alert>
    );
  return (
    <form onSubmit={submit} aria-label={t('visit.title')}>
      <Stack>
        <Group grow>
          <TextInput
            label={t('visit.arrival')}
            type="datetime-local"
            required
            value={arrived}
            onChange={(e) => setArrived(e.currentTarget.value)}
          />
          <TextInput
            label={t('visit.departure')}
            type="datetime-local"
            value={departed}
            onChange={(e) => setDeparted(e.currentTarget.value)}
          />
        </Group>
        <Textarea
          label={t('visit.workDone')}
          required
          minRows={3}
          autosize
          value={workDone}
          onChange={(e) => setWorkDone(e.currentTarget.value)}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('visit.partsUsed')}
          </Text>
          {parts.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
            <Group key={i} align="flex-end">
              <TextInput
                label={t('visit.partNumber')}
                value={p.partNumber}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setParts(parts.map((x, j) => (j === i ? { ...x, partNumber: value } : x)));
                }}
              />
              <NumberInput
                label={t('visit.quantity')}
                min={1}
                value={p.quantity}
                onChange={(v) =>
                  setParts(parts.map((x, j) => (j === i ? { ...x, quantity: Number(v) || 1 } : x)))
                }
                w={100}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('visit.removePart')}
                onClick={() => setParts(parts.filter((_, j) => j !== i))}
                mb={4}
              >
                ✕
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="xs"
              variant="default"
              onClick={() => setParts([...parts, { partNumber: '', quantity: 1 }])}
            >
              {t('visit.addPart')}
            </Button>
          </Group>
        </Stack>
        <FileInput
          label={t('visit.photos')}
          multiple
          clearable
          accept="image/*"
          value={photos}
          onChange={setPhotos}
        />
        <TextInput
          label={t('visit.signer')}
          required
          value={signedBy}
          onChange={(e) => setSignedBy(e.currentTarget.value)}
        />
        <SignaturePad ref={signature} label={t('visit.signature')} typedName={signedBy} />
        <ErrorAlert error={error} />
        <Group>
          <Button type="submit" loading={busy}>
            {t('visit.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function UnitHistory({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const unit = useResource<
    UnitView & { parts: { partCategory: string; partNumber: string; serial: string | null }[] }
  >(`/units/${unitId}`);
  if (unit.error) return <ErrorAlert error={unit.error} />;
  const u = unit.data;
  if (!u) return null;
  return (
    <Stack gap={4} data-testid="unit-history">
      <Text size="sm">
        {u.product.name} · <Link to={`/partner/units/${encodeURIComponent(u.serial)}`}>{u.serial}</Link> ·{' '}
        {u.territory}
      </Text>
      <Text size="sm">
        {t('unit.soldOn')}: {formatDate(u.soldOn)} · {t('unit.installedOn')}: {formatDate(u.installedOn)}
      </Text>
      <Text size="sm">
        {t('unit.maintenance')}: {u.maintainedOn.length > 0 ? u.maintainedOn.map(formatDate).join(', ') : '—'}
      </Text>
      <Anchor href={`/api/v1/units/${u.id}/history?format=html`} target="_blank" size="sm">
        {t('partner.printHistory')}
      </Anchor>
      {u.parts.length > 0 && (
        <List size="sm">
          {u.parts.map((p) => (
            <List.Item key={`${p.partCategory}${p.partNumber}`}>
              {label(PART_CATEGORY_LABELS, p.partCategory)}: {p.partNumber} {p.serial ?? ''}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

export function PartnerCasePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const view = useResource<CaseView>(`/cases/${id}`);
  const activity = useResource<Activity>(`/cases/${id}/activity`);
  useMarkRead(id, activity.data);
  if (view.error) return <ErrorAlert error={view.error} />;
  const c = view.data;
  if (!c) return null;
  const own = c.clocks.filter((k) => k.side === 'commitment');
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {c.number}
        </Title>
        <StateBadge state={c.state} />
        <Badge variant="outline">{t(`severity.${c.severity}`)}</Badge>
        <Text c="dimmed">
          {t(`kind.${c.kind}`)} · {c.customer.name}
        </Text>
      </Group>
      <Section title={t('partner.assignment')}>
        <AcceptDecline c={c} activity={activity.data} onDone={activity.reload} />
      </Section>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Section title={t('request.details')}>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Text>
            </Section>
            <Section title={t('request.conversation')}>
              {activity.data && <Conversation activity={activity.data} caseId={c.id} />}
              <ReplyForm
                caseId={c.id}
                notes="partner"
                onSent={(v) => {
                  view.setData(v);
                  activity.reload();
                }}
              />
            </Section>
            <Section title={t('visit.title')}>
              <VisitReportForm
                c={c}
                onFiled={(v) => {
                  view.setData(v);
                  activity.reload();
                }}
              />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <Section title={t('repairs.nav')}>
              <CaseRepairs caseId={c.id} hasUnit={!!c.unit} />
            </Section>
            <Section title={t('partner.ownClocks')}>
              <ClockTable clocks={own} compact />
            </Section>
            <Section title={t('partner.unitHistory')}>{c.unit && <UnitHistory unitId={c.unit.id} />}</Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
