/**
 * Returns: return windows below what Chinese consumer law gives, and returns terms with nothing to
 * measure them by (no window, no decision time).
 */
import { type Agreement, refOf } from '../agreement.ts';
import { add, type Ctx, inCN, inTerritory, isConsumer, nameOf, partyName, refsOf } from './context.ts';
import { shorterThan } from './durations.ts';
import type { Text } from './finding.ts';
import { human, t } from './texts.ts';

/** China's no-reason return window for goods bought online or at a distance (consumer law art. 25). */
const CN_NO_REASON_FLOOR = 'P7D';

/** China's statutory return windows, for a customer-facing agreement. */
export function checkReturnWindowsByLaw(ctx: Ctx, a: Agreement): void {
  if (!inTerritory(a, inCN)) return;
  // Whether the 7 days apply turns on who buys; a short window with nobody saying is a question
  // the terms must answer, not a guess from the recipient's name.
  const unstated = askWhoTheCustomersAre(ctx, a);
  if (!isConsumer(a)) return;
  const windows: [string, string | undefined, string, Text][] = [
    [
      'no_reason_window',
      a.returns?.no_reason_window,
      CN_NO_REASON_FLOOR,
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
    if (field === 'no_reason_window' && unstated) continue;
    add(ctx, {
      code: field === 'no_reason_window' ? 'statutory.cn_returns_window' : 'statutory.cn_replacement_window',
      severity: value ? 'high' : 'medium',
      group: 'statutory',
      agreements: [refOf(a)],
      refs: refsOf(a, a.returns?.ref),
      message: value
        ? t(
            `${nameOf(a)} gives ${human(value).en} for ${what.en}; Chinese law gives consumers ${human(floor).en}.`,
            `${nameOf(a)} 规定的${what.zh}期限为 ${human(value).zh}；中国法律规定为 ${human(floor).zh}。`,
          )
        : t(
            `${nameOf(a)} sells to consumers in China but does not state ${what.en} (at least ${human(floor).en} by law).`,
            `${nameOf(a)} 面向中国消费者销售，但未写明${what.zh}（法定至少 ${human(floor).zh}）。`,
          ),
      fix: t(
        `Give at least ${human(floor).en} for ${what.en} (\`returns.${field}: ${floor}\`).`,
        `将${what.zh}期限定为至少 ${human(floor).zh}（\`returns.${field}: ${floor}\`）。`,
      ),
      caution: t(
        `Do not tell consumers in China that ${what.en} is shorter than ${human(floor).en}.`,
        `不要告诉中国消费者${what.zh}短于 ${human(floor).zh}。`,
      ),
      details: { field: `returns.${field}`, value: value ?? null, floor },
    });
  }
}

/**
 * A no-reason return window under 7 days in terms that do not say whether the customers are
 * consumers (`scope.customers`): if they are, the window is below what the law gives. Reports it
 * and says whether it did.
 */
function askWhoTheCustomersAre(ctx: Ctx, a: Agreement): boolean {
  const window = a.returns?.no_reason_window;
  if (a.scope?.customers || !window || !shorterThan(window, CN_NO_REASON_FLOOR)) return false;
  const likelyConsumers = isConsumer(a);
  const days = human(window);
  add(ctx, {
    code: 'statutory.cn_customers_unstated',
    severity: likelyConsumers ? 'high' : 'medium',
    group: 'statutory',
    agreements: [refOf(a)],
    refs: refsOf(a, a.returns?.ref, a.scope?.ref),
    message: t(
      `${nameOf(a)} lets customers in China return goods without reason within ${days.en}, but does not say whether they are consumers${likelyConsumers ? ` (its recipient, ${partyName(ctx, a.recipient).en}, suggests they are)` : ''}. If they are, China's Consumer Rights Protection Law (art. 25) gives consumers who buy online or at a distance 7 days from receipt.`,
      `${nameOf(a)} 规定中国客户可在 ${days.zh}内无理由退货，但未写明客户是否为消费者${likelyConsumers ? `（其接收方 ${partyName(ctx, a.recipient).zh} 表明很可能是）` : ''}。如为消费者，《消费者权益保护法》第二十五条规定，通过网络或远程方式购买的消费者自收到商品之日起七日内可无理由退货。`,
    ),
    fix: t(
      'Say whether the customers are consumers, businesses or both (`scope.customers`); if consumers buy online or at a distance, give them at least 7 days to return without reason (`returns.no_reason_window: P7D`).',
      '写明客户是消费者、企业还是两者（`scope.customers`）；如有消费者通过网络或远程方式购买，无理由退货期至少为 7 天（`returns.no_reason_window: P7D`）。',
    ),
    caution: t(
      `Do not sell to consumers online in China under a return window of ${days.en}.`,
      `不要以 ${days.zh}的退货期向中国消费者在线销售。`,
    ),
    details: { field: 'scope.customers', value: window, floor: CN_NO_REASON_FLOOR },
  });
  return true;
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
