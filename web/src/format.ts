import i18n from './i18n.ts';

const locale = () => (i18n.language === 'zh' ? 'zh-CN' : 'en-GB');

/** A moment in the viewer's own time zone: "Tue 24 Nov, 14:00". */
export function formatInstant(iso: string | Date | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** The promise as people say it: "Tue 14:00" (weekday and time, in the viewer's zone). */
export function formatPromise(iso: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale(), {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** A time of day: "14:00". */
export function formatTime(iso: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale(), {
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** A calendar date written out: "12 March 2031" / "2031年3月12日". Dates of the terms have no zone. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

/** The viewer's zone, and another zone's name when it differs (e.g. the case's calendar). */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Business seconds as "43 h 05 min" / "43小时05分"; negative means overdue. Hours, never days: a
 * business day is not 24 hours, so "2 d" would mislead.
 */
export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const zh = i18n.language === 'zh';
  const parts: string[] = [];
  if (h > 0) parts.push(zh ? `${h}小时` : `${h} h`);
  parts.push(zh ? `${String(m).padStart(2, '0')}分` : `${String(m).padStart(2, '0')} min`);
  if (h === 0) parts.push(zh ? `${String(sec).padStart(2, '0')}秒` : `${String(sec).padStart(2, '0')} s`);
  return parts.join(zh ? '' : ' ');
}
