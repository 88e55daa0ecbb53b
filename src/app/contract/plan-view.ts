import type { Selectable } from 'kysely';
import { REFUND_RULE_LABELS } from '../../domain/contract/index.ts';
import type { Label } from '../../domain/label.ts';
import type { ContractTables } from '../../store/schema.ts';
import { money } from './support.ts';

export interface PlanView {
  key: string;
  agreement: string;
  product: string;
  termMonths: number;
  price: string;
  currency: string;
  incidents: number | null;
  refundRule: string;
  refundRuleName: Label;
  name: Label;
}

export function toPlanView(r: Selectable<ContractTables['service_plans']>): PlanView {
  return {
    key: r.plan_key,
    agreement: r.agreement_key,
    product: r.product_model,
    termMonths: r.term_months,
    price: money(r.price_minor, r.currency),
    currency: r.currency,
    incidents: r.incidents,
    refundRule: r.refund_rule,
    refundRuleName: REFUND_RULE_LABELS[r.refund_rule],
    name: { en: r.name, zh: r.name_zh },
  };
}
