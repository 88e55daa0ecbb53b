import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, get } from './api.ts';

/** Loads a GET resource; `reload` fetches it again. Errors are kept to be shown, never thrown. */
export function useResource<T>(url: string | null) {
  const { i18n } = useTranslation();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [loading, setLoading] = useState(url !== null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the language and tick refetch on purpose
  useEffect(() => {
    if (url === null) return;
    let live = true;
    setLoading(true);
    get<T>(url)
      .then((d) => {
        if (live) {
          setData(d);
          setError(null);
        }
      })
      .catch((e: Error) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [url, tick, i18n.language]);
  return { data, error, loading, reload, setData };
}

/** The current time, updated every second: for live countdowns. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/**
 * Party and agreement names by key, for views that carry only keys (decisions, dashboard
 * figures, clause references): `party(key)` in the reader's language, `agreement(key)` its
 * title. A key the reader may not list stays as it is.
 */
export function useNames() {
  const { i18n } = useTranslation();
  const zh = i18n.language === 'zh';
  const parties = useResource<{ items: { key: string; name: string; nameZh: string | null }[] }>(
    '/parties?limit=500',
  );
  const agreements = useResource<{ items: { id: string; title: string }[] }>('/agreements');
  // Until the names have come (or could not), show an ellipsis rather than the key for a moment.
  const pending = (r: { data?: unknown; error: unknown }) => r.data === undefined && r.error === null;
  const party = (key: string): string => {
    if (pending(parties)) return '…';
    const p = parties.data?.items.find((x) => x.key === key);
    return p ? (zh && p.nameZh ? p.nameZh : p.name) : key;
  };
  const agreement = (key: string): string =>
    pending(agreements) ? '…' : (agreements.data?.items.find((a) => a.id === key)?.title ?? key);
  return { party, agreement };
}
