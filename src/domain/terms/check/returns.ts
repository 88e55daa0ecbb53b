/**
 * Returns: return windows below what Chinese consumer law gives, and returns terms with nothing to
 * measure them by (no window, no decision time).
 */
import { type Agreement, refOf } from '../agreement.ts';
import { add, type Ctx, inCN, inTerritory, isConsumer, nameOf, refsOf } from './context.ts';
import { shorterThan } from './durations.ts';
import type { Text } from './finding.ts';
import { human, t } from './texts.ts';

/** China's statutory return windows, for a customer-facing agreement. */
export function checkReturnWindowsByLaw(ctx: Ctx, a: Agreement): void {
  if (!(isConsumer(a) && inTerritory(a, inCN))) return;
  const windows: [string, string | undefined, string, Text][] = [
    [
      'no_reason_window',
      a.returns?.no_reason_window,
      'P7D',
      t('returns without reason (online and distance sales)', '七日无理由退货（网络及远程销售）'),
    ],
    [
      'replacement_window',
      a.returns?.replacement_window,
      'P15D',
      t('replacement for a performance fault', '性能故障更换'),
    ],
  ];
  for (const [field, value, floor, what] of windows) {
    if (!shorterThan(value, floor)) continue;
    add(ctx, {
      code: field === 'no_reason_window' ? 'statutory.cn_returns_window' : 'statutory.cn_replacement_window',
      severity: value ? 'high' : 'medium',
      group: 'statutory',
      agreements: [refOf(a)],
      refs: refsOf(a, a.returns?.ref),
      message: value
        ? t(
            `${nameOf(a)} returns.${field} is ${human(value).en}; Chinese law gives consumers ${human(floor).en} for ${what.en}.`,
            `${nameOf(a)} returns.${field} 为 ${human(value).zh}；中国法律规定${what.zh}期限为 ${human(floor).zh}。`,
          )
        : t(
            `${nameOf(a)} sells to consumers in China but does not state ${what.en} (at least ${human(floor).en} by law).`,
            `${nameOf(a)} 面向中国消费者销售，但未写明${what.zh}（法定至少 ${human(floor).zh}）。`,
          ),
      fix: t(`Set returns.${field} to at least ${floor}.`, `将 returns.${field} 设为至少 ${floor}。`),
      caution: t(
        `Do not tell consumers in China that ${what.en} is shorter than ${human(floor).en}.`,
        `不要告诉中国消费者${what.zh}短于 ${human(floor).zh}。`,
      ),
      details: { field: `returns.${field}`, value: value ?? null, floor },
    });
  }
}

/** Returns terms must give a window or a decision time, or every return is negotiated. */
export function checkReturnsMeasurable(ctx: Ctx, a: Agreement): void {
  const r = a.returns;
  if (!r) return;
  const isPartner = a.kind === 'service_partner' || a.kind === 'distribution';
  const measured =
    r.no_reason_window ||
    r.replacement_window ||
    r.approval?.decide_within ||
    r.defective_parts?.report_within ||
    r.defective_parts?.credit_within;
  if (measured) return;
  add(ctx, {
    code: 'returns.unmeasurable',
    severity: isPartner ? 'high' : 'medium',
    group: 'partners',
    agreements: [refOf(a)],
    refs: refsOf(a, r.ref),
    message: t(
      `${nameOf(a)} returns set no window and no decision time: returns become leverage in every commercial discussion.`,
      `${nameOf(a)} 的退货条款没有期限，也没有审批时限：退货会成为每次商务谈判的筹码。`,
    ),
    fix: t(
      'State the return windows, who approves within how long, and who pays for shipping.',
      '写明退货期限、由谁在多长时间内审批，以及运费由谁承担。',
    ),
  });
}
