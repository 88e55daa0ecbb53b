import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DISPOSITION_LABELS } from '../../../src/http/contracts/labels.ts';
import { formatInstant } from '../format.ts';
import { useLabels } from '../labels.ts';

/** What the steps need of a return (the portal's own view of it carries no more). */
export interface ReturnStepsView {
  state: string;
  requestedAt: string | Date;
  decidedAt?: string | Date | null;
  decisionRef?: string | null;
  shipment?: { carrier: string; waybill: string; shippedAt: string | Date | null } | null;
  receivedAt?: string | Date | null;
  disposition?: string | null;
  dispositionRef?: string | null;
  closedAt?: string | Date | null;
}

/** The steps of a return as the customer sees them in the portal, each with when it happened. */
export function ReturnSteps({ r }: { r: ReturnStepsView }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const steps: [string, string | Date | null, string?][] = [
    [t('returnsDesk.steps.requested'), r.requestedAt],
    [
      r.state === 'rejected' ? t('returnsDesk.steps.rejected') : t('returnsDesk.steps.approved'),
      r.decidedAt ?? null,
      r.decisionRef ?? undefined,
    ],
    [t('returnsDesk.steps.shipped'), r.shipment?.shippedAt ?? null, r.shipment?.waybill],
    [t('returnsDesk.steps.received'), r.receivedAt ?? null],
    [
      r.disposition ? label(DISPOSITION_LABELS, r.disposition) : t('returnsDesk.steps.closed'),
      r.closedAt ?? null,
      r.dispositionRef ?? undefined,
    ],
  ];
  return (
    <Stack gap={2} data-testid="return-steps">
      {steps.map(([name, at, extra]) => (
        <Text key={name} size="sm" c={at ? undefined : 'dimmed'}>
          {at ? '✓' : '○'} {name}
          {at ? ` · ${formatInstant(at)}` : ''}
          {at && extra ? ` · ${extra}` : ''}
        </Text>
      ))}
    </Stack>
  );
}
