/** SLA clocks: time limits with no clock or calendar, and severities with no targets. */
import { refOf } from '../agreement.ts';
import { add, type Ctx, nameOf, refsOf } from './context.ts';
import { t } from './texts.ts';

export function checkClocks(ctx: Ctx): void {
  for (const a of ctx.set) {
    for (const [i, s] of (a.service_levels ?? []).entries()) {
      const where = a.service_levels!.length > 1 ? `service_levels[${i}]` : 'service_levels';
      const hasTargets = Object.values(s.targets ?? {}).some((v) => v && Object.keys(v).length > 0);
      if (hasTargets && (!s.clock || (s.clock === 'business' && !s.calendar))) {
        const missing = !s.clock ? 'clock' : 'calendar';
        add(ctx, {
          code: 'sla.no_clock',
          severity: 'medium',
          group: 'clocks',
          agreements: [refOf(a)],
          refs: refsOf(a, s.ref),
          message: t(
            `${nameOf(a)} ${where} sets targets with no ${missing}: nobody can say when "${Object.keys(s.targets ?? {})[0]}" cases are late.`,
            `${nameOf(a)} ${where} 设定了时限但未规定${missing === 'clock' ? '计时方式' : '工作日历'}：无法判断案件何时超时。`,
          ),
          fix: t(
            'State `clock: business` with a `calendar`, or `clock: calendar` (wall time).',
            '写明 `clock: business` 并指定 `calendar`，或写明 `clock: calendar`（自然时间）。',
          ),
          details: { field: `${where}.${missing}` },
        });
      }
      for (const [sev, targets] of Object.entries(s.targets ?? {})) {
        if (targets && Object.keys(targets).length > 0) continue;
        add(ctx, {
          code: 'sla.severity_without_targets',
          severity: 'medium',
          group: 'clocks',
          agreements: [refOf(a)],
          refs: refsOf(a, s.ref),
          message: t(
            `${nameOf(a)} names the severity "${sev}" but sets no response, on-site or resolution target for it.`,
            `${nameOf(a)} 列出了 "${sev}" 级别，但未设定任何响应、上门或解决时限。`,
          ),
          fix: t(
            `Give "${sev}" at least a response and a resolution target, or remove it.`,
            `为 "${sev}" 至少设定响应和解决时限，或删除该级别。`,
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
      add(ctx, {
        code: 'sla.no_clock',
        severity: 'medium',
        group: 'clocks',
        agreements: [refOf(a)],
        refs: refsOf(a, field === 'support' ? a.support?.ref : (a.returns?.approval?.ref ?? a.returns?.ref)),
        message: t(
          `${nameOf(a)} ${field} sets a time limit (${target}) with no ${missing}.`,
          `${nameOf(a)} ${field} 设定了时限（${target}）但未规定${missing === 'clock' ? '计时方式' : '工作日历'}。`,
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
