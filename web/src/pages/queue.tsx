import {
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Checkbox,
  Group,
  Kbd,
  Loader,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Static } from 'typebox';
import type {
  BulkOutcomeSchema,
  CustomerMatchSchema,
  QueueCountsSchema,
} from '../../../src/http/contracts/intake.ts';
import { get, post } from '../api.ts';
import { Countdown, ErrorAlert, StateBadge } from '../components.tsx';
import { formatInstant } from '../format.ts';
import { usePermissions, useSession } from '../session.tsx';
import type { Countdown as CountdownItem, Page, QueueItem } from '../types.ts';

type Counts = Static<typeof QueueCountsSchema>;
type CustomerMatch = Static<typeof CustomerMatchSchema>;
type BulkOutcome = Static<typeof BulkOutcomeSchema>;

const STATES = ['new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'] as const;
const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
const PAGE = 50;

interface Filters {
  q: string;
  state: string | null;
  severity: string | null;
  customer: { key: string; name: string } | null;
  breached: boolean;
  mine: boolean;
}
const NO_FILTERS: Filters = {
  q: '',
  state: null,
  severity: null,
  customer: null,
  breached: false,
  mine: false,
};

function queryOf(f: Filters, userId: string | undefined, cursor?: string): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (f.q.trim()) q.set('q', f.q.trim());
  if (f.state) q.set('state', f.state);
  if (f.severity) q.set('severity', f.severity);
  if (f.customer) q.set('party', f.customer.key);
  if (f.breached) q.set('breached', 'true');
  if (f.mine && userId) q.set('assignee', userId);
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

/** "1,000+" beyond the server's cap: counts read at most cap + 1 index entries. */
function countText(n: number | undefined, cap: number | undefined): string {
  if (n === undefined) return '…';
  return cap !== undefined && n > cap ? `${cap.toLocaleString()}+` : n.toLocaleString();
}

/**
 * The queue: open cases most at risk first, paged to the end ("Load more"), searched in English
 * and Chinese, filtered by names, counted per filter, worked in bulk and from the keyboard (`/`
 * search, `j`/`k` move, Enter open, `x` select, `?` help). On a phone the table scrolls inside its
 * own box; the page does not.
 */
