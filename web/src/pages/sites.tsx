import {
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { SiteSchema } from '../../../src/http/contracts/field.ts';
import { patch, post } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { useResource } from '../hooks.ts';
import { usePermissions } from '../session.tsx';
import type { Page, UnitView } from '../types.ts';

type Site = Static<typeof SiteSchema>;

interface Draft {
  customer: string;
  name: string;
  addressZh: string;
  addressEn: string;
  district: string;
  territory: string;
  latitude: number | string;
  longitude: number | string;
  accessNotes: string;
  openingHours: string;
  contactName: string;
  contactPhone: string;
  units: string[];
}

const EMPTY: Draft = {
  customer: '',
  name: '',
  addressZh: '',
  addressEn: '',
  district: '',
  territory: '',
  latitude: '',
  longitude: '',
  accessNotes: '',
  openingHours: '',
  contactName: '',
  contactPhone: '',
  units: [],
};

const draftOf = (s: Site): Draft => ({
  customer: s.customer.key,
  name: s.name,
  addressZh: s.addressZh,
  addressEn: s.addressEn,
  district: s.district,
  territory: s.territory,
  latitude: s.latitude,
  longitude: s.longitude,
  accessNotes: s.accessNotes,
  openingHours: s.openingHours,
  contactName: s.contact.name,
  contactPhone: s.contact.phone,
  units: s.units.map((u) => u.serial),
});

/**
 * Sites where units stand (issue 17): the customer's own in the portal, every customer's in the
 * console. A site is where a technician goes: address in both languages, district and territory,
 * coordinates (travel is estimated from them), access notes, opening hours and the site contact;
 * the units standing there are picked from the customer's units.
 */
export function SitesPage({ staff }: { staff: boolean }) {
  const { t, i18n } = useTranslation();
  const sites = useResource<Site[]>('/sites?limit=200');
  const units = useResource<Page<UnitView>>('/units?limit=100');
  const customers = useResource<Page<{ key: string; name: string; nameZh: string | null }>>(
    staff ? '/parties?role=customer&limit=100' : null,
  );
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const zh = i18n.language === 'zh';
  // The customer writes its own sites; in the console, service staff do (counsel only reads).
  const can = usePermissions();
  const canWrite = !staff || can.caseActions;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    setError(null);
    const { customer, latitude, longitude, ...rest } = editing.draft;
    const body = { ...rest, latitude: Number(latitude), longitude: Number(longitude) };
    try {
      const site = editing.id
        ? await patch<Site>(`/sites/${editing.id}`, body)
        : await post<Site>('/sites', staff ? { ...body, customer } : body);
      setSaved(t('sites.saved', { name: site.name }));
      setEditing(null);
      sites.reload();
    } catch (e) {
      setError(e as Error);
    }
  };

  const set = (field: keyof Draft) => (value: unknown) =>
    setEditing((e) => (e ? { ...e, draft: { ...e.draft, [field]: value } } : e));
  const text = (field: keyof Draft) => ({
    value: String(editing?.draft[field] ?? ''),
    onChange: (ev: { currentTarget: { value: string } }) => set(field)(ev.currentTarget.value),
  });
  const coordinate = (field: 'latitude' | 'longitude', bound: number) => ({
    required: true,
    decimalScale: 6,
    min: -bound,
    max: bound,
    value: editing?.draft[field] ?? '',
    onChange: set(field),
  });
  const serials = (units.data?.items ?? [])
    .filter((u) => !editing?.draft.customer || u.owner.key === editing.draft.customer)
    .map((u) => ({ value: u.serial, label: `${u.serial} · ${u.product.model}` }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('sites.title')}
        </Title>
        {canWrite && !editing && (
          <Button
            onClick={() => {
              setSaved(null);
              setEditing({ id: null, draft: EMPTY });
            }}
          >
            {t('sites.add')}
          </Button>
        )}
      </Group>
      <Text c="dimmed">{t('sites.intro')}</Text>
      {saved && (
        <Text role="status" c="green">
          {saved}
        </Text>
      )}
      <ErrorAlert error={sites.error} />
      {editing && (
        <Card withBorder component="form" onSubmit={save} aria-label={t('sites.form')}>
          <Stack>
            <Title order={2} size="h4">
              {editing.id ? t('sites.edit', { name: editing.draft.name }) : t('sites.add')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {staff && !editing.id && (
                <Select
                  label={t('sites.customer')}
                  required
                  searchable
                  data={(customers.data?.items ?? []).map((c) => ({
                    value: c.key,
                    label: zh && c.nameZh ? c.nameZh : c.name,
                  }))}
                  value={editing.draft.customer || null}
                  onChange={(value) => set('customer')(value ?? '')}
                />
              )}
              <TextInput label={t('sites.name')} required {...text('name')} />
              <TextInput label={t('sites.addressZh')} required {...text('addressZh')} />
              <TextInput label={t('sites.addressEn')} required {...text('addressEn')} />
              <TextInput label={t('sites.district')} required {...text('district')} />
              <TextInput label={t('sites.territory')} description="CN-SH" required {...text('territory')} />
              <NumberInput label={t('sites.latitude')} {...coordinate('latitude', 90)} />
              <NumberInput label={t('sites.longitude')} {...coordinate('longitude', 180)} />
              <TextInput label={t('sites.contactName')} required {...text('contactName')} />
              <TextInput label={t('sites.contactPhone')} required type="tel" {...text('contactPhone')} />
              <TextInput label={t('sites.openingHours')} {...text('openingHours')} />
            </SimpleGrid>
            <Textarea label={t('sites.accessNotes')} autosize minRows={2} {...text('accessNotes')} />
            <MultiSelect
              label={t('sites.units')}
              description={t('sites.unitsHint')}
              data={serials}
              value={editing.draft.units}
              onChange={set('units')}
              searchable
            />
            <ErrorAlert error={error} />
            <Group>
              <Button type="submit">{t('sites.save')}</Button>
              <Button variant="default" onClick={() => setEditing(null)}>
                {t('sites.cancel')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      {sites.data && sites.data.length === 0 && <Text>{t('sites.none')}</Text>}
      {sites.data && sites.data.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sites.name')}</Table.Th>
                {staff && <Table.Th>{t('sites.customer')}</Table.Th>}
                <Table.Th>{t('sites.address')}</Table.Th>
                <Table.Th>{t('sites.contact')}</Table.Th>
                <Table.Th>{t('sites.units')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sites.data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.name}</Table.Td>
                  {staff && <Table.Td>{s.customer.name}</Table.Td>}
                  <Table.Td>
                    {zh ? s.addressZh : s.addressEn}
                    <Text size="xs" c="dimmed">
                      {s.district} · {s.territory}
                      {s.openingHours ? ` · ${s.openingHours}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {s.contact.name} · <a href={`tel:${s.contact.phone}`}>{s.contact.phone}</a>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {s.units.map((u) => (
                        <Badge key={u.id} variant="light">
                          {u.serial}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={t('sites.edit', { name: s.name })}
                        onClick={() => {
                          setSaved(null);
                          setEditing({ id: s.id, draft: draftOf(s) });
                        }}
                      >
                        {t('sites.change')}
                      </Button>
                    )}
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
