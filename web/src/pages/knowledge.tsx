import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Grid,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  TypographyStylesProvider,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, get, post, toAttachment } from '../api.ts';
import { ErrorAlert, Section } from '../components.tsx';
import { formatInstant } from '../format.ts';
import { useResource } from '../hooks.ts';

type Lang = 'en' | 'zh';
interface ArticleText {
  title: string;
  summary: string;
  body: string;
}
interface Article {
  id: string;
  key: string;
  state: 'draft' | 'review' | 'published' | 'archived';
  visibility: 'public' | 'product_customers' | 'partners' | 'internal';
  productModels: string[];
  partCategories: string[];
  faultCodes: { model: string; code: string }[];
  errorMessages: string[];
  troubleshootingTreeKey: string | null;
  texts: { en: ArticleText | null; zh: ArticleText | null };
  files: { name: string; sha256: string; mediaType: string; size: number }[];
  liveVersion: number | null;
  visibleFrom: string | null;
  updatedAt: string;
  versions?: { version: number; publishedAt: string; publishedBy: string | null }[];
}
interface Published {
  key: string;
  version: number;
  publishedAt: string;
  lang: Lang;
  missingTranslation: boolean;
  languages: Lang[];
  title: string;
  summary: string;
  html: string;
  productModels: string[];
  faultCodes: { model: string; code: string }[];
  troubleshootingTreeKey: string | null;
  files: { name: string; sha256: string }[];
}
export interface SearchHit {
  id: string;
  key: string;
  lang: Lang;
  title: string;
  summary: string;
  productModels: string[];
  troubleshootingTreeKey: string | null;
}
interface SimilarCase {
  id: string;
  number: string;
  description: string;
  resolvedAt: string;
  diagnosis: {
    partCategory: string | null;
    cause: string | null;
    result: string | null;
    note: string | null;
  } | null;
  parts: { partNumber: string; quantity: number }[];
}

const STATES = ['draft', 'review', 'published', 'archived'] as const;
const VISIBILITIES = ['public', 'product_customers', 'partners', 'internal'] as const;
const NEXT: Record<Article['state'], Article['state'][]> = {
  draft: ['review', 'published', 'archived'],
  review: ['draft', 'published', 'archived'],
  published: ['draft', 'archived'],
  archived: ['draft'],
};

function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'zh' ? 'zh' : 'en';
}

