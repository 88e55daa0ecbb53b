import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { TechnicianSchema } from '../../../src/http/contracts/field.ts';
import { patch, post } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { useResource } from '../hooks.ts';
import { useSession } from '../session.tsx';
import type { Page } from '../types.ts';

type Technician = Static<typeof TechnicianSchema>;
type Named = { key: string; name: string; nameZh: string | null };

interface Draft {
  party: string;
  name: string;
  phone: string;
  userEmail: string;
  homeLatitude: number | string;
  homeLongitude: number | string;
  territories: string[];
  calendar: string;
  skills: { product: string; part: string; expiresOn: string }[];
  /** Days off, as the Shanghai days they start and end (both included). */
  absences: { from: string; to: string }[];
}

const EMPTY: Draft = {
  party: '',
  name: '',
  phone: '',
  userEmail: '',
  homeLatitude: '',
  homeLongitude: '',
  territories: [],
  calendar: 'cn-business',
  skills: [],
  absences: [],
};

/** A Shanghai day as the instant it starts, and back. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const dayBefore = (iso: string) => dayOf(new Date(Date.parse(iso) - 1000).toISOString());
const today = () => dayOf(new Date().toISOString());

const draftOf = (t: Technician): Draft => ({
  party: t.party.key,
  name: t.name,
  phone: t.phone,
  userEmail: '',
  homeLatitude: t.home.latitude,
  homeLongitude: t.home.longitude,
  territories: t.territories,
  calendar: t.calendar,
  skills: t.skills.map((s) => ({ product: s.product, part: s.part ?? '', expiresOn: s.expiresOn })),
  absences: t.absences.map((a) => ({ from: dayOf(a.from), to: dayBefore(a.to) })),
});

/**
 * The technicians of a service partner (its admin, `/partner/technicians`) or of every partner
 * (the brand's staff, `/console/technicians`): skills with their certificates' expiry (expired
 * in red), territories, working calendar, days off; recorded, changed and retired here. A retired
 * technician stays listed for the record and is offered for no visit.
 */
