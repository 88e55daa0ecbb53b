import { Alert, Button, Group, SimpleGrid, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { useResource } from '../hooks.ts';
import {
  type Contract,
  ContractCard,
  type Invoice,
  InvoiceCard,
  type Quote,
  QuoteCard,
  type Statement,
  StatementTable,
} from './contracts-common.tsx';
import { ListState } from './engines-common.tsx';

/**
 * The customer's money side of service (`/portal/billing`): quotes to accept or decline (the API
 * records the decision as evidence, with who and when), invoices with their fapiao data, the
 * statement (invoiced, paid, owed, settled) and the contracts of their units.
 */
export function PortalBillingPage() {
  const { t } = useTranslation();
  const quotes = useResource<{ items: Quote[] }>('/quotes');
  const invoices = useResource<{ items: Invoice[] }>('/invoices');
  const statement = useResource<Statement>('/customer-statement');
  const contracts = useResource<{ items: Contract[] }>('/unit-contracts');
  const [done, setDone] = useState<string | null>(null);
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        {t('billing.title')}
      </Title>
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      <Section title={t('billing.quotes')}>
        <ListState
          loading={quotes.loading}
          error={quotes.error}
          empty={(quotes.data?.items.length ?? 0) === 0}
          emptyText={t('billing.noQuotes')}
        />
        {quotes.data?.items.map((q) => (
          <QuoteCard key={q.id} quote={q}>
            {q.state === 'sent' && (
              <DecisionButtons
                quote={q}
                onDecided={(d) => {
                  setDone(
                    t(d.state === 'accepted' ? 'billing.accepted' : 'billing.declined', { number: d.number }),
                  );
                  quotes.reload();
                }}
              />
            )}
          </QuoteCard>
        ))}
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('billing.statement')}>
          <ErrorAlert error={statement.error} />
          {statement.data && <StatementTable statement={statement.data} />}
        </Section>
        <Section title={t('billing.contracts')}>
          <ListState
            loading={contracts.loading}
            error={contracts.error}
            empty={(contracts.data?.items.length ?? 0) === 0}
            emptyText={t('billing.noContracts')}
          />
          {contracts.data?.items.map((c) => (
            <ContractCard key={c.id} contract={c} />
          ))}
        </Section>
      </SimpleGrid>
      <Section title={t('billing.invoices')}>
        <ListState
          loading={invoices.loading}
          error={invoices.error}
          empty={(invoices.data?.items.length ?? 0) === 0}
          emptyText={t('billing.noInvoices')}
        />
        {invoices.data?.items.map((i) => (
          <InvoiceCard key={i.id} invoice={i} />
        ))}
      </Section>
    </Stack>
  );
}

/** Accept, or decline with an optional reason; the API refuses a second decision in words. */
function DecisionButtons({ quote, onDecided }: { quote: Quote; onDecided: (q: Quote) => void }) {
  const { t } = useTranslation();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const decide = async (decision: 'accepted' | 'declined') => {
    setError(null);
    try {
      const trimmed = reason.trim();
      onDecided(
        await post<Quote>(`/quotes/${quote.id}/decision`, {
          decision,
          ...(decision === 'declined' && trimmed ? { reason: trimmed } : {}),
        }),
      );
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Stack gap="xs">
      <ErrorAlert error={error} />
      {declining ? (
        <>
          <Textarea
            label={t('billing.reason')}
            value={reason}
            maxLength={2000}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group>
            <Button color="red" onClick={() => void decide('declined')}>
              {t('billing.confirmDecline')}
            </Button>
            <Button variant="default" onClick={() => setDeclining(false)}>
              {t('billing.cancel')}
            </Button>
          </Group>
        </>
      ) : (
        <Group>
          <Button
            aria-label={t('billing.acceptQuote', { number: quote.number })}
            onClick={() => void decide('accepted')}
          >
            {t('billing.accept')}
          </Button>
          <Button
            variant="default"
            aria-label={t('billing.declineQuote', { number: quote.number })}
            onClick={() => setDeclining(true)}
          >
            {t('billing.decline')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
