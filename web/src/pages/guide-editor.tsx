import { Alert, Anchor, Button, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, post } from '../api.ts';
import { ErrorAlert } from '../components.tsx';
import { useResource } from '../hooks.ts';

interface TreeSummary {
  key: string;
  version: number;
  product: string;
  faultCode: string;
  title: { en: string; zh: string };
}
interface TreeImport {
  key: string;
  version: number;
  product: string;
  faultCode: string;
  changed: boolean;
}
/** A problem the import placed: `file:line:col field`. */
interface Placed {
  line: number | null;
  col: number | null;
  field: string;
  message: string;
}

/** A new guide starts from a small valid shape the author fills in. */
const TEMPLATE = `key: my-guide
product: PA-300
faultCode: E1
title:
  en: "What the customer sees"
  zh: "客户看到的现象"
start: first
nodes:
  first:
    question:
      en: "A question the customer can answer"
      zh: "客户能回答的问题"
    answers:
      - label: { en: "Yes", zh: "是" }
        next: solved
      - label: { en: "No", zh: "否" }
        next: technician
  solved:
    end: solved
    text: { en: "Solved.", zh: "已解决。" }
  technician:
    end: technician
    text: { en: "A technician will come.", zh: "将安排技术员上门。" }
`;

function placed(error: unknown): Placed[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.map((e) => {
    const m = /^(.*):(\d+):(\d+) (.*)$/.exec(e.path);
    return m
      ? { line: Number(m[2]), col: Number(m[3]), field: m[4] ?? '', message: e.message }
      : { line: null, col: null, field: e.path, message: e.message };
  });
}

/** The guides (troubleshooting trees) for the brand's admins and managers to edit. */
export function GuidesAdminPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh';
  const trees = useResource<{ items: TreeSummary[] }>('/troubleshooting/trees');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('guideEditor.title')}
        </Title>
        <Button component={Link} to="/console/guides/new">
          {t('guideEditor.new')}
        </Button>
      </Group>
      <ErrorAlert error={trees.error} />
      <Table striped aria-label={t('guideEditor.title')}>
        <Table.Tbody>
          {trees.data?.items.map((g) => (
            <Table.Tr key={g.key}>
              <Table.Td>
                <Anchor component={Link} to={`/console/guides/${g.key}`}>
                  {zh ? g.title.zh : g.title.en}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {g.product} {g.faultCode}
              </Table.Td>
              <Table.Td>{t('guideEditor.version', { version: g.version })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/**
 * One guide's YAML in an editor: "Check" runs the import's checks storing nothing; "Save as a new
 * version" imports it (a guide that did not change keeps its version). Problems are listed by
 * line, column and field.
 */
export function GuideEditorPage() {
  const { t } = useTranslation();
  const { key } = useParams();
  const navigate = useNavigate();
  const isNew = key === 'new';
  const source = useResource<{ key: string; version: number; name: string; text: string }>(
    isNew ? null : `/troubleshooting/trees/${key}/source`,
  );
  const [text, setText] = useState(isNew ? TEMPLATE : '');
  const [problems, setProblems] = useState<Placed[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (source.data) setText(source.data.text);
  }, [source.data]);
  const name = isNew ? 'new-guide.yaml' : `${key}.yaml`;
  const run = async (what: 'check' | 'save') => {
    setBusy(true);
    setError(null);
    setProblems([]);
    setOutcome(null);
    try {
      if (what === 'check') {
        await post<{ checked: TreeImport[] }>('/troubleshooting/trees/check', { files: [{ name, text }] });
        setOutcome(t('guideEditor.noProblems'));
      } else {
        const r = await post<{ imported: TreeImport[] }>('/troubleshooting/trees', {
          files: [{ name, text }],
        });
        const done = r.imported[0];
        if (done) {
          setOutcome(
            done.changed
              ? t('guideEditor.saved', { version: done.version })
              : t('guideEditor.unchanged', { version: done.version }),
          );
          if (done.key !== key) navigate(`/console/guides/${done.key}`);
          else source.reload();
        }
      }
    } catch (e) {
      const found = placed(e);
      setProblems(found);
      if (found.length === 0) setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {isNew ? t('guideEditor.new') : t('guideEditor.edit', { key })}
      </Title>
      {source.data && <Text size="sm">{t('guideEditor.version', { version: source.data.version })}</Text>}
      <ErrorAlert error={source.error ?? error} />
      {outcome && <Alert color="green">{outcome}</Alert>}
      {problems.length > 0 && (
        <Alert color="red" title={t('guideEditor.problems', { count: problems.length })}>
          <Table aria-label={t('guideEditor.problemsTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('guideEditor.line')}</Table.Th>
                <Table.Th>{t('guideEditor.column')}</Table.Th>
                <Table.Th>{t('guideEditor.field')}</Table.Th>
                <Table.Th>{t('guideEditor.problem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {problems.map((p) => (
                <Table.Tr key={`${p.line}:${p.col}:${p.field}:${p.message}`}>
                  <Table.Td>{p.line ?? '—'}</Table.Td>
                  <Table.Td>{p.col ?? '—'}</Table.Td>
                  <Table.Td>
                    <code>{p.field}</code>
                  </Table.Td>
                  <Table.Td>{p.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Alert>
      )}
      <Textarea
        label={t('guideEditor.yaml')}
        description={t('guideEditor.yamlHint')}
        minRows={24}
        autosize
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'monospace' } }}
        spellCheck={false}
      />
      <Group>
        <Button variant="light" loading={busy} onClick={() => run('check')}>
          {t('guideEditor.check')}
        </Button>
        <Button loading={busy} onClick={() => run('save')}>
          {t('guideEditor.save')}
        </Button>
      </Group>
    </Stack>
  );
}
