/**
 * Partner duties: what a service partner or distributor must do, each with a measure (a time, a
 * frequency, a target) so a failure can be shown, and a duty to report on service.
 */
import { type Agreement, refOf, type TargetKind } from '../agreement.ts';
import { add, type Ctx, keyName, nameOf, partyName, refsOf } from './context.ts';
import type { Text } from './finding.ts';
import { list, listZh, t } from './texts.ts';

/** Duties the terms commonly name (`duties.items`); others read in words. */
const DUTY_TEXT: Record<string, Text> = {
  first_line_support: t('first-line support', '一线支持'),
  remote_support: t('remote support', '远程支持'),
  phone_support: t('phone support', '电话支持'),
  hotline: t('a hotline', '热线'),
  onsite_repair: t('on-site repair', '上门维修'),
  onsite_service: t('on-site service', '上门服务'),
  field_service: t('field service', '现场服务'),
  repair: t('repair', '维修'),
  installation: t('installation', '安装'),
  commissioning: t('commissioning', '调试'),
  preventive_maintenance: t('preventive maintenance', '预防性维护'),
  spare_parts_stock: t('a spare-parts stock', '备件库存'),
  training: t('training', '培训'),
  customer_contact: t('customer contact', '客户联络'),
  returns_intake: t('taking in returns', '退货受理'),
  warranty_registration: t('warranty registration', '保修登记'),
};

const FREQUENCY = /^(daily|weekly|biweekly|monthly|quarterly|annual|yearly)_/;
const DUTY_TARGET: Record<string, TargetKind> = {
  first_line_support: 'response',
  remote_support: 'response',
  phone_support: 'response',
  hotline: 'response',
  onsite_repair: 'onsite',
  onsite_service: 'onsite',
  field_service: 'onsite',
  repair: 'resolution',
};

export function checkPartnerDuties(ctx: Ctx, a: Agreement): void {
  if (!(a.kind === 'service_partner' || a.kind === 'distribution')) return;
  const hasTarget = (kind: TargetKind) =>
    (a.service_levels ?? []).some((s) => Object.values(s.targets ?? {}).some((v) => v?.[kind]));
  const unmeasured: string[] = [];
  for (const item of a.duties?.items ?? []) {
    if (typeof item !== 'string') {
      if (!item.within && !item.every && item.target === undefined) unmeasured.push(item.duty);
      continue;
    }
    if (FREQUENCY.test(item)) continue;
    const target = DUTY_TARGET[item];
    if (target && hasTarget(target)) continue;
    unmeasured.push(item);
  }
  const provider = partyName(ctx, a.provider);
  if (unmeasured.length > 0) {
    const duties = unmeasured.map((d) => keyName(DUTY_TEXT, d));
    add(ctx, {
      code: 'duties.unmeasurable',
      severity: 'high',
      group: 'partners',
      agreements: [refOf(a)],
      refs: refsOf(a, a.duties?.ref),
      message: t(
        `${nameOf(a)} makes ${provider.en} responsible for ${list(duties.map((d) => d.en))} with no time, frequency or level to measure them by: a failure cannot be shown.`,
        `${nameOf(a)} 要求 ${provider.zh} 负责${listZh(duties.map((d) => d.zh))}，但没有可衡量的时限、频率或标准：无法证明其违约。`,
      ),
      fix: t(
        'Give each duty a measure: a time (e.g. first-line support within 4 hours: `{ duty: first_line_support, within: PT4H }`), a service-level target, or a frequency.',
        '为每项义务设定衡量标准：时限（例如 4 小时内提供一线支持：`{ duty: first_line_support, within: PT4H }`）、服务时限或频率。',
      ),
      details: { duties: unmeasured },
    });
  }
  const reports =
    a.duties?.reporting !== undefined ||
    (a.duties?.items ?? []).some((i) => /report/.test(typeof i === 'string' ? i : i.duty));
  if (!reports) {
    add(ctx, {
      code: 'duties.no_reporting',
      severity: 'medium',
      group: 'partners',
      agreements: [refOf(a)],
      refs: refsOf(a, a.duties?.ref),
      message: t(
        `${nameOf(a)} does not oblige ${provider.en} to report on service (cases, failures, parts used): problems surface only as complaints.`,
        `${nameOf(a)} 未要求 ${provider.zh} 报告服务情况（案件、故障、用件）：问题只会以投诉形式暴露。`,
      ),
      fix: t(
        'Say how often the partner reports, e.g. monthly (`reporting: { every: P1M }`).',
        '写明服务伙伴多久报告一次，例如每月一次（`reporting: { every: P1M }`）。',
      ),
    });
  }
}
