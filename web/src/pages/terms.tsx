import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  FileInput,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  AGREEMENT_KIND_LABELS,
  type Label,
  PART_CATEGORY_LABELS,
  SEVERITY_LABELS,
  TARGET_LABELS,
} from '../../../src/http/contracts/labels.ts';
import { api, downloadPost, toAttachment } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { formatDate } from '../format.ts';
import { useNames, useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';

interface Version {
  id: string;
  version: number;
  kind: string;
  title: string;
  provider: string;
  recipient: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  sha256: string;
}
interface AgreementSummary {
  id: string;
  kind: string;
  title: string;
  provider: string;
  recipient: string;
  providerName: string | null;
  recipientName: string | null;
  latestVersion: number;
  versions: Version[];
}
interface Finding {
  code: string;
  /** What people read for the code. */
  label: { en: string; zh: string };
  severity: 'high' | 'medium' | 'low';
  refs: { agreement: string; ref: string }[];
  message: { en: string; zh: string };
  fix: { en: string; zh: string };
  caution?: { en: string; zh: string };
}
interface CheckReport {
  findings: Finding[];
  counts: Record<string, number>;
}
interface Diff {
  clauses: {
    ref: string | null;
    path: string;
    change: string;
    fields: { path: string; before: unknown; after: unknown }[];
  }[];
}

const SEVERITY_COLOR = { high: 'red', medium: 'orange', low: 'gray' } as const;
const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

type Words = { en: string; zh: string };
interface ReviewResult {
  lines: { risk: Words; clauses: Words; amount: number; basis: Words; fix: Words }[];
  currency: string;
  markup: {
    edits: { agreement: string; title: string; ref: string; reasons: Words[]; cures: string[] }[];
    next: { id: string; title: string; version: number }[];
    before: { counts: Record<string, number> };
    after: { counts: Record<string, number> };
  };
}
interface Accepted {
  agreement: string;
  version: number;
  findings: { code: string; label: Words }[];
}

/** The first-pass review of the stored agreements: run it, read its top line, download, accept. */
function ReviewSection({ onAccepted }: { onAccepted: () => void }) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<File | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [review, setReview] = useState<ReviewResult | null>(null);
  const [accepted, setAccepted] = useState<Accepted[]>([]);
  const [saved, setSaved] = useState<number | null>(null);
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const w = (x: Words) => (lang === 'zh' ? x.zh : x.en);
  const attempt = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(null);
    }
  };
  const body = async () => (data ? { data: await data.text() } : {});
  const fetchIt = (output: string, filename: string) =>
    attempt(output, async () => downloadPost('/terms/review', { output, lang, ...(await body()) }, filename));
  const run = () =>
    attempt('run', async () => setReview(await api<ReviewResult>('POST', '/terms/review', await body())));
  const saveData = () =>
    attempt('save', async () => {
      if (!data) return;
      const stored = await api<{ revision: number }>('PUT', '/terms/review-data', {
        data: await data.text(),
      });
      setSaved(stored.revision);
    });
  const accept = (agreement: string) =>
    attempt(`accept:${agreement}`, async () => {
      const r = await api<{ items: Accepted[] }>('POST', '/terms/review/accept', { agreements: [agreement] });
      setAccepted((xs) => [...xs, ...r.items]);
      setReview(await api<ReviewResult>('POST', '/terms/review', await body()));
      onAccepted();
    });
  const outputs = [
    ['summary', 'summary.html', 'terms.reviewSummary'],
    ['markup_docx', 'markup.docx', 'terms.reviewDocx'],
    ['markup_html', 'markup.html', 'terms.reviewRedline'],
    ['cautions', 'cautions.txt', 'terms.reviewCautions'],
  ] as const;
  const top = review?.lines[0];
  return (
    <Section title={t('terms.review')}>
      <Text size="sm">{t('terms.reviewHelp')}</Text>
      <ErrorAlert error={error} />
      <Group align="end">
        <FileInput
          label={t('terms.reviewData')}
          description={t('terms.reviewDataHelp')}
          accept=".yaml,.yml"
          value={data}
          onChange={setData}
          clearable
          w={360}
        />
        <Button variant="default" disabled={!data} loading={busy === 'save'} onClick={saveData}>
          {t('terms.reviewDataSave')}
        </Button>
        {saved !== null && (
          <Text size="sm" c="green" role="status">
            {t('terms.reviewDataSaved', { revision: saved })}
          </Text>
        )}
      </Group>
      <Group>
        <Button loading={busy === 'run'} onClick={run}>
          {t('terms.reviewRun')}
        </Button>
        {outputs.map(([output, filename, key]) => (
          <Button
            key={output}
            variant="light"
            loading={busy === output}
            onClick={() => fetchIt(output, filename)}
          >
            {t(key)}
          </Button>
        ))}
      </Group>
      {review && (
        <Stack gap="xs" data-review>
          {top && (
            <Text fw={700} data-review-top>
              {w(top.risk)} — {review.currency} {top.amount.toLocaleString('en-US')}
              {t('terms.perYear')}
            </Text>
          )}
          {top && (
            <Text size="xs" c="dimmed">
              {w(top.clauses)} · {w(top.basis)}
            </Text>
          )}
          <Text size="sm">
            {t('terms.reviewCounts', {
              before: review.markup.before.counts.high ?? 0,
              after: review.markup.after.counts.high ?? 0,
            })}
          </Text>
          <Table aria-label={t('terms.reviewNext')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('terms.agreement')}</Table.Th>
                <Table.Th scope="col">{t('terms.reviewChanges')}</Table.Th>
                <Table.Th scope="col">{t('terms.reviewAccept')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {review.markup.next.map((a) => {
                const edits = review.markup.edits.filter((e) => e.agreement === a.id);
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      {a.title} → v{a.version}
                    </Table.Td>
                    <Table.Td>
                      {edits.map((e) => (
                        <Text size="xs" key={`${e.ref}${e.title}`}>
                          {e.ref}: {e.reasons.map(w).join(' ')}
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        loading={busy === `accept:${a.id}`}
                        onClick={() => accept(a.id)}
                        aria-label={`${t('terms.reviewAccept')}: ${a.title}`}
                      >
                        {t('terms.reviewAccept')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      {accepted.map((a) => (
        <Text key={`${a.agreement}${a.version}`} size="sm" c="green" role="status" data-accepted>
          {t('terms.reviewAccepted', { version: a.version })}: {a.findings.map((f) => w(f.label)).join('; ')}
        </Text>
      ))}
    </Section>
  );
}

interface DraftValue {
  kind: string;
  quote: string;
  value: string;
  field: string | null;
  business?: boolean;
}
interface DraftClause {
  ref: string;
  heading: string;
  text: string;
  proposed: DraftValue[];
}
interface Confirmed {
  yaml: string;
  agreement: { version: number };
  check: { counts: Record<string, number> };
  imported: { version: number } | null;
}

/** The terms format's sections and fields a draft's values go to, in words. */
const FIELD_WORDS: Record<string, Label> = {
  coverage: { en: 'Warranty', zh: '保修' },
  duration: { en: 'period', zh: '期限' },
  components: { en: 'component', zh: '部件' },
  service_levels: { en: 'Service levels', zh: '服务时限' },
  targets: { en: '', zh: '' },
  returns: { en: 'Returns', zh: '退货' },
  no_reason_window: { en: 'no-reason return window', zh: '无理由退货期' },
  replacement_window: { en: 'replacement window', zh: '换货期' },
  fault_refund_window: { en: 'refund window for a fault', zh: '故障退货期' },
  spare_parts: { en: 'Spare parts', zh: '备件' },
  available_for: { en: 'available for', zh: '供应年限' },
  scope: { en: 'Scope', zh: '适用范围' },
  territory: { en: 'territory', zh: '地域' },
  credits: { en: 'service credits', zh: '服务赔付' },
  per_breach: { en: 'per breach', zh: '每次违约' },
  percent_of_annual_fee: { en: '% of the annual fee', zh: '年费百分比' },
  compensation: { en: 'Compensation', zh: '补偿' },
  claims: { en: 'claims', zh: '索赔' },
  submit_within: { en: 'submitted within', zh: '提交期限' },
  '*': { en: '(choose a severity)', zh: '（请选择严重程度）' },
};

/** Where a value goes (`service_levels.targets.critical.onsite`) as a person reads it. */
function fieldInWords(field: string, lang: 'en' | 'zh'): string {
  const words = field.split('.').map((seg) => {
    const keyed = /^([a-z_]+)\[([^\]]+)\]$/.exec(seg);
    const name = keyed ? keyed[1]! : seg;
    const pick = (maps: Readonly<Record<string, Label>>[], key: string) =>
      maps.find((m) => m[key])?.[key]?.[lang];
    const word =
      pick([FIELD_WORDS, SEVERITY_LABELS, TARGET_LABELS], name) ??
      (lang === 'en' ? name.replace(/_/g, ' ') : name);
    return keyed ? `${word} ${pick([PART_CATEGORY_LABELS], keyed[2]!) ?? keyed[2]}` : word;
  });
  return words.filter(Boolean).join(' › ');
}

/** A draft read into clauses; a person confirms or corrects each value; the result is the next version. */
function DraftSection({ agreements, onStored }: { agreements: AgreementSummary[]; onStored: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const [file, setFile] = useState<File | null>(null);
  const [clauses, setClauses] = useState<DraftClause[] | null>(null);
  const [chosen, setChosen] = useState<Record<string, { on: boolean; field: string; value: string }>>({});
  const [target, setTarget] = useState<string | null>(null);
  const [result, setResult] = useState<Confirmed | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const attempt = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(null);
    }
  };
  const read = () =>
    attempt('read', async () => {
      if (!file) return;
      const { name, contentBase64 } = await toAttachment(file);
      const r = await api<{ clauses: DraftClause[] }>('POST', '/terms/drafts/read', { name, contentBase64 });
      setClauses(r.clauses);
      setResult(null);
      const next: typeof chosen = {};
      r.clauses.forEach((c, ci) => {
        c.proposed.forEach((v, vi) => {
          next[`${ci}.${vi}`] = { on: v.field !== null, field: v.field ?? '', value: v.value };
        });
      });
      setChosen(next);
    });
  const confirm = (store: boolean) =>
    attempt(store ? 'store' : 'check', async () => {
      if (!clauses || !target) return;
      const body = {
        agreement: target,
        store,
        clauses: clauses
          .map((c, ci) => ({
            ref: c.ref,
            text: c.text,
            values: c.proposed
              .map((_, vi) => chosen[`${ci}.${vi}`]!)
              .filter((x) => x.on && x.field)
              .map((x) => ({ field: x.field, value: x.value })),
          }))
          .filter((c) => c.values.length > 0),
      };
      setResult(await api<Confirmed>('POST', '/terms/drafts/confirm', body));
      if (store) onStored();
    });
  const set = (key: string, change: Partial<{ on: boolean; field: string; value: string }>) =>
    setChosen((c) => ({ ...c, [key]: { ...c[key]!, ...change } }));
  return (
    <Section title={t('terms.draft')}>
      <Text size="sm">{t('terms.draftHelp')}</Text>
      <ErrorAlert error={error} />
      <Group align="end">
        <FileInput
          label={t('terms.draftFile')}
          accept=".docx,.txt,.md"
          value={file}
          onChange={setFile}
          clearable
          w={360}
        />
        <Button disabled={!file} loading={busy === 'read'} onClick={read}>
          {t('terms.draftRead')}
        </Button>
      </Group>
      {clauses && (
        <>
          <Table aria-label={t('terms.draftValues')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('terms.clause')}</Table.Th>
                <Table.Th scope="col">{t('terms.draftSource')}</Table.Th>
                <Table.Th scope="col">{t('terms.draftField')}</Table.Th>
                <Table.Th scope="col">{t('terms.draftValue')}</Table.Th>
                <Table.Th scope="col">{t('terms.draftConfirm')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clauses.flatMap((c, ci) =>
                c.proposed.map((v, vi) => {
                  const key = `${ci}.${vi}`;
                  const x = chosen[key];
                  if (!x) return null;
                  const label = `${c.ref} ${v.quote}`;
                  return (
                    <Table.Tr key={key}>
                      <Table.Td>{c.ref || '—'}</Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          “{v.quote}”{v.business ? ` (${t('terms.draftBusiness')})` : ''}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {c.text}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`${t('terms.draftField')}: ${label}`}
                          value={x.field}
                          onChange={(e) => set(key, { field: e.currentTarget.value })}
                          description={x.field ? fieldInWords(x.field, lang) : undefined}
                          w={300}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`${t('terms.draftValue')}: ${label}`}
                          value={x.value}
                          onChange={(e) => set(key, { value: e.currentTarget.value })}
                          w={100}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Checkbox
                          aria-label={`${t('terms.draftConfirm')}: ${label}`}
                          checked={x.on}
                          onChange={(e) => set(key, { on: e.currentTarget.checked })}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                }),
              )}
            </Table.Tbody>
          </Table>
          <Group align="end">
            <Select
              label={t('terms.draftOf')}
              data={agreements.map((a) => ({ value: a.id, label: a.title }))}
              value={target}
              onChange={setTarget}
              w={420}
            />
            <Button
              variant="light"
              disabled={!target}
              loading={busy === 'check'}
              onClick={() => confirm(false)}
            >
              {t('terms.draftCheck')}
            </Button>
            <Button disabled={!target} loading={busy === 'store'} onClick={() => confirm(true)}>
              {t('terms.draftStore')}
            </Button>
          </Group>
        </>
      )}
      {result && (
        <Stack gap={4} data-draft-result>
          <Text size="sm" role="status">
            {result.imported
              ? t('terms.draftStored', { version: result.imported.version })
              : t('terms.draftChecked', {
                  version: result.agreement.version,
                  high: result.check.counts.high ?? 0,
                })}
          </Text>
          <Code block>{result.yaml}</Code>
        </Stack>
      )}
    </Section>
  );
}

export function TermsPage() {
  const { t, i18n } = useTranslation();
  const { label } = useLabels();
  const agreements = useResource<{ items: AgreementSummary[] }>('/agreements');
  const report = useResource<CheckReport>('/terms/check?format=json');
  const zh = i18n.language === 'zh';
  const names = useNames();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('terms.title')}
      </Title>
      <ErrorAlert error={agreements.error} />
      <Section title={t('terms.agreements')}>
        <Table striped aria-label={t('terms.agreements')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('terms.agreement')}</Table.Th>
              <Table.Th scope="col">{t('terms.kind')}</Table.Th>
              <Table.Th scope="col">{t('terms.parties')}</Table.Th>
              <Table.Th scope="col">{t('terms.versions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {agreements.data?.items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/console/terms/${a.id}`}>
                    {a.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{label(AGREEMENT_KIND_LABELS, a.kind)}</Table.Td>
                <Table.Td>
                  {a.providerName ?? label({}, a.provider)} → {a.recipientName ?? label({}, a.recipient)}
                </Table.Td>
                <Table.Td>{a.versions.map((v) => `v${v.version} (${v.effectiveFrom})`).join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <ReviewSection onAccepted={agreements.reload} />
      <DraftSection agreements={agreements.data?.items ?? []} onStored={agreements.reload} />
      <Section title={t('terms.risk')}>
        <ErrorAlert error={report.error} />
        {report.data && (
          <>
            <Group>
              {(['high', 'medium', 'low'] as const).map((s) => (
                <Badge key={s} color={SEVERITY_COLOR[s]} size="lg">
                  {t(`risk.${s}`)}: {report.data?.counts[s] ?? 0}
                </Badge>
              ))}
            </Group>
            <Table aria-label={t('terms.risk')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('risk.severity')}</Table.Th>
                  <Table.Th scope="col">{t('risk.finding')}</Table.Th>
                  <Table.Th scope="col">{t('risk.fix')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.findings.map((f, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: findings may repeat a code
                  <Table.Tr key={`${f.code}${i}`}>
                    <Table.Td>
                      <Badge color={SEVERITY_COLOR[f.severity]}>{t(`risk.${f.severity}`)}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {zh ? f.label.zh : f.label.en}
                      </Text>
                      <Text size="sm" data-finding-text>
                        {zh ? f.message.zh : f.message.en}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {f.refs.map((r) => `${names.agreement(r.agreement)} ${r.ref}`).join(', ')}
                      </Text>
                      {f.caution && (
                        <Text size="xs" c="orange" data-finding-text>
                          {zh ? f.caution.zh : f.caution.en}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" data-finding-text>
                        {zh ? f.fix.zh : f.fix.en}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Section>
    </Stack>
  );
}

export function AgreementPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const list = useResource<{ items: AgreementSummary[] }>('/agreements');
  const agreement = list.data?.items.find((a) => a.id === id);
  const versions = agreement?.versions.map((v) => v.version) ?? [];
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const fromV = from ?? (versions.length > 1 ? String(versions.at(-2)) : null);
  const toV = to ?? (versions.length > 1 ? String(versions.at(-1)) : null);
  const diff = useResource<Diff>(
    fromV && toV && fromV !== toV ? `/agreements/${id}/diff?from=${fromV}&to=${toV}` : null,
  );
  if (list.error) return <ErrorAlert error={list.error} />;
  if (!agreement) return list.loading ? null : <ErrorAlert error={new Error(t('common.notFound'))} />;
  return (
    <Stack>
      <Title order={1} size="h2">
        {agreement.title}
      </Title>
      <Section title={t('terms.versions')}>
        <Table aria-label={t('terms.versions')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('terms.version')}</Table.Th>
              <Table.Th scope="col">{t('terms.effective')}</Table.Th>
              <Table.Th scope="col">{t('terms.source')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {agreement.versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>v{v.version}</Table.Td>
                <Table.Td>
                  {formatDate(v.effectiveFrom)} –{' '}
                  {v.effectiveTo ? formatDate(v.effectiveTo) : t('terms.open')}
                </Table.Td>
                <Table.Td>
                  <Anchor
                    href={`/api/v1/agreements/${agreement.id}/versions/${v.version}/source`}
                    target="_blank"
                  >
                    {t('terms.download')}
                  </Anchor>{' '}
                  <Tooltip label={v.sha256}>
                    <Code>{v.sha256.slice(0, 12)}…</Code>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title={t('terms.diff')}>
        {versions.length < 2 ? (
          <Text c="dimmed">{t('terms.oneVersion')}</Text>
        ) : (
          <>
            <Group>
              <Select
                label={t('terms.from')}
                data={versions.map(String)}
                value={fromV}
                onChange={setFrom}
                w={120}
              />
              <Select
                label={t('terms.to')}
                data={versions.map(String)}
                value={toV}
                onChange={setTo}
                w={120}
              />
            </Group>
            <ErrorAlert error={diff.error} />
            <Table aria-label={t('terms.diff')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('terms.clause')}</Table.Th>
                  <Table.Th scope="col">{t('terms.change')}</Table.Th>
                  <Table.Th scope="col">{t('terms.before')}</Table.Th>
                  <Table.Th scope="col">{t('terms.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {diff.data?.clauses.flatMap((c) =>
                  (c.fields.length > 0
                    ? c.fields
                    : [{ path: c.path, before: undefined, after: undefined }]
                  ).map((f) => (
                    <Table.Tr key={`${c.path}${f.path}`}>
                      <Table.Td>
                        {c.ref ?? '—'}{' '}
                        <Text size="xs" c="dimmed">
                          {f.path}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge
                          color={c.change === 'added' ? 'green' : c.change === 'removed' ? 'red' : 'blue'}
                        >
                          {t(`terms.${c.change}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Code>{show(f.before)}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Code>{show(f.after)}</Code>
                      </Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Section>
    </Stack>
  );
}

interface CalendarSummary {
  key: string;
  name: string;
  timezone: string;
  official: string | null;
  latestVersion: number;
}
interface Day {
  date: string;
  weekday: string;
  kind: string;
  name?: string;
  nameZh?: string;
  windows: string[];
  seconds: number;
}

export function CalendarsPage() {
  const { t, i18n } = useTranslation();
  const calendars = useResource<{ items: CalendarSummary[] }>('/calendars');
  const [key, setKey] = useState<string | null>(null);
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const chosen = key ?? calendars.data?.items[0]?.key ?? null;
  const days = useResource<{ days: Day[]; version: number }>(
    chosen ? `/calendars/${chosen}/month?month=${month}` : null,
  );
  const calendar = calendars.data?.items.find((c) => c.key === chosen);
  const months = Array.from({ length: 18 }, (_, i) => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 6 + i);
    return d.toISOString().slice(0, 7);
  });
  const zh = i18n.language === 'zh';
  const first = days.data?.days[0];
  const lead = first ? ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(first.weekday) : 0;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('calendar.title')}
      </Title>
      <ErrorAlert error={calendars.error ?? days.error} />
      <Group>
        <Select
          label={t('calendar.calendar')}
          data={(calendars.data?.items ?? []).map((c) => ({ value: c.key, label: c.name }))}
          value={chosen}
          onChange={setKey}
          w={340}
        />
        <Select
          label={t('calendar.month')}
          data={months}
          value={month}
          onChange={(v) => v && setMonth(v)}
          w={140}
        />
      </Group>
      {calendar && (
        <Text size="sm" c="dimmed">
          {calendar.timezone} · {t('calendar.official')}: {calendar.official ?? '—'} · v{days.data?.version}
        </Text>
      )}
      <SimpleGrid cols={7} spacing={4} role="list" aria-label={t('calendar.month')}>
        {['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => (
          <Text key={d} fw={600} size="sm" ta="center" aria-hidden="true">
            {t(`weekday.${d}`)}
          </Text>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: blank cells before the first day
          <div key={`blank${i}`} aria-hidden="true" />
        ))}
        {days.data?.days.map((d) => (
          <Stack
            key={d.date}
            gap={2}
            p={6}
            role="listitem"
            aria-label={`${formatDate(d.date)}, ${t(`weekday.${d.weekday}`)}: ${d.windows.length > 0 ? d.windows.join(', ') : t('calendar.closed')}${d.name ? ` (${zh ? (d.nameZh ?? d.name) : d.name})` : ''}`}
            style={{
              border: '1px solid var(--mantine-color-gray-3)',
              borderRadius: 6,
              background:
                d.windows.length === 0
                  ? 'var(--mantine-color-gray-1)'
                  : d.kind === 'makeup'
                    ? 'var(--mantine-color-yellow-0)'
                    : undefined,
            }}
          >
            <Text size="sm" fw={600}>
              {Number(d.date.slice(8))}
            </Text>
            {d.name && (
              <Text size="xs" c={d.windows.length === 0 ? 'red' : 'orange'}>
                {zh ? (d.nameZh ?? d.name) : d.name}
                {d.kind === 'makeup' ? ` · ${t('calendar.makeup')}` : ''}
              </Text>
            )}
            <Text size="xs">{d.windows.length > 0 ? d.windows.join(' ') : t('calendar.closed')}</Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
