import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  Radio,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type {
  Satisfaction,
  ScoreGroup,
  Survey,
  TreeSummary,
  Walk,
} from '../../../src/http/contracts/troubleshooting.ts';
import { post } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { useResource } from '../hooks.ts';
import type { Page, UnitView } from '../types.ts';

type Bilingual = { en: string; zh: string };

function useWords() {
  const { i18n } = useTranslation();
  return (label: Bilingual | undefined | null) =>
    label ? (i18n.language === 'zh' ? label.zh : label.en) : '';
}

/** The questions answered so far, as the walker reads them. */
function Steps({ walk }: { walk: Walk }) {
  const { t } = useTranslation();
  const words = useWords();
  if (walk.steps.length === 0) return null;
  return (
    <section aria-label={t('guide.stepsTaken')}>
      <Title order={3} size="h5">
        {t('guide.stepsTaken')}
      </Title>
      <List type="ordered" spacing={4}>
        {walk.steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps only grow at the end
          <List.Item key={i}>
            {words(s.question)} — <strong>{words(s.answerLabel)}</strong>
          </List.Item>
        ))}
      </List>
    </section>
  );
}

/**
 * Walking a guide, one question at a time. `casePath` is where a case it opened is shown; the
 * end shows what was learnt, "did this solve it?" on a solved end, or the case it opened.
 */
