import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CounterpartyListView,
  LadderView,
  ReviewView,
  ScorecardView,
  StandingView,
} from '../../../src/http/contracts/counterparty.ts';
import { api, patch, post } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { useResource } from '../hooks.ts';
import { ListState, localName, RowCard } from './engines-common.tsx';

type Words = { en: string; zh: string };
type Row = ScorecardView['rows'][number];
const LEVELS = ['service_manager', 'management', 'legal'] as const;
const LANGUAGES = ['zh', 'en', 'de', 'ja', 'fr'] as const;

/** The quarter a date falls in, as `2026Q4`. */
function quarterOf(d: Date): string {
  return `${d.getFullYear()}Q${Math.floor(d.getMonth() / 3) + 1}`;
}

/**
 * Issue 16: a supplier's or partner's escalation ladder (who at each level, and when the terms let
 * each level begin), where the brand stands with it, and its scorecard per period beside the
 * previous one, saved as reviews with notes and follow-ups. The brand's staff only.
 */
export function SupplierReviewsPage() {
  const { t, i18n } = useTranslation();
  const lang: 'en' | 'zh' = i18n.language === 'zh' ? 'zh' : 'en';
  const w = (x: Words | null | undefined) => (x ? x[lang] : '');
  const list = useResource<CounterpartyListView>('/counterparties');
  const [party, setParty] = useState<string | null>(null);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('reviews.title')}
      </Title>
      <Select
        label={t('reviews.counterparty')}
        w={320}
        data={(list.data?.items ?? []).map((p) => ({ value: p.key, label: localName(p) }))}
        value={party}
        onChange={setParty}
      />
      {list.error && <ErrorAlert error={list.error} />}
      {party === null ? (
        <Text c="dimmed">{t('reviews.pick')}</Text>
      ) : (
        <>
          <LadderSection party={party} w={w} />
          <ScorecardSection party={party} w={w} />
        </>
      )}
    </Stack>
  );
}