export function QueuePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const can = usePermissions();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<QueueItem[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [current, setCurrent] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [help, setHelp] = useState(false);
  const [bulkState, setBulkState] = useState<string | null>(null);
  const [bulkResult, setBulkResult] = useState<BulkOutcome[] | null>(null);
  const [customerText, setCustomerText] = useState('');
  const [customers, setCustomers] = useState<CustomerMatch[]>([]);
  const [reloads, setReloads] = useState(0);
  const searchBox = useRef<HTMLInputElement>(null);
  const userId = me?.user.id;
  const canOpen = !!me && ['agent', 'manager', 'admin'].includes(me.user.role);

  // The search applies when typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => (f.q === search ? f : { ...f, q: search })), 300);
    return () => clearTimeout(timer);
  }, [search]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads refetches on purpose
  useEffect(() => {
    let live = true;
    setLoading(true);
    get<Page<QueueItem>>(`/cases/queue?${queryOf(filters, userId)}`)
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setCurrent(0);
        setSelected(new Set());
        setError(null);
      })
      .catch((e: Error) => live && setError(e))
      .finally(() => live && setLoading(false));
    get<Counts>('/cases/queue/counts')
      .then((c) => live && setCounts(c))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [filters, userId, reloads]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await get<Page<QueueItem>>(`/cases/queue?${queryOf(filters, userId, cursor)}`);
      setItems((shown) => [...shown, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  }, [cursor, filters, userId]);

  // Customers by name for the filter (the API takes the key; people read the name).
  useEffect(() => {
    const text = customerText.trim();
    if (!text || filters.customer?.name === text) return;
    let live = true;
    const timer = setTimeout(() => {
      get<{ items: CustomerMatch[] }>(`/intake/customers?q=${encodeURIComponent(text)}`)
        .then((r) => live && setCustomers(r.items))
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [customerText, filters.customer]);

  // Live countdowns of the shown cases (business time comes from the server), refreshed every 30 s.
  const [countdowns, setCountdowns] = useState<{ at: number; items: CountdownItem[] }>({
    at: Date.now(),
    items: [],
  });
  const ids = useMemo(() => items.slice(0, 200).map((c) => c.id), [items]);
  useEffect(() => {
    if (ids.length === 0) return;
    let live = true;
    const load = () =>
      get<{ items: CountdownItem[] }>(`/cases/countdowns?ids=${ids.join(',')}`)
        .then((r) => live && setCountdowns({ at: Date.now(), items: r.items }))
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [ids]);
  const nearest = (caseId: string) =>
    countdowns.items
      .filter((c) => c.caseId === caseId && c.status !== 'met')
      .sort((a, b) => a.remainingSeconds - b.remainingSeconds)[0];

  const toggle = useCallback(
    (id: string) =>
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  // Keyboard: not while typing in a field (except Escape there).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        !!target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);
      if (typing) {
        if (e.key === 'Escape') target.blur();
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === '/') {
        e.preventDefault();
        searchBox.current?.focus();
      } else if (e.key === 'j') setCurrent((i) => Math.min(i + 1, Math.max(items.length - 1, 0)));
      else if (e.key === 'k') setCurrent((i) => Math.max(i - 1, 0));
      else if (e.key === 'Enter' && items[current]) navigate(`/console/cases/${items[current].id}`);
      else if (e.key === 'x' && items[current] && can.caseActions) toggle(items[current].id);
      else if (e.key === '?') setHelp(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, current, navigate, toggle, can.caseActions]);
  useEffect(() => {
    document.querySelector(`[data-row-index="${current}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const bulk = async (body: Record<string, unknown>) => {
    try {
      const reply = await post<{ items: BulkOutcome[] }>('/cases/bulk', { ids: [...selected], ...body });
      setBulkResult(reply.items);
      setReloads((n) => n + 1);
    } catch (e) {
      setError(e as Error);
    }
  };

  const label = (text: string, n: number | undefined) =>
    t('queueMore.count', { label: text, count: countText(n, counts?.cap) });
  const allShown = items.length > 0 && items.every((c) => selected.has(c.id));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('queue.title')}{' '}
          <Text span c="dimmed" size="sm" data-testid="queue-open-count">
            {label(t('queueMore.open'), counts?.open)}
          </Text>
        </Title>
        <Group gap="xs">
          <Button variant="subtle" size="xs" onClick={() => setHelp(true)}>
            {t('queueMore.keysButton')}
          </Button>
          {canOpen && (
            <Button component={Link} to="/console/cases/new" size="xs" data-testid="new-case">
              {t('queueMore.newCase')}
            </Button>
          )}
        </Group>
      </Group>
      <TextInput
        ref={searchBox}
        label={t('queueMore.search')}
        description={t('queueMore.searchHint')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        rightSection={<Kbd size="xs">/</Kbd>}
        data-testid="queue-search"
      />
      <Group align="flex-end" wrap="wrap" aria-label={t('queue.filters')} role="group">
        <Select
          label={t('queue.state')}
          placeholder={t('queueMore.open')}
          clearable
          data={STATES.map((s) => ({ value: s, label: label(t(`state.${s}`), counts?.byState[s]) }))}
          value={filters.state}
          onChange={(v) => setFilters({ ...filters, state: v })}
          w={210}
          data-testid="queue-state"
        />
        <Select
          label={t('queue.severity')}
          clearable
          data={SEVERITIES.map((s) => ({
            value: s,
            label: label(t(`severity.${s}`), counts?.bySeverity[s]),
          }))}
          value={filters.severity}
          onChange={(v) => setFilters({ ...filters, severity: v })}
          w={170}
        />
        <Autocomplete
          label={t('queueMore.customer')}
          placeholder={t('queueMore.customerHint')}
          value={customerText}
          onChange={(v) => {
            setCustomerText(v);
            if (!v.trim() && filters.customer) setFilters({ ...filters, customer: null });
          }}
          data={customers.map((c) => ({
            value: c.key,
            label: c.nameZh ? `${c.name} · ${c.nameZh}` : c.name,
          }))}
          filter={({ options }) => options}
          onOptionSubmit={(key) => {
            const c = customers.find((x) => x.key === key);
            if (!c) return;
            setCustomerText(c.name);
            setFilters({ ...filters, customer: { key: c.key, name: c.name } });
          }}
          w={220}
        />
        <Checkbox
          label={label(t('queue.breachedOnly'), counts?.breached)}
          checked={filters.breached}
          onChange={(e) => setFilters({ ...filters, breached: e.currentTarget.checked })}
          mb={8}
        />
        <Checkbox
          label={label(t('queueMore.mine'), counts?.mine)}
          checked={filters.mine}
          onChange={(e) => setFilters({ ...filters, mine: e.currentTarget.checked })}
          mb={8}
        />
      </Group>
      {can.caseActions && selected.size > 0 && (
        <Group gap="xs" wrap="wrap" data-testid="bulk-bar">
          <Text size="sm">{t('queueMore.selected', { count: selected.size })}</Text>
          <Button size="xs" variant="light" onClick={() => bulk({ assign: { agentUserId: userId } })}>
            {t('queueMore.assignToMe')}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => bulk({ assign: { agentUserId: null } })}>
            {t('queueMore.unassign')}
          </Button>
          <Select
            size="xs"
            placeholder={t('queueMore.moveTo')}
            aria-label={t('queueMore.moveTo')}
            data={STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
            value={bulkState}
            onChange={setBulkState}
            w={180}
          />
          <Button size="xs" disabled={!bulkState} onClick={() => bulk({ state: { state: bulkState } })}>
            {t('queueMore.apply')}
          </Button>
        </Group>
      )}
      {bulkResult && (
        <Text size="sm" data-testid="bulk-result">
          {t('queueMore.bulkDone', {
            done: bulkResult.filter((r) => r.done).length,
            failed: bulkResult.filter((r) => !r.done).length,
          })}
        </Text>
      )}
      <ErrorAlert error={error} />
      <Table.ScrollContainer minWidth={760} type="native">
        <Table striped highlightOnHover aria-label={t('queue.title')} data-testid="queue">
          <Table.Thead>
            <Table.Tr>
              {can.caseActions && (
                <Table.Th scope="col" w={36}>
                  <Checkbox
                    aria-label={t('queueMore.selectAll')}
                    checked={allShown}
                    onChange={() => setSelected(allShown ? new Set() : new Set(items.map((c) => c.id)))}
                  />
                </Table.Th>
              )}
              <Table.Th scope="col">{t('queue.case')}</Table.Th>
              <Table.Th scope="col">{t('queueMore.subject')}</Table.Th>
              <Table.Th scope="col">{t('queue.severity')}</Table.Th>
              <Table.Th scope="col">{t('queue.state')}</Table.Th>
              <Table.Th scope="col">{t('queue.customer')}</Table.Th>
              <Table.Th scope="col">{t('unit.serial')}</Table.Th>
              <Table.Th scope="col">{t('queue.next')}</Table.Th>
              <Table.Th scope="col">{t('queue.left')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c, i) => {
              const next = nearest(c.id);
              return (
                <Table.Tr
                  key={c.id}
                  data-testid="queue-row"
                  data-row-index={i}
                  aria-selected={i === current}
                  bg={i === current ? 'var(--mantine-color-blue-light)' : undefined}
                  onClick={() => setCurrent(i)}
                >
                  {can.caseActions && (
                    <Table.Td>
                      <Checkbox
                        aria-label={t('queueMore.select', { number: c.number })}
                        checked={selected.has(c.id)}
                        onChange={() => toggle(c.id)}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Anchor component={Link} to={`/console/cases/${c.id}`} fw={c.unread ? 700 : undefined}>
                      {c.number}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {t(`kind.${c.kind}`)}
                      {c.unread ? ` · ${t('queueMore.unread')}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Text size="sm" lineClamp={2}>
                      {c.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      color={c.severity === 'critical' ? 'red' : c.severity === 'high' ? 'orange' : 'gray'}
                    >
                      {t(`severity.${c.severity}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <StateBadge state={c.state} />
                  </Table.Td>
                  <Table.Td>{c.customerName}</Table.Td>
                  <Table.Td>{c.serial ?? '—'}</Table.Td>
                  <Table.Td>
                    {c.nextTarget ? t(`target.${c.nextTarget}`) : '—'}
                    <Text size="xs" c="dimmed">
                      {formatInstant(c.nextDueAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {c.breached && (
                      <Badge color="red" mr={4}>
                        {t('clockStatus.breached')}
                      </Badge>
                    )}
                    {next ? (
                      <Countdown
                        remainingSeconds={next.remainingSeconds}
                        ticking={next.ticking}
                        since={countdowns.at}
                      />
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {loading && <Loader size="sm" aria-label={t('common.loading')} />}
      {!loading && items.length === 0 && !error && <Text c="dimmed">{t('queue.empty')}</Text>}
      {cursor ? (
        <Group>
          <Button variant="default" onClick={loadMore} disabled={loading} data-testid="queue-more">
            {t('queueMore.loadMore')}
          </Button>
          <Text size="sm" c="dimmed">
            {t('queueMore.shown', { count: items.length })}
          </Text>
        </Group>
      ) : (
        items.length > 0 && (
          <Text size="sm" c="dimmed" data-testid="queue-end">
            {t('queueMore.end', { count: items.length })}
          </Text>
        )
      )}
      <Modal opened={help} onClose={() => setHelp(false)} title={t('queueMore.keyboard')}>
        <Table aria-label={t('queueMore.keyboard')}>
          <Table.Tbody>
            {(
              [
                ['/', 'search'],
                ['j', 'down'],
                ['k', 'up'],
                ['Enter', 'open'],
                ['x', 'select'],
                ['?', 'help'],
              ] as const
            ).map(([key, what]) => (
              <Table.Tr key={key}>
                <Table.Td>
                  <Kbd>{key}</Kbd>
                </Table.Td>
                <Table.Td>{t(`queueMore.keys.${what}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </Stack>
  );
}
