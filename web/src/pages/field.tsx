import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type DragEvent, type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  BoardSchema,
  DaySchema,
  SlotOfferSchema,
  SuggestionSchema,
} from '../../../src/http/contracts/field.ts';
import { get, post, toAttachment } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';
import { type SignatureHandle, SignaturePad } from '../signature.tsx';

type Board = Static<typeof BoardSchema>;
type Day = Static<typeof DaySchema>;
type Offer = Static<typeof SlotOfferSchema>;
type Suggestion = Static<typeof SuggestionSchema>;

/** Today's date in Shanghai. */
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The dispatch board: technicians as rows with their visits of the day or week, the cases waiting
 * for a visit beside them by SLA risk. Dragging a case onto a technician books that technician's
 * first slot that keeps the on-site deadline; "Suggest" shows the best technician and why.
 */
export function DispatchBoardPage() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState('1');
  const [from, setFrom] = useState(shanghaiToday());
  const board = useResource<Board>(`/appointments/board?from=${from}&days=${days}`);
  const [error, setError] = useState<Error | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<Record<string, Suggestion>>({});
  const zh = i18n.language === 'zh';

  const assign = async (caseId: string, technicianId: string, name: string) => {
    setError(null);
    try {
      const offer = await get<Offer>(`/appointments/slots?caseId=${caseId}&technicianId=${technicianId}`);
      const slot = offer.slots[0];
      if (!slot) throw new Error(t('field.noSuggestion'));
      const booked = await post<{ startsAt: string }>('/appointments', {
        caseId,
        technicianId,
        startsAt: slot.startsAt,
      });
      const ref = board.data?.unassigned.find((c) => c.caseId === caseId)?.caseRef ?? '';
      setNotice(t('field.assigned', { ref, name, when: formatInstant(booked.startsAt) }));
      board.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const onDrop = (e: DragEvent<HTMLElement>, technicianId: string, name: string) => {
    e.preventDefault();
    const caseId = e.dataTransfer.getData('text/plain');
    if (caseId) void assign(caseId, technicianId, name);
  };
  const suggest = async (caseId: string) => {
    try {
      const s = await get<Suggestion>(`/appointments/suggestion?caseId=${caseId}`);
      setSuggestions((all) => ({ ...all, [caseId]: s }));
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('field.board')}
      </Title>
      <Group>
        <SegmentedControl
          aria-label={t('field.board')}
          value={days}
          onChange={setDays}
          data={[
            { value: '1', label: t('field.day') },
            { value: '7', label: t('field.week') },
          ]}
        />
        <TextInput
          type="date"
          label={t('field.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
      </Group>
      <ErrorAlert error={board.error ?? error} />
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {t('field.dragHint')}
      </Text>
      <Group align="flex-start" wrap="wrap">
        <Stack style={{ flex: '2 1 480px' }}>
          <Title order={2} size="h4">
            {t('field.technicians')}
          </Title>
          <Table aria-label={t('field.technicians')}>
            <Table.Tbody>
              {board.data?.technicians.map((tech) => (
                <Table.Tr
                  key={tech.id}
                  data-technician={tech.name}
                  aria-label={t('field.dropHere', { name: tech.name })}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => onDrop(e, tech.id, tech.name)}
                >
                  <Table.Th scope="row" style={{ width: 160 }}>
                    {tech.name}
                  </Table.Th>
                  <Table.Td>
                    <Group gap="xs">
                      {tech.appointments.length === 0 && (
                        <Text size="sm" c="dimmed">
                          {t('field.noVisits')}
                        </Text>
                      )}
                      {tech.appointments.map((a) => (
                        <Badge
                          key={a.id}
                          variant="light"
                          color={a.conflicts.length > 0 ? 'red' : 'indigo'}
                          title={a.conflicts
                            .map((c) => t(c === 'overlap' ? 'field.conflictOverlap' : 'field.conflictLate'))
                            .join(' · ')}
                        >
                          {formatInstant(a.startsAt)} · {a.caseRef}
                          {a.conflicts.length > 0 &&
                            ` · ${a.conflicts.map((c) => t(c === 'overlap' ? 'field.conflictOverlap' : 'field.conflictLate')).join(', ')}`}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
        <Stack style={{ flex: '1 1 300px' }}>
          <Title order={2} size="h4">
            {t('field.unassigned')}
          </Title>
          {board.data?.unassigned.length === 0 && <Text size="sm">{t('field.noneUnassigned')}</Text>}
          {board.data?.unassigned.map((c) => {
            const s = suggestions[c.caseId];
            return (
              <Card
                key={c.caseId}
                withBorder
                draggable
                data-case={c.caseRef}
                onDragStart={(e: DragEvent<HTMLDivElement>) => e.dataTransfer.setData('text/plain', c.caseId)}
                style={{ cursor: 'grab' }}
              >
                <Text fw={600}>
                  {c.caseRef} · {c.serial}
                </Text>
                <Text size="sm">
                  {c.siteName} · {c.district}
                </Text>
                <Text size="sm" c={c.dueAt ? 'red' : 'dimmed'}>
                  {c.dueAt ? t('field.due', { when: formatInstant(c.dueAt) }) : t('field.noDue')}
                </Text>
                <Button size="xs" variant="light" mt="xs" onClick={() => void suggest(c.caseId)}>
                  {t('field.suggest')}
                </Button>
                {s && (
                  <Stack gap={2} mt="xs" aria-live="polite">
                    <Text size="sm" fw={600}>
                      {s.best ? t('field.suggestion', { name: s.best.name }) : t('field.noSuggestion')}
                    </Text>
                    {s.best?.reasons.map((r) => (
                      <Text size="xs" key={r.code}>
                        {zh ? r.zh : r.en}
                      </Text>
                    ))}
                  </Stack>
                )}
              </Card>
            );
          })}
        </Stack>
      </Group>
    </Stack>
  );
}

const QUEUE_KEY = 'sb.visit-reports';
interface QueuedReport {
  appointmentId: string;
  body: unknown;
}
const readQueue = (): QueuedReport[] => JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]');
const writeQueue = (q: QueuedReport[]) => localStorage.setItem(QUEUE_KEY, JSON.stringify(q));

/**
 * Sends the reports kept on the phone, oldest first; stops at the first that cannot reach the
 * server (still offline) and keeps the rest. A report the server refuses leaves the queue, and
 * the refusal is returned so that the page shows it.
 */
async function flushQueue(): Promise<{ sent: number; refused: Error[] }> {
  let queue = readQueue();
  let sent = 0;
  const refused: Error[] = [];
  while (queue.length > 0) {
    const [next] = queue;
    try {
      await post(`/appointments/${next!.appointmentId}/visit-report`, next!.body);
      sent++;
    } catch (e) {
      if (e instanceof TypeError) break; // the network, not the server
      refused.push(e as Error);
    }
    queue = queue.slice(1);
    writeQueue(queue);
  }
  return { sent, refused };
}

/**
 * The technician's day on a phone: visits in route order with the site, its contact and the parts
 * to bring, and a visit report saved on the phone when the network drops and sent when it returns
 * (with the arrival time the technician entered, not the time it is sent).
 */
export function TechnicianDayPage() {
  const { t, i18n } = useTranslation();
  const [date, setDate] = useState(shanghaiToday());
  const day = useResource<Day>(`/technicians/day?date=${date}`);
  const [queued, setQueued] = useState(readQueue().length);
  const [notice, setNotice] = useState<string | null>(null);
  const [refused, setRefused] = useState<Error | null>(null);
  const zh = i18n.language === 'zh';
  const flush = useCallback(async () => {
    const { sent, refused: errors } = await flushQueue();
    setQueued(readQueue().length);
    if (errors.length > 0) setRefused(errors[0]!);
    if (sent > 0) {
      setNotice(t('field.sent'));
      day.reload();
    }
  }, [t, day.reload]);
  useEffect(() => {
    const online = () => void flush();
    window.addEventListener('online', online);
    void flush();
    return () => window.removeEventListener('online', online);
  }, [flush]);

  return (
    <Stack maw={480}>
      <Title order={1} size="h3">
        {t('field.myDay')}
      </Title>
      <TextInput
        type="date"
        label={t('field.day')}
        value={date}
        onChange={(e) => setDate(e.currentTarget.value)}
      />
      <ErrorAlert error={day.error ?? refused} />
      {queued > 0 && (
        <Alert color="yellow" role="status">
          {t('field.queued', { count: queued })}
        </Alert>
      )}
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      {day.data?.stops.length === 0 && <Text>{t('field.noStops')}</Text>}
      {day.data?.stops.map((s) => (
        <Card
          key={s.appointmentId}
          withBorder
          component="section"
          aria-label={t('field.stop', { n: s.order })}
        >
          <Text fw={700}>
            {t('field.stop', { n: s.order })} · {formatInstant(s.startsAt)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('field.leg', { km: s.leg.km, minutes: s.leg.minutes })}
          </Text>
          <Text fw={600} mt="xs">
            {s.site.name}
          </Text>
          <Text size="sm">{zh ? s.site.addressZh : s.site.addressEn}</Text>
          <Text size="sm">
            {t('field.contact')}: {s.site.contact.name} ·{' '}
            <a href={`tel:${s.site.contact.phone.replace(/\s/g, '')}`}>{s.site.contact.phone}</a>
          </Text>
          {s.site.accessNotes && (
            <Text size="sm">
              {t('field.access')}: {s.site.accessNotes}
            </Text>
          )}
          {s.site.openingHours && (
            <Text size="sm">
              {t('field.hours')}: {s.site.openingHours}
            </Text>
          )}
          <Text size="sm" mt="xs">
            {s.caseRef} · {s.product} · {s.serial}
          </Text>
          <Text fw={600} size="sm" mt="xs">
            {t('field.parts')}
          </Text>
          {s.parts.length === 0 && <Text size="sm">{t('field.noParts')}</Text>}
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {s.parts.map((p) => (
              <li key={`${p.partNumber}-${p.why}`}>
                <Text size="sm">
                  {p.quantity} × {p.partNumber} {p.name !== p.partNumber ? `(${p.name})` : ''} —{' '}
                  {t(p.why === 'reserved' ? 'field.partReserved' : 'field.partLikely')}
                </Text>
              </li>
            ))}
          </ul>
          {s.state === 'done' ? (
            <Badge mt="xs" color="green">
              {t('field.done')}
            </Badge>
          ) : (
            <ReportForm
              appointmentId={s.appointmentId}
              startsAt={s.startsAt}
              parts={s.parts}
              onQueued={() => setQueued(readQueue().length)}
              onSent={flush}
            />
          )}
        </Card>
      ))}
    </Stack>
  );
}

/** Local time as a datetime-local input shows it (Shanghai, UTC+8). */
const toLocalInput = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16);
const fromLocalInput = (value: string) => new Date(`${value}:00+08:00`).toISOString();

/**
 * The visit report: arrival, work done, the parts used (ticked from the parts brought, with the
 * quantity and the serial fitted, or another part number), photos from the phone's camera, the
 * signer and the signature. Kept on the phone before it is sent.
 */
function ReportForm(props: {
  appointmentId: string;
  startsAt: string;
  parts: Day['stops'][number]['parts'];
  onQueued: () => void;
  onSent: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [arrived, setArrived] = useState(toLocalInput(props.startsAt));
  const [work, setWork] = useState('');
  const [signer, setSigner] = useState('');
  const [used, setUsed] = useState<Record<string, { quantity: number; serial: string }>>({});
  const [otherPart, setOtherPart] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [tooBig, setTooBig] = useState(false);
  const signature = useRef<SignatureHandle>(null);
  const [offline, setOffline] = useState(false);
  const brought = [...new Map(props.parts.map((p) => [p.partNumber, p])).values()];
  const toggle = (partNumber: string, on: boolean) =>
    setUsed((all) => {
      const next = { ...all };
      if (on) next[partNumber] = { quantity: 1, serial: '' };
      else delete next[partNumber];
      return next;
    });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const png = signature.current?.toPngBase64();
    const partsUsed = Object.entries(used).map(([partNumber, u]) => ({
      partNumber,
      quantity: u.quantity,
      ...(u.serial.trim() && { serial: u.serial.trim() }),
    }));
    if (otherPart.trim()) partsUsed.push({ partNumber: otherPart.trim(), quantity: 1 });
    const body = {
      arrivedAt: fromLocalInput(arrived),
      workDone: work,
      partsUsed,
      signedBy: signer,
      signature: { name: 'signature.png', mediaType: 'image/png', contentBase64: png ?? '' },
      ...(photos.length > 0 && { photos: await Promise.all(photos.map(toAttachment)) }),
    };
    // Saved on the phone first: a dropped network loses nothing. Photos too large for the phone's
    // store (a few MB) are refused here, before anything is lost, so the technician sends fewer.
    try {
      writeQueue([...readQueue(), { appointmentId: props.appointmentId, body }]);
    } catch {
      setTooBig(true);
      return;
    }
    setTooBig(false);
    props.onQueued();
    if (!navigator.onLine) {
      setOffline(true);
      return;
    }
    await props.onSent();
    setOffline(readQueue().length > 0);
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('field.report')}>
      <Stack gap="xs" mt="sm">
        <Text fw={600}>{t('field.report')}</Text>
        <TextInput
          type="datetime-local"
          label={t('field.arrivedAt')}
          value={arrived}
          onChange={(e) => setArrived(e.currentTarget.value)}
          required
        />
        <Textarea
          label={t('field.workDone')}
          value={work}
          onChange={(e) => setWork(e.currentTarget.value)}
          required
        />
        <Stack gap={4} role="group" aria-label={t('field.partsUsed')}>
          <Text size="sm" fw={500}>
            {t('field.partsUsed')}
          </Text>
          {brought.map((p) => {
            const u = used[p.partNumber];
            return (
              <Stack key={p.partNumber} gap={4}>
                <Checkbox
                  label={`${p.partNumber}${p.name !== p.partNumber ? ` (${p.name})` : ''}`}
                  checked={u !== undefined}
                  onChange={(e) => toggle(p.partNumber, e.currentTarget.checked)}
                />
                {u && (
                  <Group grow>
                    <NumberInput
                      label={t('field.quantity')}
                      min={1}
                      max={1000}
                      value={u.quantity}
                      onChange={(v) =>
                        setUsed((all) => ({ ...all, [p.partNumber]: { ...u, quantity: Number(v) || 1 } }))
                      }
                    />
                    <TextInput
                      label={t('field.serialFitted')}
                      value={u.serial}
                      onChange={(e) => {
                        const serial = e.currentTarget.value;
                        setUsed((all) => ({ ...all, [p.partNumber]: { ...u, serial } }));
                      }}
                    />
                  </Group>
                )}
              </Stack>
            );
          })}
          <TextInput
            label={t('field.otherPart')}
            value={otherPart}
            onChange={(e) => setOtherPart(e.currentTarget.value)}
          />
        </Stack>
        <FileInput
          label={t('field.photos')}
          multiple
          clearable
          accept="image/*"
          capture="environment"
          value={photos}
          onChange={setPhotos}
        />
        {tooBig && (
          <Alert color="red" role="alert">
            {t('field.photosTooBig')}
          </Alert>
        )}
        <TextInput
          label={t('field.signedBy')}
          value={signer}
          onChange={(e) => setSigner(e.currentTarget.value)}
          required
        />
        <SignaturePad ref={signature} label={t('field.signature')} typedName={signer} />
        {offline && (
          <Alert color="yellow" role="status">
            {t('field.offline')}
          </Alert>
        )}
        <Button type="submit">{t('field.send')}</Button>
      </Stack>
    </form>
  );
}