function LadderSection({ party, w }: { party: string; w: (x: Words | null | undefined) => string }) {
  const { t } = useTranslation();
  const ladder = useResource<LadderView>(`/counterparties/${party}/escalation-ladder`);
  const standing = useResource<StandingView>(`/counterparties/${party}/escalation-standing`);
  const [form, setForm] = useState({ level: 'service_manager', name: '', title: '', email: '', phone: '' });
  const [languages, setLanguages] = useState<string[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const lang = (code: string) => t(`reviews.languages.${code}`, { defaultValue: code });
  const add = async () => {
    const contacts = (ladder.data?.levels ?? []).flatMap((l) =>
      l.contacts.map((c) => ({
        level: c.level,
        name: c.name,
        title: c.title,
        ...(c.email ? { email: c.email } : {}),
        ...(c.phone ? { phone: c.phone } : {}),
        languages: c.languages,
      })),
    );
    contacts.push({
      level: form.level as (typeof LEVELS)[number],
      name: form.name,
      title: form.title,
      ...(form.email ? { email: form.email } : {}),
      ...(form.phone ? { phone: form.phone } : {}),
      languages,
    });
    try {
      const next = await api<LadderView>('PUT', `/counterparties/${party}/escalation-ladder`, { contacts });
      ladder.setData(next);
      standing.reload();
      setForm({ ...form, name: '', title: '', email: '', phone: '' });
      setLanguages([]);
      setError(null);
    } catch (e) {
      setError(e as Error);
    }
  };
  const s = standing.data;
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('reviews.ladder')}
      </Title>
      <ListState loading={ladder.loading} error={ladder.error} empty={!ladder.data} emptyText="" />
      {ladder.data && (
        <Table aria-label={t('reviews.ladder')} withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reviews.level')}</Table.Th>
              <Table.Th>{t('reviews.contacts')}</Table.Th>
              <Table.Th>{t('reviews.mayBegin')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ladder.data.levels.map((l) => (
              <Table.Tr key={l.level}>
                <Table.Td>{w(l.levelName)}</Table.Td>
                <Table.Td>
                  {l.contacts.length === 0 && <Text c="dimmed">{t('reviews.noContacts')}</Text>}
                  {l.contacts.map((c) => (
                    <Text size="sm" key={`${c.name}-${c.title}`}>
                      {[c.name, c.title, c.email, c.phone, c.languages.map(lang).join(', ')]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{w(l.trigger.mayBeginWhen)}</Text>
                  {l.trigger.finding && (
                    <Text size="xs" c="orange">
                      {t('reviews.finding', { text: w(l.trigger.finding) })}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form
        aria-label={t('reviews.addContact')}
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Group align="flex-end" gap="xs">
          <Select
            label={t('reviews.contactLevel')}
            w={180}
            data={(ladder.data?.levels ?? []).map((l) => ({ value: l.level, label: w(l.levelName) }))}
            value={form.level}
            onChange={(v) => setForm({ ...form, level: v ?? 'service_manager' })}
          />
          <TextInput
            label={t('reviews.name')}
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label={t('reviews.jobTitle')}
            required
            value={form.title}
            onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
          />
          <TextInput
            label={t('reviews.email')}
            type="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          />
          <TextInput
            label={t('reviews.phone')}
            value={form.phone}
            onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })}
          />
          <MultiSelect
            label={t('reviews.speaks')}
            w={200}
            data={LANGUAGES.map((c) => ({ value: c, label: lang(c) }))}
            value={languages}
            onChange={setLanguages}
          />
          <Button type="submit">{t('reviews.add')}</Button>
        </Group>
      </form>
      {error && <ErrorAlert error={error} />}
      <Title order={3} size="h4">
        {t('reviews.standing')}
      </Title>
      {standing.error && <ErrorAlert error={standing.error} />}
      {s && (
        <Stack gap={2} data-testid="standing">
          <Text size="sm">
            {s.reachedName ? t('reviews.reached', { level: w(s.reachedName) }) : t('reviews.reachedNone')} —{' '}
            {w(s.reachedBecause)}
          </Text>
          {s.nextName ? (
            <Group gap="xs">
              <Text size="sm">{t('reviews.next', { level: w(s.nextName) })}</Text>
              <Badge color={s.nextMayBegin ? 'red' : 'gray'}>
                {s.nextMayBegin ? t('reviews.mayBeginNow') : t('reviews.notYet')}
              </Badge>
            </Group>
          ) : (
            <Text size="sm">{t('reviews.top')}</Text>
          )}
          {s.trigger && (
            <Text size="xs">
              {w(s.trigger.mayBeginWhen)}{' '}
              {s.trigger.ref && t('reviews.clause', { ref: s.trigger.ref, agreement: s.agreement.title })}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function ScorecardSection({ party, w }: { party: string; w: (x: Words | null | undefined) => string }) {
  const { t } = useTranslation();
  const [quarter, setQuarter] = useState(quarterOf(new Date()));
  const [asked, setAsked] = useState(quarter);
  const card = useResource<ScorecardView>(
    `/counterparties/${party}/scorecard?quarter=${encodeURIComponent(asked)}`,
  );
  const reviews = useResource<{ items: ReviewView[] }>(`/counterparty-reviews?party=${party}`);
  const [notes, setNotes] = useState('');
  const [follow, setFollow] = useState({ text: '', owner: '', dueOn: '' });
  const [error, setError] = useState<Error | null>(null);
  const c = card.data;
  // The chart shows the counts (money has its own rows): this period's bar beside the previous one's.
  const counted = (c?.rows ?? []).filter(
    (r) => !r.money && r.current !== null && r.key !== 'recoveryRatePercent',
  );
  const chartData = counted.map((r) => ({
    figure: w(r.label as Words),
    [t('reviews.thisPeriod')]: r.current ?? 0,
    [t('reviews.lastPeriod')]: r.previous ?? 0,
  }));
  const save = async () => {
    try {
      await post<ReviewView>('/counterparty-reviews', {
        party,
        quarter: asked,
        notes,
        followUps: follow.text ? [{ text: follow.text, owner: follow.owner, dueOn: follow.dueOn }] : [],
      });
      setNotes('');
      setFollow({ text: '', owner: '', dueOn: '' });
      setError(null);
      reviews.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const markDone = async (r: ReviewView, id: string, done: boolean) => {
    try {
      await patch<ReviewView>(`/counterparty-reviews/${r.id}`, {
        followUps: r.followUps.map((f) => (f.id === id ? { ...f, done } : f)),
      });
      reviews.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  // Money reads with its currency; a figure that does not apply to the side is a dash.
  const cell = (r: Row, which: 'currentText' | 'previousText' | 'changeText') => {
    const text = r[which];
    if (text === null) return t('reviews.notApplicable');
    return r.money && c ? `${text} ${c.currency}` : text;
  };
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('reviews.scorecard')}
      </Title>
      <form
        aria-label={t('reviews.scorecard')}
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(quarter);
        }}
      >
        <Group align="flex-end" gap="xs">
          <TextInput
            label={t('reviews.quarter')}
            value={quarter}
            onChange={(e) => setQuarter(e.currentTarget.value)}
          />
          <Button type="submit">{t('reviews.show')}</Button>
        </Group>
      </form>
      {card.error && <ErrorAlert error={card.error} />}
      {c && (
        <>
          <Text size="sm">
            {t('reviews.period', {
              from: c.period.from,
              to: c.period.to,
              pfrom: c.previousPeriod.from,
              pto: c.previousPeriod.to,
            })}
          </Text>
          <Table aria-label={t('reviews.scorecard')} withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reviews.figure')}</Table.Th>
                <Table.Th>{t('reviews.thisPeriod')}</Table.Th>
                <Table.Th>{t('reviews.lastPeriod')}</Table.Th>
                <Table.Th>{t('reviews.change')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.rows
                .filter((r) => r.current !== null || r.previous !== null)
                .map((r) => (
                  <Table.Tr key={r.key}>
                    <Table.Td>{w(r.label as Words)}</Table.Td>
                    <Table.Td>{cell(r, 'currentText')}</Table.Td>
                    <Table.Td>{cell(r, 'previousText')}</Table.Td>
                    <Table.Td>
                      {cell(r, 'changeText')}{' '}
                      {r.trend === 'better' && <Badge color="green">{t('reviews.better')}</Badge>}
                      {r.trend === 'worse' && <Badge color="red">{t('reviews.worse')}</Badge>}
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
          <Title order={3} size="h4">
            {t('reviews.chart')}
          </Title>
          <div role="img" aria-label={t('reviews.chart')} data-testid="review-chart">
            <BarChart
              h={260}
              data={chartData}
              dataKey="figure"
              withLegend
              series={[
                { name: t('reviews.thisPeriod'), color: 'blue.6' },
                { name: t('reviews.lastPeriod'), color: 'gray.5' },
              ]}
            />
          </div>
          {c.side === 'supplier' && (
            <>
              <Title order={3} size="h4">
                {t('reviews.failuresByPart')}
              </Title>
              {c.failuresByPart.length === 0 && <Text c="dimmed">{t('reviews.noFailures')}</Text>}
              {c.failuresByPart.map((p) => (
                <Text size="sm" key={p.partNumber}>
                  {t('reviews.failuresOf', {
                    part: p.partNumber,
                    category: p.partCategory,
                    count: p.failures,
                    cases: p.cases.join(', '),
                  })}
                </Text>
              ))}
            </>
          )}
          <Title order={3} size="h4">
            {t('reviews.save')}
          </Title>
          <form
            aria-label={t('reviews.save')}
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={t('reviews.notes')}
                value={notes}
                onChange={(e) => setNotes(e.currentTarget.value)}
              />
              <Group align="flex-end" gap="xs">
                <TextInput
                  label={t('reviews.followUp')}
                  w={320}
                  value={follow.text}
                  onChange={(e) => setFollow({ ...follow, text: e.currentTarget.value })}
                />
                <TextInput
                  label={t('reviews.owner')}
                  value={follow.owner}
                  onChange={(e) => setFollow({ ...follow, owner: e.currentTarget.value })}
                />
                <TextInput
                  label={t('reviews.due')}
                  type="date"
                  value={follow.dueOn}
                  onChange={(e) => setFollow({ ...follow, dueOn: e.currentTarget.value })}
                />
                <Button type="submit">{t('reviews.saveReview')}</Button>
              </Group>
            </Stack>
          </form>
        </>
      )}
      {error && <ErrorAlert error={error} />}
      <Title order={3} size="h4">
        {t('reviews.saved')}
      </Title>
      <ListState
        loading={reviews.loading}
        error={reviews.error}
        empty={(reviews.data?.items ?? []).length === 0}
        emptyText={t('reviews.noReviews')}
      />
      {(reviews.data?.items ?? []).map((r) => (
        <RowCard
          key={r.id}
          title={t('reviews.reviewTitle', { number: r.number, from: r.period.from, to: r.period.to })}
        >
          {r.previousReview && (
            <Text size="xs">{t('reviews.previousReview', { number: r.previousReview.number })}</Text>
          )}
          {r.notes && <Text size="sm">{r.notes}</Text>}
          {r.followUps.map((f) => (
            <Checkbox
              key={f.id}
              checked={f.done}
              onChange={(e) => void markDone(r, f.id, e.currentTarget.checked)}
              label={t('reviews.followUpLine', { text: f.text, owner: f.owner, due: f.dueOn })}
            />
          ))}
        </RowCard>
      ))}
    </Stack>
  );
}
