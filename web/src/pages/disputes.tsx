import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MatterView, NoticeView, SupplierRequestView } from '../../../src/http/contracts/disputes.ts';
import { formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';
import { ListState, RowCard } from './engines-common.tsx';

type Words = { en: string; zh: string };
interface Deadline {
  key: string;
  dueOn: string | null;
  cite: string;
  label: Words;
}

/** Matters, notices and supplier requests of the brand (issue 16): what is owed, what was sent, what is claimed. */
export function DisputesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const matters = useResource<{ items: MatterView[] }>('/disputes');
  const notices = useResource<{ items: NoticeView[] }>('/notices');
  const requests = useResource<{ items: SupplierRequestView[] }>('/supplier-requests');
  const m = matters.data?.items ?? [];
  const n = notices.data?.items ?? [];
  const r = requests.data?.items ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('disputes.title')}
      </Title>
      <Anchor component={Link} to="/console/supplier-reviews">
        {t('reviews.link')}
      </Anchor>
      <Title order={2} size="h3">
        {t('disputes.matters')}
      </Title>
      <ListState
        loading={matters.loading}
        error={matters.error}
        empty={m.length === 0}
        emptyText={t('disputes.noMatters')}
      />
      {m.map((x) => {
        const clause = x.clause as {
          forum: { institution: string | null; seat: string | null } | null;
          ref: string | null;
        };
        return (
          <RowCard
            key={x.id}
            title={`${x.number} · ${x.title} · ${x.counterparty.name}`}
            badge={<Badge>{x.stageName[lang]}</Badge>}
          >
            <Text size="sm">
              {clause.forum
                ? t('disputes.forum', {
                    forum: [clause.forum.institution, clause.forum.seat].filter(Boolean).join(', '),
                  })
                : `${t('disputes.noForum')} (${clause.ref ?? ''})`}
            </Text>
            {x.claimed && (
              <Text size="sm">
                {t('disputes.claimed', { amount: `${x.claimed.amount} ${x.claimed.currency}` })}
              </Text>
            )}
            {x.recovered && x.recovered.amountMinor > 0 && (
              <Text size="sm">
                {t('disputes.recovered', { amount: `${x.recovered.amount} ${x.recovered.currency}` })}
              </Text>
            )}
            {(x.deadlines as Deadline[]).map((d) => (
              <Text size="xs" key={d.key}>
                {t('disputes.deadline', { label: d.label[lang], date: d.dueOn ?? '—', cite: d.cite })}
              </Text>
            ))}
            <Anchor size="sm" href={`/api/v1/disputes/${x.id}/dossier`}>
              {t('disputes.dossier')}
            </Anchor>
          </RowCard>
        );
      })}
      <Title order={2} size="h3">
        {t('disputes.notices')}
      </Title>
      <ListState
        loading={notices.loading}
        error={notices.error}
        empty={n.length === 0}
        emptyText={t('disputes.noNotices')}
      />
      {n.map((x) => (
        <RowCard key={x.id} title={`${x.number} · ${x.to.name}`} badge={<Badge>{x.stateName[lang]}</Badge>}>
          {x.cureDueAt && (
            <Text size="sm">{t('disputes.cureDue', { date: formatInstant(x.cureDueAt) })}</Text>
          )}
          <Group gap="sm">
            <Anchor size="sm" href={`/api/v1/notices/${x.id}/letter?format=html`}>
              {t('disputes.letter')}
            </Anchor>
            <Anchor size="sm" href={`/api/v1/notices/${x.id}/letter?format=docx`}>
              {t('disputes.word')}
            </Anchor>
          </Group>
        </RowCard>
      ))}
      <Title order={2} size="h3">
        {t('disputes.requests')}
      </Title>
      <ListState
        loading={requests.loading}
        error={requests.error}
        empty={r.length === 0}
        emptyText={t('disputes.noRequests')}
      />
      {r.map((x) => (
        <RowCard
          key={x.id}
          title={`${x.number} · ${x.subject} · ${x.supplier.name}`}
          badge={<Badge>{x.stateName[lang]}</Badge>}
        >
          <Text size="sm">{t('disputes.missed', { count: x.missedResponses })}</Text>
        </RowCard>
      ))}
    </Stack>
  );
}
