/** Durations and targets as people read them, in English and Chinese. */
import { durationInWords } from '../../time/index.ts';
import type { StartEvent, TargetKind } from '../agreement.ts';
import type { Text } from './finding.ts';

export const t = (en: string, zh: string): Text => ({ en, zh });

/**
 * A duration as people say it; on a business clock, business days and hours (never turned into
 * 24-hour days).
 */
export function human(d: string, clock?: string): Text {
  return durationInWords(d, clock === 'business' ? 'business' : 'calendar');
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