/** Waits until the value stops changing for `ms` (typing), then gives it. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/** Articles offered while a customer writes a request: searched as they type (debounced). */
export function ArticleSuggestions({ text, productModel }: { text: string; productModel: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const query = useDebounced(text.trim(), 300);
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    if (query.length < 2) {
      setHits([]);
      return;
    }
    let live = true;
    const product = productModel ? `&product=${encodeURIComponent(productModel)}` : '';
    get<{ items: SearchHit[] }>(`/kb/search?q=${encodeURIComponent(query)}&lang=${lang}&limit=3${product}`)
      .then((r) => live && setHits(r.items))
      .catch(() => live && setHits([]));
    return () => {
      live = false;
    };
  }, [query, lang, productModel]);
  if (hits.length === 0) return null;
  return (
    <Paper withBorder p="sm" aria-live="polite" data-testid="kb-suggestions">
      <Text fw={600} size="sm" mb={4}>
        {t('kb.suggestTitle')}
      </Text>
      <List spacing={6} size="sm">
        {hits.map((h) => (
          <List.Item key={h.id}>
            <Anchor component={Link} to={`/portal/kb/${h.key}`} target="_blank" fw={500}>
              {h.title}
            </Anchor>
            <Text size="xs" c="dimmed">
              {h.summary}
            </Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/** The text an agent puts in a reply for an article: its title, summary and address. */
export function articleReplyText(hit: SearchHit, origin: string): string {
  return `${hit.title}\n${hit.summary}\n${origin}/portal/kb/${hit.key}`;
}

/** On the agent's case page: articles for the case, with a button that puts one in the reply. */
export function CaseKnowledge({ caseId, onInsert }: { caseId: string; onInsert: (text: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const suggestions = useResource<{ items: SearchHit[] }>(`/kb/cases/${caseId}/suggestions?lang=${lang}`);
  const similar = useResource<{ items: SimilarCase[] }>(`/kb/cases/${caseId}/similar`);
  return (
    <>
      <Section title={t('kb.forCase')}>
        {suggestions.data?.items.length === 0 && <Text size="sm">{t('kb.noneFound')}</Text>}
        <Stack gap="xs" data-testid="case-kb-suggestions">
          {suggestions.data?.items.map((h) => (
            <Paper key={h.id} withBorder p="xs">
              <Anchor component={Link} to={`/console/kb/read/${h.key}`} target="_blank" fw={500} size="sm">
                {h.title}
              </Anchor>
              <Text size="xs" c="dimmed">
                {h.summary}
              </Text>
              <Button
                size="compact-xs"
                variant="light"
                mt={4}
                onClick={() => onInsert(articleReplyText(h, window.location.origin))}
              >
                {t('kb.insert')}
              </Button>
            </Paper>
          ))}
        </Stack>
      </Section>
      {similar.data && similar.data.items.length > 0 && (
        <Section title={t('kb.similarCases')}>
          <List size="sm" spacing={6}>
            {similar.data.items.map((s) => (
              <List.Item key={s.id}>
                <Anchor component={Link} to={`/console/cases/${s.id}`}>
                  {s.number}
                </Anchor>{' '}
                {s.description.slice(0, 120)}
                {s.diagnosis && (
                  <Text size="xs" c="dimmed">
                    {t('kb.diagnosis')}:{' '}
                    {[s.diagnosis.partCategory, s.diagnosis.cause, s.diagnosis.note]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                )}
                {s.parts.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('kb.parts')}: {s.parts.map((p) => `${p.partNumber} × ${p.quantity}`).join(', ')}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </Section>
      )}
    </>
  );
}

/** A published article for any reader, in the reader's language or the other one, marked. */
export function ArticlePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { key } = useParams();
  const article = useResource<Published>(`/kb/read/${key}?lang=${lang}`);
  if (article.error) return <ErrorAlert error={article.error} />;
  const a = article.data;
  if (!a) return <Text>{t('common.loading')}</Text>;
  return (
    <Stack maw={820}>
      <Title order={1} size="h2">
        {a.title}
      </Title>
      <Group gap="xs">
        {a.productModels.map((m) => (
          <Badge key={m} variant="light">
            {m}
          </Badge>
        ))}
        {a.faultCodes.map((f) => (
          <Badge key={`${f.model}${f.code}`} color="orange" variant="light">
            {f.model} {f.code}
          </Badge>
        ))}
      </Group>
      {a.missingTranslation && (
        <Alert color="yellow" data-testid="missing-translation">
          {t('kb.missingTranslation', { language: t(`kb.language.${a.lang}`) })}
        </Alert>
      )}
      <Text c="dimmed">{a.summary}</Text>
      <TypographyStylesProvider>
        {/* The server renders Markdown with raw HTML off: no markup an author typed comes through. */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown-it with html: false */}
        <div data-testid="article-body" dangerouslySetInnerHTML={{ __html: a.html }} />
      </TypographyStylesProvider>
      {a.troubleshootingTreeKey && (
        <Button component={Link} to={`/portal/troubleshoot/${a.troubleshootingTreeKey}`} w="fit-content">
          {t('kb.troubleshoot')}
        </Button>
      )}
      {a.files.length > 0 && (
        <Section title={t('attachments.title')}>
          <List size="sm">
            {a.files.map((f) => (
              <List.Item key={f.sha256}>
                <Anchor href={`/api/v1/kb/read/${a.key}/files/${f.sha256}`}>{f.name}</Anchor>
              </List.Item>
            ))}
          </List>
        </Section>
      )}
      <Text size="xs" c="dimmed">
        {t('kb.versionLine', { version: a.version, when: formatInstant(a.publishedAt) })}
      </Text>
    </Stack>
  );
}

/** The authors' list of articles. */
export function ArticlesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [state, setState] = useState<string | null>(null);
  const list = useResource<{ items: Article[] }>(`/kb/articles?limit=200${state ? `&state=${state}` : ''}`);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('kb.title')}
        </Title>
        <Group>
          <Button component={Link} to="/console/guides" variant="light">
            {t('guideEditor.link')}
          </Button>
          <Button component={Link} to="/console/kb/new">
            {t('kb.new')}
          </Button>
        </Group>
      </Group>
      <Select
        label={t('kb.state')}
        clearable
        w={220}
        value={state}
        onChange={setState}
        data={STATES.map((s) => ({ value: s, label: t(`kb.states.${s}`) }))}
      />
      <ErrorAlert error={list.error} />
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('kb.articleTitle')}</Table.Th>
            <Table.Th>{t('kb.state')}</Table.Th>
            <Table.Th>{t('kb.visibility')}</Table.Th>
            <Table.Th>{t('kb.languages')}</Table.Th>
            <Table.Th>{t('kb.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Anchor component={Link} to={`/console/kb/${a.id}`}>
                  {a.texts[lang]?.title ?? a.texts[lang === 'en' ? 'zh' : 'en']?.title}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`kb.states.${a.state}`)}</Table.Td>
              <Table.Td>{t(`kb.visibilities.${a.visibility}`)}</Table.Td>
              <Table.Td>
                {(['en', 'zh'] as const).map((l) => (
                  <Badge
                    key={l}
                    mr={4}
                    color={a.texts[l] ? 'blue' : 'gray'}
                    variant={a.texts[l] ? 'light' : 'outline'}
                  >
                    {a.texts[l]
                      ? t(`kb.language.${l}`)
                      : t('kb.missing', { language: t(`kb.language.${l}`) })}
                  </Badge>
                ))}
              </Table.Td>
              <Table.Td>{formatInstant(a.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

const emptyText: ArticleText = { title: '', summary: '', body: '' };

/** The editor: both languages side by side, Markdown with a live preview, states and versions. */
export function ArticleEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const isNew = id === 'new';
  const loaded = useResource<Article>(isNew ? null : `/kb/articles/${id}`);
  const [key, setKey] = useState('');
  const [visibility, setVisibility] = useState<Article['visibility']>('public');
  const [models, setModels] = useState('');
  const [codes, setCodes] = useState('');
  const [tree, setTree] = useState('');
  const [texts, setTexts] = useState<{ en: ArticleText; zh: ArticleText }>({ en: emptyText, zh: emptyText });
  const [editing, setEditing] = useState<Lang>('en');
  const [preview, setPreview] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const a = loaded.data;
  useEffect(() => {
    if (!a) return;
    setKey(a.key);
    setVisibility(a.visibility);
    setModels(a.productModels.join(', '));
    setCodes(a.faultCodes.map((f) => `${f.model} ${f.code}`).join(', '));
    setTree(a.troubleshootingTreeKey ?? '');
    setTexts({ en: a.texts.en ?? emptyText, zh: a.texts.zh ?? emptyText });
  }, [a]);
  const body = useDebounced(texts[editing].body, 300);
  useEffect(() => {
    let live = true;
    post<{ html: string }>('/kb/preview', { body, ...(isNew ? {} : { articleId: id }) })
      .then((r) => live && setPreview(r.html))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [body, id, isNew]);

  const written = (x: ArticleText) => (x.title.trim() !== '' ? x : null);
  const payload = () => ({
    key,
    visibility,
    productModels: models
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean),
    faultCodes: codes
      .split(',')
      .map((c) => c.trim().split(/\s+/))
      .filter((p) => p.length === 2)
      .map(([model, code]) => ({ model: model as string, code: code as string })),
    troubleshootingTreeKey: tree.trim() || null,
    texts: { en: written(texts.en), zh: written(texts.zh) },
  });
  const save = async () => {
    setError(null);
    try {
      if (isNew) {
        const created = await post<Article>('/kb/articles', payload());
        navigate(`/console/kb/${created.id}`);
      } else {
        await api<Article>('PATCH', `/kb/articles/${id}`, payload());
        setSaved(true);
        loaded.reload();
      }
    } catch (e) {
      setError(e as Error);
    }
  };
  const move = async (state: Article['state']) => {
    setError(null);
    try {
      await post<Article>(`/kb/articles/${id}/state`, {
        state,
        ...(state === 'published' && publishAt ? { publishAt: new Date(publishAt).toISOString() } : {}),
      });
      loaded.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const setText = (field: keyof ArticleText, value: string) =>
    setTexts((all) => ({ ...all, [editing]: { ...all[editing], [field]: value } }));
  const [uploads, setUploads] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  const upload = async () => {
    if (uploads.length === 0) return;
    setError(null);
    setUploading(true);
    try {
      // The files API of the knowledge base: stored in the blob store, type sniffed, recorded.
      await post<Article>(`/kb/articles/${id}/files`, {
        files: await Promise.all(uploads.map(toAttachment)),
      });
      setUploads([]);
      loaded.reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setUploading(false);
    }
  };
  /** Puts the file into the body being edited: an image shown in place, any other file as a link. */
  const insertFile = (f: Article['files'][number]) => {
    const ref = f.mediaType.startsWith('image/')
      ? `![${f.name}](file:${f.name})`
      : `[${f.name}](file:${f.name})`;
    const current = texts[editing].body;
    setText(
      'body',
      current === '' || current.endsWith('\n') ? `${current}${ref}\n` : `${current}\n\n${ref}\n`,
    );
  };
  const editable = !!a && (a.state === 'draft' || a.state === 'review');

  return (
    <Stack>
      <Title order={1} size="h2">
        {isNew ? t('kb.new') : t('kb.edit')}
      </Title>
      {a && (
        <Text size="sm">
          {t('kb.state')}: <Badge>{t(`kb.states.${a.state}`)}</Badge>{' '}
          {a.visibleFrom && t('kb.visibleFrom', { when: formatInstant(a.visibleFrom) })}
        </Text>
      )}
      <ErrorAlert error={error} />
      {saved && <Alert color="green">{t('kb.saved')}</Alert>}
      <Group grow>
        <TextInput label={t('kb.key')} value={key} onChange={(e) => setKey(e.currentTarget.value)} required />
        <Select
          label={t('kb.visibility')}
          value={visibility}
          allowDeselect={false}
          onChange={(v) => setVisibility((v as Article['visibility']) ?? 'public')}
          data={VISIBILITIES.map((v) => ({ value: v, label: t(`kb.visibilities.${v}`) }))}
        />
      </Group>
      <Group grow>
        <TextInput
          label={t('kb.products')}
          value={models}
          onChange={(e) => setModels(e.currentTarget.value)}
        />
        <TextInput
          label={t('kb.faultCodes')}
          value={codes}
          onChange={(e) => setCodes(e.currentTarget.value)}
        />
        <TextInput label={t('kb.tree')} value={tree} onChange={(e) => setTree(e.currentTarget.value)} />
      </Group>
      <Select
        label={t('kb.editingLanguage')}
        w={220}
        value={editing}
        allowDeselect={false}
        onChange={(v) => setEditing((v as Lang) ?? 'en')}
        data={(['en', 'zh'] as const).map((l) => ({
          value: l,
          label: texts[l].title
            ? t(`kb.language.${l}`)
            : t('kb.missing', { language: t(`kb.language.${l}`) }),
        }))}
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="xs">
            <TextInput
              label={t('kb.articleTitle')}
              value={texts[editing].title}
              onChange={(e) => setText('title', e.currentTarget.value)}
            />
            <TextInput
              label={t('kb.summary')}
              value={texts[editing].summary}
              onChange={(e) => setText('summary', e.currentTarget.value)}
            />
            <Textarea
              label={t('kb.body')}
              description={t('kb.bodyHint')}
              minRows={14}
              autosize
              value={texts[editing].body}
              onChange={(e) => setText('body', e.currentTarget.value)}
              styles={{ input: { fontFamily: 'monospace' } }}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Text fw={600} size="sm">
            {t('kb.preview')}
          </Text>
          <Paper withBorder p="sm">
            <TypographyStylesProvider>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown-it with html: false */}
              <div data-testid="kb-preview" dangerouslySetInnerHTML={{ __html: preview }} />
            </TypographyStylesProvider>
          </Paper>
        </Grid.Col>
      </Grid>
      {a && (
        <Section title={t('kb.files')}>
          {a.files.length > 0 && (
            <Table aria-label={t('kb.files')}>
              <Table.Tbody>
                {a.files.map((f) => (
                  <Table.Tr key={f.name}>
                    <Table.Td>
                      <Anchor href={`/api/v1/kb/articles/${a.id}/files/${f.sha256}`} target="_blank">
                        {f.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{f.mediaType}</Table.Td>
                    <Table.Td>{t('kb.fileSize', { kb: Math.max(1, Math.round(f.size / 1024)) })}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="light" disabled={!editable} onClick={() => insertFile(f)}>
                        {t('kb.insertFile')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group align="end">
            <FileInput
              label={t('kb.upload')}
              description={t('kb.uploadHint')}
              multiple
              clearable
              disabled={!editable}
              value={uploads}
              onChange={setUploads}
              w={360}
            />
            <Button onClick={upload} loading={uploading} disabled={!editable || uploads.length === 0}>
              {t('kb.uploadButton')}
            </Button>
          </Group>
        </Section>
      )}
      <Group>
        <Button onClick={save} disabled={!!a && (a.state === 'published' || a.state === 'archived')}>
          {t('kb.save')}
        </Button>
        {a && (
          <>
            <TextInput
              type="datetime-local"
              aria-label={t('kb.publishAt')}
              placeholder={t('kb.publishAt')}
              value={publishAt}
              onChange={(e) => setPublishAt(e.currentTarget.value)}
            />
            {NEXT[a.state].map((s) => (
              <Button key={s} variant="light" onClick={() => move(s)}>
                {t(`kb.moveTo.${s}`)}
              </Button>
            ))}
          </>
        )}
      </Group>
      {a?.versions && a.versions.length > 0 && (
        <Section title={t('kb.versions')}>
          <Table>
            <Table.Tbody>
              {a.versions.map((v) => (
                <Table.Tr key={v.version}>
                  <Table.Td>{t('kb.versionN', { version: v.version })}</Table.Td>
                  <Table.Td>{formatInstant(v.publishedAt)}</Table.Td>
                  <Table.Td>{v.publishedBy ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      )}
    </Stack>
  );
}
