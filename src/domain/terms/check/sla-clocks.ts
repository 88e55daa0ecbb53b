/** SLA clocks: time limits with no clock or calendar, and severities with no targets. */
import { CUSTOMER_FACING, refOf } from '../agreement.ts';
import { add, type Ctx, nameOf, refsOf, severityName } from './context.ts';
import type { Text } from './finding.ts';
import { human, t } from './texts.ts';

const MISSING: Record<'clock' | 'calendar', Text> = {
  clock: t('clock (business hours or around the clock)', '计时方式'),
  calendar: t('working calendar', '工作日历'),
};
const TIMED: Record<string, Text> = {
  support: t('Its support', '其支持服务'),
  'returns.approval': t('Its return approval', '其退货审批'),
};

export function checkClocks(ctx: Ctx): void {
  for (const a of ctx.set) {
    for (const [i, s] of (a.service_levels ?? []).entries()) {
      const where = a.service_levels!.length > 1 ? `service_levels[${i}]` : 'service_levels';
      const block =
        a.service_levels!.length > 1
          ? t(`its service levels no. ${i + 1}`, `其第 ${i + 1} 组服务时限`)
          : t('its service levels', '其服务时限');
      const hasTargets = Object.values(s.targets ?? {}).some((v) => v && Object.keys(v).length > 0);
      if (hasTargets && (!s.clock || (s.clock === 'business' && !s.calendar))) {
        const missing = !s.clock ? 'clock' : 'calendar';
        const first = severityName(ctx, Object.keys(s.targets ?? {})[0] ?? '');
        add(ctx, {
          code: 'sla.no_clock',
          severity: 'medium',
          group: 'clocks',
          agreements: [refOf(a)],
          refs: refsOf(a, s.ref),
          message: t(
            `${nameOf(a)}: ${block.en} set targets with no ${MISSING[missing].en}: nobody can say when ${first.en} cases are late.`,
            `${nameOf(a)}：${block.zh}设定了时限但未规定${MISSING[missing].zh}：无法判断${first.zh}案件何时超时。`,
          ),
          fix: t(
            'Say whether the targets count business hours of a working calendar (`clock: business`, `calendar: ...`) or time around the clock (`clock: calendar`).',
            '写明时限按工作日历的工作时间计（`clock: business`，`calendar: ...`），还是按自然时间计（`clock: calendar`）。',
          ),
          details: { field: `${where}.${missing}` },
        });
      }
      for (const [sev, targets] of Object.entries(s.targets ?? {})) {
        if (targets && Object.keys(targets).length > 0) continue;
        const level = severityName(ctx, sev);
        add(ctx, {
          code: 'sla.severity_without_targets',
          severity: 'medium',
          group: 'clocks',
          agreements: [refOf(a)],
          refs: refsOf(a, s.ref),
          message: t(
            `${nameOf(a)} names the severity "${level.en}" but sets no response, on-site or resolution target for it.`,
            `${nameOf(a)} 列出了"${level.zh}"级别，但未设定任何响应、上门或解决时限。`,
          ),
          fix: t(
            `Give "${level.en}" at least a response and a resolution target, or remove it.`,
            `为"${level.zh}"级别至少设定响应和解决时限，或删除该级别。`,
          ),
          details: { field: `${where}.targets.${sev}` },
        });
      }
    }
    const timed: [string, string | undefined, string | undefined, string | undefined][] = [
      ['support', a.support?.response ?? a.support?.resolution, a.support?.clock, a.support?.calendar],
      [
        'returns.approval',
        a.returns?.approval?.decide_within,
        a.returns?.approval?.clock,
        a.returns?.approval?.calendar,
      ],
    ];
    for (const [field, target, clock, calendar] of timed) {
      if (!target || (clock && (clock === 'calendar' || calendar))) continue;
      const missing = !clock ? 'clock' : 'calendar';
      const what = TIMED[field]!;
      const limit = human(target, clock);
      add(ctx, {
        code: 'sla.no_clock',
        severity: 'medium',
        group: 'clocks',
        agreements: [refOf(a)],
        refs: refsOf(a, field === 'support' ? a.support?.ref : (a.returns?.approval?.ref ?? a.returns?.ref)),
        message: t(
          `${nameOf(a)}: ${what.en.charAt(0).toLowerCase()}${what.en.slice(1)} has a time limit (${limit.en}) with no ${MISSING[missing].en}.`,
          `${nameOf(a)}：${what.zh}设定了时限（${limit.zh}）但未规定${MISSING[missing].zh}。`,
        ),
        fix: t(
          'State the clock (and the calendar for business time).',
          '写明计时方式（按工作时间计时时还需指定日历）。',
        ),
        details: { field: `${field}.${missing}` },
      });
    }
  }
}

/**
 * A request without a unit (an inquiry by phone) is held to the service levels marked
 * `default: true` in a customer-facing agreement; with none, such a case runs without any clock.
 */
export function checkDefaultLevels(ctx: Ctx): void {
  const facing = ctx.set.filter((a) => CUSTOMER_FACING.has(a.kind));
  if (facing.length === 0) return;
  if (facing.some((a) => (a.service_levels ?? []).some((l) => l.default))) return;
  add(ctx, {
    code: 'sla.no_default_levels',
    severity: 'medium',
    group: 'clocks',
    agreements: facing.map(refOf),
    refs: [],
    message: t(
      'No customer-facing agreement states default service levels: an inquiry by phone or mail without a unit gets no response clock, and nobody can say when it is late.',
      '没有任何面向客户的协议规定默认服务时限：没有设备的电话或邮件咨询不会启动响应计时，无法判断何时超时。',
    ),
    fix: t(
      'Mark the service levels that hold requests without a unit with `default: true` in one warranty or service contract (a general support agreement will do).',
      '在一份保修或服务合同（可以是通用支持协议）的服务时限中写明 `default: true`，作为无设备请求的时限。',
    ),
  });
}
