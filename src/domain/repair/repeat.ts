/**
 * The repeat-failure rule. A second repair of the same fault (same part category) on a unit raises
 * it; a third offers replacement. What each step cites:
 * - the escalation rule of the customer's terms on repeat failures (`repeat_failures`, `within`)
 *   when the earlier repairs fall inside its window, with its level;
 * - for the replacement offer, `coverage.repeat_failure` when the terms have one, otherwise the
 *   coverage clause whose `remedies` include `replace` (China's 三包 practice: after two repairs of
 *   the same fault, the next one is a replacement).
 */
import type { Agreement, EscalationRule } from '../terms/index.ts';
import { addToDate, duration } from '../time/index.ts';

export interface PriorRepair {
  openedOn: string;
  partCategory: string | null;
}

export interface RepeatFinding {
  /** This repair's place among repairs of the same fault on the unit (1 = first). */
  ordinal: number;
  raised: boolean;
  offerReplacement: boolean;
  escalation: { level: EscalationRule['level']; ref: string | null; rule: EscalationRule } | null;
  cites: string[];
  explanation: { en: string; zh: string } | null;
}

export function decideRepeatFailure(
  warranty: Agreement | undefined,
  partCategory: string | null,
  openedOn: string,
  prior: readonly PriorRepair[],
): RepeatFinding {
  const same = partCategory ? prior.filter((p) => p.partCategory === partCategory) : [];
  const ordinal = same.length + 1;
  const none: RepeatFinding = {
    ordinal,
    raised: false,
    offerReplacement: false,
    escalation: null,
    cites: [],
    explanation: null,
  };
  if (ordinal < 2) return none;
  const cites: string[] = [];
  let escalation: RepeatFinding['escalation'] = null;
  const rules = warranty?.escalation?.rules ?? [];
  for (const rule of rules) {
    const w = rule.when;
    if (w.repeat_failures === undefined) continue;
    const windowStart = w.within ? addToDate(openedOn, negate(w.within)) : null;
    const count = 1 + same.filter((p) => !windowStart || p.openedOn >= windowStart).length;
    if (count >= w.repeat_failures) {
      const ref = rule.ref ?? warranty?.escalation?.ref ?? null;
      escalation = { level: rule.level, ref, rule };
      if (ref) cites.push(ref);
      break;
    }
  }
  const offerReplacement = ordinal >= 3 || (warranty?.coverage?.repeat_failure?.after ?? 99) < ordinal;
  if (offerReplacement) {
    const c = warranty?.coverage;
    const ref = c?.repeat_failure?.ref ?? (c?.remedies?.includes('replace') ? (c.ref ?? null) : null);
    if (ref && !cites.includes(ref)) cites.push(ref);
  }
  return {
    ordinal,
    raised: true,
    offerReplacement,
    escalation,
    cites,
    explanation: offerReplacement
      ? {
          en: `Repair ${ordinal} of the same fault on this unit: replacement is offered under the terms.`,
          zh: `该设备同一故障第 ${ordinal} 次维修：按条款提供换货。`,
        }
      : {
          en: 'Second repair of the same fault on this unit: the repeat-failure rule is raised.',
          zh: '该设备同一故障第二次维修：触发重复故障规则。',
        },
  };
}

function negate(text: string) {
  const d = duration(text);
  return {
    years: -d.years,
    months: -d.months,
    weeks: -d.weeks,
    days: -d.days,
    hours: 0,
    minutes: 0,
    seconds: 0,
  };
}
