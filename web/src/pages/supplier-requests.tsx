import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { NoticeView, SupplierRequestView } from '../../../src/http/contracts/disputes.ts';
import { useResource } from '../hooks.ts';
import { NoticeAnswerForm, NoticeCard, RequestCard } from './disputes-common.tsx';
import { ListState } from './engines-common.tsx';

/**
 * The supplier's page (issue 16): the support requests the buyer addressed to the reader's party,
 * each message with its response clock, answered here with files; and the notices sent to it
 * (never drafts, never the buyer's dispute matters), answered here too. The API scopes both
 * lists to the reader's own party.
 */
export function SupplierRequestsPage() {
  const { t } = useTranslation();
  const requests = useResource<{ items: SupplierRequestView[] }>('/supplier-requests');
  const notices = useResource<{ items: NoticeView[] }>('/notices');
  const r = requests.data?.items ?? [];
  const n = notices.data?.items ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('disputes.portalTitle')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('disputes.portalIntro')}
      </Text>
      <ListState
        loading={requests.loading}
        error={requests.error}
        empty={r.length === 0}
        emptyText={t('disputes.noRequests')}
      />
      {r.map((x) => (
        <RequestCard
          key={x.id}
          request={x}
          writeLabel={t('disputes.answerRequest')}
          canWrite={x.state !== 'closed'}
          onChange={requests.reload}
          href={`/partner/supplier-requests/${x.id}`}
        />
      ))}
      <Title order={2} size="h3">
        {t('disputes.noticesToUs')}
      </Title>
      <ListState
        loading={notices.loading}
        error={notices.error}
        empty={n.length === 0}
        emptyText={t('disputes.noNoticesToUs')}
      />
      {n.map((x) => (
        <NoticeCard key={x.id} notice={x}>
          {x.state === 'sent' && (
            <NoticeAnswerForm notice={x} label={t('disputes.answerNotice')} onDone={notices.reload} />
          )}
        </NoticeCard>
      ))}
    </Stack>
  );
}

/** One request addressed to the reader's party; any other answers "Not found" (the API's 404). */
export function SupplierRequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const request = useResource<SupplierRequestView>(`/supplier-requests/${encodeURIComponent(id)}`);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('disputes.portalTitle')}
      </Title>
      <ListState
        loading={request.loading}
        error={request.error}
        empty={!request.data}
        emptyText={t('disputes.noRequests')}
      />
      {request.data && (
        <RequestCard
          request={request.data}
          writeLabel={t('disputes.answerRequest')}
          canWrite={request.data.state !== 'closed'}
          onChange={request.reload}
          startOpen
        />
      )}
    </Stack>
  );
}
