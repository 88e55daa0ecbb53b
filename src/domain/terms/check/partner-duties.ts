/**
 * Partner duties: what a service partner or distributor must do, each with a measure (a time, a
 * frequency, a target) so a failure can be shown, and a duty to report on service.
 */
import { type Agreement, refOf, type TargetKind } from '../agreement.ts';
import { add, type Ctx, nameOf, refsOf } from './context.ts';
import { list, listZh, t } from './texts.ts';

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
  if (unmeasured.length > 0) {
    add(ctx, {
      code: 'duties.unmeasurable',
      severity: 'high',
      group: 'partners',
      agreements: [refOf(a)],
      refs: refsOf(a, a.duties?.ref),
      message: t(
        `${nameOf(a)} makes ${a.provider} responsible for ${list(unmeasured)} with no time, frequency or level to measure them by: a failure cannot be shown.`,
        `${nameOf(a)} 要求 ${a.provider} 负责 ${listZh(unmeasured)}，但没有可衡量的时限、频率或标准：无法证明其违约。`,
      ),
      fix: t(
        'Give each duty a measure: `{ duty: first_line_support, within: PT4H }`, a service-level target, or a frequency.',
        '为每项义务设定衡量标准：`{ duty: first_line_support, within: PT4H }`、服务时限或频率。',
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
        `${nameOf(a)} does not oblige ${a.provider} to report on service (cases, failures, parts used): problems surface only as complaints.`,
        `${nameOf(a)} 未要求 ${a.provider} 报告服务情况（案件、故障、用件）：问题只会以投诉形式暴露。`,
      ),
      fix: t(
        'Add a reporting duty, e.g. `reporting: { every: P1M }`.',
        '增加报告义务，例如 `reporting: { every: P1M }`。',
      ),
    });
  }
}
