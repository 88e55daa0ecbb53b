import { Alert, Button, Card, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { SlotOfferSchema } from '../../../src/http/contracts/field.ts';
import { post } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';

type Offer = Static<typeof SlotOfferSchema>;

type AppointmentItem = { id: string; technician: { name: string }; startsAt: string; state: string };

/**
 * In the portal's request page: the visit booked, or the slots offered for it (each keeping the
 * on-site promise) for the customer to pick. Shows nothing when the case needs no visit yet.
 */
export function VisitSlots({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const appointments = useResource<AppointmentItem[]>(`/appointments?caseId=${caseId}`);
  const booked = appointments.data?.find((a) => a.state === 'booked' || a.state === 'done');
  const offer = useResource<Offer>(
    appointments.data && !booked ? `/appointments/slots?caseId=${caseId}` : null,
  );
  const [error, setError] = useState<Error | null>(null);
  const pick = async (startsAt: string) => {
    if (!offer.data) return;
    setError(null);
    try {
      await post('/appointments', { caseId, technicianId: offer.data.technician.id, startsAt });
      appointments.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  if (booked)
    return (
      <Alert color="green" role="status" title={t('field.visitTitle')}>
        {t('field.visitBooked', { when: formatInstant(booked.startsAt), name: booked.technician.name })}
      </Alert>
    );
  if (!offer.data || offer.data.slots.length === 0) return null;
  return (
    <Card withBorder component="section" aria-label={t('field.visitTitle')}>
      <Text fw={600}>{t('field.visitTitle')}</Text>
      <Text size="sm" c="dimmed">
        {t('field.pickSlot', { name: offer.data.technician.name })}
      </Text>
      <ErrorAlert error={error} />
      <Group gap="xs" mt="xs">
        {offer.data.slots.map((s) => (
          <Button key={s.startsAt} size="xs" variant="light" onClick={() => void pick(s.startsAt)}>
            {formatInstant(s.startsAt)}
          </Button>
        ))}
      </Group>
    </Card>
  );
}
