/** Durations and targets as people read them, in English and Chinese. */
import { duration } from '../../time/index.ts';
import type { StartEvent, TargetKind } from '../agreement.ts';
import type { Text } from './finding.ts';

export const t = (en: string, zh: string): Text => ({ en, zh });

export function human(d: string): Text {
  const p = duration(d);
  const parts: [number, string, string][] = [
    [p.years, 'year', '年'],
    [p.months, 'month', '个月'],
    [p.weeks, 'week', '周'],
    [p.days, 'day', '天'],
    [p.hours, 'hour', '小时'],
    [p.minutes, 'minute', '分钟'],
    [p.seconds, 'second', '秒'],
  ];
  const used = parts.filter(([n]) => n > 0);
  if (used.length === 0) return t('0', '0');
  return t(
    used.map(([n, en]) => `${n} ${en}${n === 1 ? '' : 's'}`).join(' '),
    used.map(([n, , zh]) => `${n}${zh}`).join(''),
  );
}

export function hoursText(sec: number, business = false): Text {
  if (business) {
    const h = Math.round((sec / 3600) * 100) / 100;
    return t(`${h} business hour${h === 1 ? '' : 's'}`, `${h} 个工作小时`);
  }
  if (sec % 86400 === 0 && sec >= 86400) {
    const days = sec / 86400;
    return t(`${days} day${days === 1 ? '' : 's'}`, `${days} 天`);
  }
  const h = Math.round((sec / 3600) * 100) / 100;
  return t(`${h} hour${h === 1 ? '' : 's'}`, `${h} 小时`);
}

export const TARGET_TEXT: Record<TargetKind, Text> = {
  response: t('response', '响应'),
  onsite: t('on-site arrival', '上门'),
  resolution: t('resolution', '解决'),
};

export const START_TEXT: Record<StartEvent, Text> = {
  sale: t('the sale', '销售'),
  delivery: t('delivery', '交付'),
  installation: t('installation', '安装'),
  registration: t('registration', '注册'),
};

export const list = (items: readonly string[]) => items.join(', ');
export const listZh = (items: readonly string[]) => items.join('、');
