import type { EscalationRule, EscalationWhen } from '../terms/index.ts';

/** What is known about a case when its escalation rules are weighed (breaches come from the worker). */
export interface TriggerFacts {
  safetyIssue: boolean;
  threats: readonly string[];
  /** Failures of this unit within a period, this case included, by the period (`P30D`). */
  repeatFailures: (within: string) => number;
  /** Failures over units of this product sold within a window, by the window (`P90D`). */
  batchFailureRate: (window: string) => number;
  /**
   * What the management set of the terms review also weighs; a fact not given leaves its rules
   * unmet. Complaints and returns are counted for whom the rule names (`by`) within its period.
   */
  complaints?: (by: 'customer' | 'distributor' | 'partner', within: string) => number;
  claimCost?: number;
  returns?: (by: 'customer' | 'distributor' | 'partner', within: string) => number;
  partnerDeclines?: (within: string) => number;
  partnerMissed?: (within: string) => number;
  defectivePartsOverdue?: number;
  paymentDisputed?: boolean;
}

/**
 * The rules of the terms that this case sets off, each with the trigger in the rule's own words.
 * A rule names one condition; one that names several is met only when all of them are.
 */
export function triggeredRules(
  rules: readonly EscalationRule[],
  facts: TriggerFacts,
): { rule: EscalationRule; trigger: EscalationWhen }[] {
  const out: { rule: EscalationRule; trigger: EscalationWhen }[] = [];
  for (const rule of rules) {
    const w = rule.when;
    if (w.breached !== undefined) continue; // breaches are the clock worker's
    const checks: boolean[] = [];
    const trigger: EscalationWhen = {};
    if (w.safety_issue !== undefined) {
      checks.push(w.safety_issue === facts.safetyIssue);
      trigger.safety_issue = w.safety_issue;
    }
    if (w.customer_threatens !== undefined) {
      const named = w.customer_threatens.filter((t) => facts.threats.includes(t));
      checks.push(named.length > 0);
      trigger.customer_threatens = named;
    }
    if (w.repeat_failures !== undefined) {
      checks.push(w.within !== undefined && facts.repeatFailures(w.within) >= w.repeat_failures);
      trigger.repeat_failures = w.repeat_failures;
      if (w.within) trigger.within = w.within;
    }
    if (w.batch_failure_rate !== undefined) {
      checks.push(w.window !== undefined && facts.batchFailureRate(w.window) >= w.batch_failure_rate);
      trigger.batch_failure_rate = w.batch_failure_rate;
      if (w.window) trigger.window = w.window;
    }
    const within = w.within ?? 'P30D';
    if (w.complaints !== undefined) {
      checks.push((facts.complaints?.(w.by ?? 'customer', within) ?? 0) >= w.complaints);
      trigger.complaints = w.complaints;
      trigger.within = within;
      trigger.by = w.by ?? 'customer';
    }
    if (w.claim_cost_over !== undefined) {
      checks.push((facts.claimCost ?? 0) > w.claim_cost_over);
      trigger.claim_cost_over = w.claim_cost_over;
    }
    if (w.returns_over !== undefined) {
      checks.push((facts.returns?.(w.by ?? 'distributor', within) ?? 0) > w.returns_over);
      trigger.returns_over = w.returns_over;
      trigger.within = within;
      trigger.by = w.by ?? 'distributor';
    }
    if (w.partner_declines !== undefined) {
      checks.push((facts.partnerDeclines?.(within) ?? 0) >= w.partner_declines);
      trigger.partner_declines = w.partner_declines;
    }
    if (w.partner_missed !== undefined) {
      checks.push((facts.partnerMissed?.(within) ?? 0) >= w.partner_missed);
      trigger.partner_missed = w.partner_missed;
    }
    if (w.defective_parts_overdue !== undefined) {
      checks.push((facts.defectivePartsOverdue ?? 0) >= w.defective_parts_overdue);
      trigger.defective_parts_overdue = w.defective_parts_overdue;
    }
    if (w.payment_disputed !== undefined) {
      checks.push(w.payment_disputed === (facts.paymentDisputed ?? false));
      trigger.payment_disputed = w.payment_disputed;
    }
    if (checks.length > 0 && checks.every(Boolean)) out.push({ rule, trigger });
  }
  return out;
}
