import type { Label } from '../label.ts';
import { parseDuration } from './duration.ts';

function hoursAndMinutes(seconds: number, business: boolean): Label {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  const en: string[] = [];
  const zh: string[] = [];
  const kind = business ? 'business ' : '';
  if (h > 0) {
    en.push(`${h} ${kind}${h === 1 ? 'hour' : 'hours'}`);
    zh.push(`${h} 个${business ? '工作' : ''}小时`);
  }
  if (m > 0 || h === 0) {
    en.push(`${m} ${h === 0 ? kind : ''}${m === 1 ? 'minute' : 'minutes'}`);
    zh.push(`${m} 分钟`);
  }
  return { en: en.join(' '), zh: zh.join(' ') };
}

const CALENDAR_UNITS = [
  ['years', 'year', 'years', '年'],
  ['months', 'month', 'months', '个月'],
  ['weeks', 'week', 'weeks', '周'],
  ['days', 'day', 'days', '天'],
  ['hours', 'hour', 'hours', '小时'],
  ['minutes', 'minute', 'minutes', '分钟'],
  ['seconds', 'second', 'seconds', '秒'],
] as const;

/**
 * An ISO 8601 duration as people say it: "48 business hours" / "48 个工作小时" on a business
 * calendar, "5 days" / "5 天" or "2 years" / "2 年" otherwise. Business hours stay hours, never
 * turned into days (a business day is the calendar's working day, not 24 hours); days the terms
 * wrote on a business clock read "5 business days" / "5 个工作日", which is what the clock counts.
 * Text that is not a duration is returned as it is.
 */
export function durationInWords(iso: string, clock: 'business' | 'calendar' = 'calendar'): Label {
  const parsed = parseDuration(iso);
  if (!parsed.ok) return { en: iso, zh: iso };
  const d = parsed.duration;
  if (clock === 'business') {
    const en: string[] = [];
    const zh: string[] = [];
    if (d.weeks) {
      en.push(`${d.weeks} business ${d.weeks === 1 ? 'week' : 'weeks'}`);
      zh.push(`${d.weeks} 个工作周`);
    }
    if (d.days) {
      en.push(`${d.days} business ${d.days === 1 ? 'day' : 'days'}`);
      zh.push(`${d.days} 个工作日`);
    }
    const seconds = d.hours * 3600 + d.minutes * 60 + d.seconds;
    if (seconds > 0 || en.length === 0) {
      const time = hoursAndMinutes(seconds, true);
      en.push(time.en);
      zh.push(time.zh);
    }
    return { en: en.join(' '), zh: zh.join(' ') };
  }
  const en: string[] = [];
  const zh: string[] = [];
  for (const [field, one, many, zhUnit] of CALENDAR_UNITS) {
    const n = d[field];
    if (!n) continue;
    en.push(`${n} ${n === 1 ? one : many}`);
    zh.push(`${n} ${zhUnit}`);
  }
  if (en.length === 0) return { en: '0 minutes', zh: '0 分钟' };
  return { en: en.join(' '), zh: zh.join(' ') };
}