export function TechniciansPage({ staff }: { staff: boolean }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const zh = i18n.language === 'zh';
  const people = useResource<Technician[]>('/technicians?limit=200');
  const products =
    useResource<Page<{ model: string; name: string; nameZh: string | null }>>('/products?limit=100');
  const partners = useResource<Page<Named>>(staff ? '/parties?role=service_partner&limit=100' : null);
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const nameOf = (n: { name: string; nameZh?: string | null }) => (zh && n.nameZh ? n.nameZh : n.name);

  const set = <K extends keyof Draft>(field: K, value: Draft[K]) =>
    setEditing((e) => (e ? { ...e, draft: { ...e.draft, [field]: value } } : e));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    setError(null);
    const d = editing.draft;
    const body = {
      name: d.name,
      phone: d.phone,
      homeLatitude: Number(d.homeLatitude),
      homeLongitude: Number(d.homeLongitude),
      territories: d.territories,
      calendar: d.calendar,
      skills: d.skills.map((s) => ({ product: s.product, part: s.part || null, expiresOn: s.expiresOn })),
      // A day off runs from the start of its first day to the start of the day after its last.
      absences: d.absences.map((a) => ({
        from: dayStart(a.from),
        to: new Date(Date.parse(dayStart(a.to)) + 86_400_000).toISOString(),
      })),
      ...(d.userEmail && { userEmail: d.userEmail }),
    };
    try {
      const saved = editing.id
        ? await patch<Technician>(`/technicians/${editing.id}`, body)
        : await post<Technician>('/technicians', { ...body, party: staff ? d.party : me?.party.key });
      setSaved(t('technicians.saved', { name: saved.name }));
      setEditing(null);
      people.reload();
    } catch (e) {
      setError(e as Error);
    }
  };

  const retire = async (tech: Technician, retired: boolean) => {
    setError(null);
    setSaved(null);
    try {
      await patch<Technician>(`/technicians/${tech.id}`, { retired });
      setSaved(t(retired ? 'technicians.retiredDone' : 'technicians.backDone', { name: tech.name }));
      people.reload();
    } catch (e) {
      setError(e as Error);
    }
  };

  const modelOptions = (products.data?.items ?? []).map((p) => ({
    value: p.model,
    label: `${p.model} · ${nameOf(p)}`,
  }));
  const d = editing?.draft;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('technicians.title')}
        </Title>
        {!editing && (
          <Button
            onClick={() => {
              setSaved(null);
              setError(null);
              setEditing({ id: null, draft: EMPTY });
            }}
          >
            {t('technicians.add')}
          </Button>
        )}
      </Group>
      <Text c="dimmed">{t('technicians.intro')}</Text>
      {saved && (
        <Text role="status" c="green">
          {saved}
        </Text>
      )}
      {!editing && <ErrorAlert error={people.error ?? error} />}
      {editing && d && (
        <Card withBorder component="form" onSubmit={save} aria-label={t('technicians.form')}>
          <Stack>
            <Title order={2} size="h4">
              {editing.id ? t('technicians.edit', { name: d.name }) : t('technicians.add')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {staff && !editing.id && (
                <Select
                  label={t('technicians.party')}
                  required
                  searchable
                  data={(partners.data?.items ?? []).map((p) => ({ value: p.key, label: nameOf(p) }))}
                  value={d.party || null}
                  onChange={(v) => set('party', v ?? '')}
                />
              )}
              <TextInput
                label={t('technicians.name')}
                required
                value={d.name}
                onChange={(e) => set('name', e.currentTarget.value)}
              />
              <TextInput
                label={t('technicians.phone')}
                type="tel"
                required
                value={d.phone}
                onChange={(e) => set('phone', e.currentTarget.value)}
              />
              <TextInput
                label={t('technicians.userEmail')}
                description={t('technicians.userEmailHint')}
                type="email"
                value={d.userEmail}
                onChange={(e) => set('userEmail', e.currentTarget.value)}
              />
              <TextInput
                label={t('technicians.calendar')}
                description="cn-business"
                required
                value={d.calendar}
                onChange={(e) => set('calendar', e.currentTarget.value)}
              />
              <NumberInput
                label={t('technicians.homeLatitude')}
                required
                decimalScale={6}
                min={-90}
                max={90}
                value={d.homeLatitude}
                onChange={(v) => set('homeLatitude', v)}
              />
              <NumberInput
                label={t('technicians.homeLongitude')}
                required
                decimalScale={6}
                min={-180}
                max={180}
                value={d.homeLongitude}
                onChange={(v) => set('homeLongitude', v)}
              />
            </SimpleGrid>
            <TagsInput
              label={t('technicians.territories')}
              description={t('technicians.territoriesHint')}
              value={d.territories}
              onChange={(v) =>
                set(
                  'territories',
                  v.map((x) => x.trim().toUpperCase()),
                )
              }
            />
            <Stack gap="xs" role="group" aria-label={t('technicians.skills')}>
              <Text fw={500} size="sm">
                {t('technicians.skills')}
              </Text>
              {d.skills.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity of their own
                <Group key={i} align="flex-end" wrap="wrap">
                  <Select
                    label={t('technicians.product')}
                    required
                    searchable
                    data={modelOptions}
                    value={s.product || null}
                    onChange={(v) =>
                      set(
                        'skills',
                        d.skills.map((x, j) => (j === i ? { ...x, product: v ?? '' } : x)),
                      )
                    }
                  />
                  <TextInput
                    label={t('technicians.part')}
                    value={s.part}
                    onChange={(e) => {
                      const part = e.currentTarget.value;
                      set(
                        'skills',
                        d.skills.map((x, j) => (j === i ? { ...x, part } : x)),
                      );
                    }}
                  />
                  <TextInput
                    type="date"
                    label={t('technicians.expiresOn')}
                    required
                    value={s.expiresOn}
                    onChange={(e) => {
                      const expiresOn = e.currentTarget.value;
                      set(
                        'skills',
                        d.skills.map((x, j) => (j === i ? { ...x, expiresOn } : x)),
                      );
                    }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('technicians.removeSkill', { n: i + 1 })}
                    onClick={() =>
                      set(
                        'skills',
                        d.skills.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ✕
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="light"
                size="xs"
                w="fit-content"
                onClick={() => set('skills', [...d.skills, { product: '', part: '', expiresOn: '' }])}
              >
                {t('technicians.addSkill')}
              </Button>
            </Stack>
            <Stack gap="xs" role="group" aria-label={t('technicians.absences')}>
              <Text fw={500} size="sm">
                {t('technicians.absences')}
              </Text>
              {d.absences.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity of their own
                <Group key={i} align="flex-end">
                  <TextInput
                    type="date"
                    label={t('technicians.absentFrom')}
                    required
                    value={a.from}
                    onChange={(e) => {
                      const from = e.currentTarget.value;
                      set(
                        'absences',
                        d.absences.map((x, j) => (j === i ? { ...x, from } : x)),
                      );
                    }}
                  />
                  <TextInput
                    type="date"
                    label={t('technicians.absentTo')}
                    required
                    value={a.to}
                    onChange={(e) => {
                      const to = e.currentTarget.value;
                      set(
                        'absences',
                        d.absences.map((x, j) => (j === i ? { ...x, to } : x)),
                      );
                    }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('technicians.removeAbsence', { n: i + 1 })}
                    onClick={() =>
                      set(
                        'absences',
                        d.absences.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ✕
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="light"
                size="xs"
                w="fit-content"
                onClick={() => set('absences', [...d.absences, { from: today(), to: today() }])}
              >
                {t('technicians.addAbsence')}
              </Button>
            </Stack>
            <ErrorAlert error={error} />
            <Group>
              <Button type="submit">{t('technicians.save')}</Button>
              <Button variant="default" onClick={() => setEditing(null)}>
                {t('technicians.cancel')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      {!people.data && !people.error && <Text c="dimmed">{t('common.loading')}</Text>}
      {people.data?.length === 0 && <Text>{t('technicians.none')}</Text>}
      {people.data && people.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-label={t('technicians.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('technicians.name')}</Table.Th>
                {staff && <Table.Th>{t('technicians.party')}</Table.Th>}
                <Table.Th>{t('technicians.skills')}</Table.Th>
                <Table.Th>{t('technicians.territories')}</Table.Th>
                <Table.Th>{t('technicians.absences')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.data.map((p) => (
                <Table.Tr
                  key={p.id}
                  data-technician={p.name}
                  style={p.retiredAt ? { opacity: 0.6 } : undefined}
                >
                  <Table.Td>
                    {p.name}
                    <Text size="xs" c="dimmed">
                      <a href={`tel:${p.phone.replace(/\s/g, '')}`}>{p.phone}</a> · {p.calendar}
                    </Text>
                    {p.retiredAt && (
                      <Badge color="gray" size="sm">
                        {t('technicians.retired', { day: dayOf(p.retiredAt) })}
                      </Badge>
                    )}
                  </Table.Td>
                  {staff && <Table.Td>{p.party.name}</Table.Td>}
                  <Table.Td>
                    <Group gap={4}>
                      {p.skills.map((s) => {
                        const expired = s.expiresOn < today();
                        return (
                          <Badge
                            key={`${s.product}-${s.part}`}
                            variant="light"
                            color={expired ? 'red' : 'teal'}
                            title={t(expired ? 'technicians.expired' : 'technicians.validTo', {
                              day: s.expiresOn,
                            })}
                          >
                            {s.product}
                            {s.part ? ` · ${s.part}` : ''} ·{' '}
                            {t(expired ? 'technicians.expired' : 'technicians.validTo', { day: s.expiresOn })}
                          </Badge>
                        );
                      })}
                    </Group>
                  </Table.Td>
                  <Table.Td>{p.territories.join(', ')}</Table.Td>
                  <Table.Td>
                    {p.absences.length === 0
                      ? '—'
                      : p.absences.map((a) => `${dayOf(a.from)} – ${dayBefore(a.to)}`).join('; ')}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {!p.retiredAt && (
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={t('technicians.edit', { name: p.name })}
                          onClick={() => {
                            setSaved(null);
                            setError(null);
                            setEditing({ id: p.id, draft: draftOf(p) });
                          }}
                        >
                          {t('technicians.change')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="subtle"
                        color={p.retiredAt ? 'teal' : 'red'}
                        aria-label={t(p.retiredAt ? 'technicians.bringBackName' : 'technicians.retireName', {
                          name: p.name,
                        })}
                        onClick={() => void retire(p, !p.retiredAt)}
                      >
                        {t(p.retiredAt ? 'technicians.bringBack' : 'technicians.retire')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