export function WalkPanel({
  walk,
  onChange,
  casePath,
}: {
  walk: Walk;
  onChange: (w: Walk) => void;
  casePath: (id: string) => string;
}) {
  const { t } = useTranslation();
  const words = useWords();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<boolean | null>(null);
  const answer = async (i: number) => {
    setBusy(true);
    setError(null);
    try {
      onChange(
        await post<Walk>(`/troubleshooting/walks/${walk.id}/answers`, { answer: i, expectedNode: walk.at }),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const helped = async (helpful: boolean) => {
    setError(null);
    try {
      await post('/knowledge/feedback', { subject: 'tree', key: walk.tree.key, helpful, walkId: walk.id });
      setFeedback(helpful);
    } catch (e) {
      setError(e as Error);
    }
  };
  const node = walk.node;
  return (
    <Stack>
      <Steps walk={walk} />
      <ErrorAlert error={error} />
      {node.kind === 'question' ? (
        <section aria-label={t('guide.question')}>
          <Title order={3} size="h4">
            {words(node.question)}
          </Title>
          {node.help && <Text c="dimmed">{words(node.help)}</Text>}
          <Group mt="sm">
            {node.answers?.map((a, i) => (
              <Button key={a.next + String(i)} variant="light" disabled={busy} onClick={() => answer(i)}>
                {words(a.label)}
              </Button>
            ))}
          </Group>
        </section>
      ) : (
        <Alert
          color={walk.outcome === 'solved' ? 'teal' : 'orange'}
          title={t(`guide.end.${walk.outcome ?? 'solved'}`)}
          role="status"
        >
          <Stack gap="xs">
            <Text>{words(node.text)}</Text>
            {walk.case && (
              <Text>
                {t('guide.caseOpened')}{' '}
                <Anchor component={Link} to={casePath(walk.case.id)}>
                  {walk.case.number}
                </Anchor>
              </Text>
            )}
            {walk.outcome === 'solved' && walk.channel === 'portal' && (
              <>
                {feedback === null ? (
                  <Group>
                    <Text>{t('guide.didItHelp')}</Text>
                    <Button size="xs" onClick={() => helped(true)}>
                      {t('guide.yes')}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => helped(false)}>
                      {t('guide.no')}
                    </Button>
                  </Group>
                ) : (
                  <Text>{t('guide.thanks')}</Text>
                )}
                {feedback === false && (
                  <Anchor component={Link} to="/portal/requests/new">
                    {t('guide.openRequest')}
                  </Anchor>
                )}
              </>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

/** The portal page of one guide: pick the unit (of the guide's product), then walk. */
export function TroubleshootPage() {
  const { t } = useTranslation();
  const words = useWords();
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const tree = useResource<{
    key: string;
    product: { model: string; name: Bilingual };
    tree: { title: Bilingual; faultCode: string };
  }>(`/troubleshooting/trees/${encodeURIComponent(key)}`);
  const units = useResource<Page<UnitView>>('/units?limit=100');
  const mine = (units.data?.items ?? []).filter((u) => u.product.model === tree.data?.product.model);
  const [serial, setSerial] = useState<string>(params.get('serial') ?? '');
  const [walk, setWalk] = useState<Walk | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const chosen = serial || mine[0]?.serial || '';
  const start = async () => {
    setError(null);
    try {
      setWalk(
        await post<Walk>('/troubleshooting/walks', { tree: key, ...(chosen ? { serial: chosen } : {}) }),
      );
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Stack>
      <ErrorAlert error={tree.error} />
      {tree.data && (
        <>
          <Title order={1} size="h2">
            {words(tree.data.tree.title)}
          </Title>
          <Group gap="xs">
            <Badge variant="light">{words(tree.data.product.name)}</Badge>
            <Badge variant="outline">
              {t('guide.faultCode')} {tree.data.tree.faultCode}
            </Badge>
          </Group>
          <Section title={t('guide.title')}>
            <ErrorAlert error={error} />
            {walk ? (
              <WalkPanel walk={walk} onChange={setWalk} casePath={(id) => `/portal/requests/${id}`} />
            ) : (
              <Stack align="flex-start">
                {mine.length > 0 && (
                  <NativeSelect
                    label={t('guide.whichUnit')}
                    value={chosen}
                    onChange={(e) => setSerial(e.currentTarget.value)}
                    data={mine.map((u) => ({ value: u.serial, label: `${u.serial} (${u.product.name})` }))}
                  />
                )}
                <Text c="dimmed">{t('guide.lead')}</Text>
                <Button onClick={start}>{t('guide.start')}</Button>
              </Stack>
            )}
          </Section>
        </>
      )}
    </Stack>
  );
}

/** The guides for the portal's home: each links to its page. */
export function GuidesSection() {
  const { t } = useTranslation();
  const words = useWords();
  const trees = useResource<{ items: TreeSummary[] }>('/troubleshooting/trees');
  return (
    <Section title={t('guide.guides')}>
      <ErrorAlert error={trees.error} />
      <List listStyleType="none" spacing="xs">
        {trees.data?.items.map((g) => (
          <List.Item key={g.key}>
            <Anchor component={Link} to={`/portal/troubleshoot/${g.key}`}>
              {g.product} {g.faultCode}: {words(g.title)}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Section>
  );
}

/** On the agent's case page: walk a guide of the case's product with the customer on the phone. */
export function CaseGuides({ caseId, unitId }: { caseId: string; unitId: string | null }) {
  const { t } = useTranslation();
  const words = useWords();
  const unit = useResource<UnitView>(unitId ? `/units/${unitId}` : null);
  const product = unit.data?.product.model ?? null;
  const trees = useResource<{ items: TreeSummary[] }>(
    product ? `/troubleshooting/trees?product=${encodeURIComponent(product)}` : null,
  );
  const walks = useResource<{ items: Walk[] }>(`/cases/${caseId}/walks`);
  const survey = useResource<{ survey: { score: number | null; comment: string | null } | null }>(
    `/cases/${caseId}/survey`,
  );
  const [walk, setWalk] = useState<Walk | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const start = async (key: string) => {
    setError(null);
    try {
      setWalk(await post<Walk>('/troubleshooting/walks', { tree: key, caseId }));
    } catch (e) {
      setError(e as Error);
    }
  };
  const change = (w: Walk) => {
    setWalk(w);
    if (w.outcome) walks.reload();
  };
  return (
    <Section title={t('guide.onCase')}>
      <ErrorAlert error={error ?? trees.error} />
      {walk ? (
        <WalkPanel walk={walk} onChange={change} casePath={(id) => `/console/cases/${id}`} />
      ) : (
        <Group>
          {(trees.data?.items ?? []).map((g) => (
            <Button key={g.key} size="xs" variant="light" onClick={() => start(g.key)}>
              {t('guide.walk')}: {g.faultCode} {words(g.title)}
            </Button>
          ))}
          {trees.data?.items.length === 0 && <Text c="dimmed">{t('guide.none')}</Text>}
        </Group>
      )}
      {(walks.data?.items ?? [])
        .filter((w) => w.outcome && w.id !== walk?.id)
        .map((w) => (
          <Stack key={w.id} gap={2}>
            <Text size="sm" fw={500}>
              {words(w.tree.title)} — {t(`guide.end.${w.outcome}`)}
            </Text>
            <Steps walk={w} />
          </Stack>
        ))}
      {survey.data?.survey && (
        <Text size="sm">
          {survey.data.survey.score === null
            ? t('survey.sentNoAnswer')
            : t('survey.onCase', {
                score: survey.data.survey.score,
                comment: survey.data.survey.comment ?? '',
              })}
        </Text>
      )}
    </Section>
  );
}

/** The survey page behind the link in the mail: no sign-in needed, one answer per case. */
export function SurveyPage() {
  const { t } = useTranslation();
  const words = useWords();
  const { token = '' } = useParams();
  const survey = useResource<Survey>(`/surveys/${encodeURIComponent(token)}`);
  const [score, setScore] = useState<string>('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);
  const submit = async () => {
    setError(null);
    try {
      await post(`/surveys/${encodeURIComponent(token)}`, {
        score: Number(score),
        ...(comment ? { comment } : {}),
      });
      setDone(true);
    } catch (e) {
      setError(e as Error);
    }
  };
  const s = survey.data;
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {t('survey.title')}
      </Title>
      <ErrorAlert error={survey.error} />
      {s && (
        <Text>
          {t('survey.about', { number: s.caseNumber })} {s.product ? `(${words(s.product)})` : ''}
        </Text>
      )}
      {s && (s.answered || done) ? (
        <Alert color="teal" role="status">
          {t('survey.thanks')}
        </Alert>
      ) : (
        s && (
          <Stack>
            <Radio.Group label={t('survey.question')} value={score} onChange={setScore} required>
              <Group mt="xs">
                {[1, 2, 3, 4, 5].map((n) => (
                  <Radio key={n} value={String(n)} label={`${n} · ${t(`survey.score.${n}`)}`} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label={t('survey.comment')}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              maxLength={2000}
            />
            <ErrorAlert error={error} />
            <Button onClick={submit} disabled={!score} w="fit-content">
              {t('survey.send')}
            </Button>
          </Stack>
        )
      )}
    </Stack>
  );
}

function ScoreTable({ caption, rows }: { caption: string; rows: ScoreGroup[] }) {
  const { t } = useTranslation();
  const words = useWords();
  return (
    <Table aria-label={caption} captionSide="top">
      <Table.Caption style={{ textAlign: 'left', fontWeight: 500 }}>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('satisfaction.who')}</Table.Th>
          <Table.Th scope="col">{t('satisfaction.answers')}</Table.Th>
          <Table.Th scope="col">{t('satisfaction.average')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.id ?? 'none'}>
            <Table.Td>{words(r.name)}</Table.Td>
            <Table.Td>{r.answers}</Table.Td>
            <Table.Td>{r.average ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The dashboard's deflection and satisfaction figures (the last 90 days). */
export function SatisfactionSections() {
  const { t } = useTranslation();
  const words = useWords();
  const data = useResource<Satisfaction>('/dashboard/satisfaction');
  const d = data.data;
  return (
    <>
      <ErrorAlert error={data.error} />
      {d && (
        <>
          <Section title={t('satisfaction.csat')}>
            <Text>
              {t('satisfaction.overall', { average: d.csat.average ?? '—', count: d.csat.answers })}
            </Text>
            <ScoreTable caption={t('satisfaction.byProduct')} rows={d.csat.byProduct} />
            <ScoreTable caption={t('satisfaction.byPartner')} rows={d.csat.byPartner} />
            <ScoreTable caption={t('satisfaction.byAgent')} rows={d.csat.byAgent} />
            {d.csat.recent.length > 0 && (
              <List aria-label={t('satisfaction.recent')} spacing={2}>
                {d.csat.recent.map((r) => (
                  <List.Item key={r.caseId}>
                    <Anchor component={Link} to={`/console/cases/${r.caseId}`}>
                      {r.caseNumber}
                    </Anchor>{' '}
                    {r.score}/5 {r.comment ? `“${r.comment}”` : ''}
                  </List.Item>
                ))}
              </List>
            )}
          </Section>
          <Section title={t('satisfaction.deflection')}>
            <Text>
              {t('satisfaction.deflected', {
                deflected: d.deflection.deflected,
                solved: d.deflection.solvedWalks,
                pending: d.deflection.pending,
                days: d.deflection.windowDays,
              })}
            </Text>
            <List aria-label={t('satisfaction.walks')} spacing={2}>
              {d.walks.map((w) => (
                <List.Item key={w.tree}>
                  {t('satisfaction.walkLine', {
                    tree: w.title ? words(w.title) : w.tree,
                    walks: w.walks,
                    solved: w.solved,
                    cases: w.cases,
                    prevented: w.prevented,
                  })}
                </List.Item>
              ))}
            </List>
            <Title order={3} size="h5">
              {t('satisfaction.articles')}
            </Title>
            <List aria-label={t('satisfaction.articles')} spacing={2}>
              {d.articles.map((a) => (
                <List.Item key={a.key}>
                  <Anchor component={Link} to={`/console/kb/read/${a.key}`}>
                    {a.title ? words(a.title) : a.key}
                  </Anchor>
                  {': '}
                  {t('satisfaction.articleLine', {
                    reads: a.reads,
                    prevented: a.prevented,
                    followed: a.followed,
                    pending: a.pending,
                  })}
                </List.Item>
              ))}
            </List>
            <Title order={3} size="h5">
              {t('satisfaction.helpfulness')}
            </Title>
            <List aria-label={t('satisfaction.helpfulness')} spacing={2}>
              {d.helpfulness.map((h) => (
                <List.Item key={`${h.subject}:${h.key}`}>
                  {t(`satisfaction.subject.${h.subject}`)} {h.title ? words(h.title) : h.key}:{' '}
                  {t('satisfaction.votes', { helpful: h.helpful, notHelpful: h.notHelpful })}
                </List.Item>
              ))}
            </List>
          </Section>
        </>
      )}
    </>
  );
}
