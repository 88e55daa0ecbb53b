/**
 * An agreement as the terms format writes it (DESIGN.md, "The terms format"; examples/terms/).
 * Field names are the format's own, so that a key path in an error or a finding is the path in
 * the file. Durations stay ISO 8601 text (validated); `duration()` from time/duration.ts reads them.
 * A list written as one value (`language: zh`, a single `service_levels` block) is stored as a list.
 */
import { keysOf } from '../label.ts';
import {
  AGREEMENT_KIND_LABELS,
  AGREEMENT_ROLE_LABELS,
  CLOCK_LABELS,
  COST_ITEM_LABELS,
  CUSTOMER_TYPE_LABELS,
  ESCALATION_LEVEL_LABELS,
  REMEDY_LABELS,
  SERVICE_MODE_LABELS,
  START_EVENT_LABELS,
  TARGET_LABELS,
} from './labels.ts';

export type AgreementKind = keyof typeof AGREEMENT_KIND_LABELS;
export const AGREEMENT_KINDS = keysOf(AGREEMENT_KIND_LABELS);

/** Agreements whose recipient is the customer: the promises the brand makes in the market. */
export const CUSTOMER_FACING: ReadonlySet<AgreementKind> = new Set(['warranty', 'service_contract']);

export type StartEvent = keyof typeof START_EVENT_LABELS;
export const START_EVENTS = keysOf(START_EVENT_LABELS);

export type TargetKind = keyof typeof TARGET_LABELS;
export const TARGET_KINDS = keysOf(TARGET_LABELS);

export type CostItem = keyof typeof COST_ITEM_LABELS;
export const COST_ITEMS = keysOf(COST_ITEM_LABELS);

export type Role = keyof typeof AGREEMENT_ROLE_LABELS;
export const ROLES = keysOf(AGREEMENT_ROLE_LABELS);

export type Remedy = keyof typeof REMEDY_LABELS;
export const REMEDIES = keysOf(REMEDY_LABELS);

export type ServiceMode = keyof typeof SERVICE_MODE_LABELS;
export const SERVICE_MODES = keysOf(SERVICE_MODE_LABELS);

export type Clock = keyof typeof CLOCK_LABELS;
export const CLOCKS = keysOf(CLOCK_LABELS);

export type EscalationLevel = keyof typeof ESCALATION_LEVEL_LABELS;
export const ESCALATION_LEVELS = keysOf(ESCALATION_LEVEL_LABELS);

export type CustomerType = keyof typeof CUSTOMER_TYPE_LABELS;
export const CUSTOMER_TYPES = keysOf(CUSTOMER_TYPE_LABELS);

/** Any section may carry a `ref` (the clause it is in the signed document) and free `text`. */
export interface Clause {
  ref?: string;
  text?: string;
  /** The clause's wording as signed, in English and Chinese, beside its structured fields. */
  wording?: Wording;
}

export interface Wording {
  en?: string;
  zh?: string;
}

export interface Scope extends Clause {
  products?: string[];
  parts?: string[];
  territory?: string[];
  /** Who the recipients are, when the recipient is a group; inferred from its key when absent. */
  customers?: CustomerType[];
  /** The equipment keeps people safe (hospital cooling, medical, fire): service must not stop. */
  safety_critical?: boolean;
}

export interface StartFallback {
  starts_at: StartEvent;
  plus?: string;
  ref?: string;
  wording?: Wording;
}

export interface ComponentCover {
  part_category: string;
  duration?: string;
  covered?: boolean;
  starts_at?: StartEvent;
  ref?: string;
  text?: string;
}

export interface Exclusion {
  cause: string;
  ref?: string;
  text?: string;
}

export interface CoverCondition {
  /** `maintenance_every` is the one the rules evaluate; others are kept and cited. */
  require: string;
  every?: string;
  grace?: string;
  ref?: string;
  text?: string;
}

export interface Suspension {
  /** An account condition, e.g. `payment_overdue`; the account state says how long it has lasted. */
  condition: string;
  beyond?: string;
  /** Work needed to keep the equipment safe goes on during the suspension. */
  safety_work_continues?: boolean;
  wording?: Wording;
  ref?: string;
  text?: string;
}

export interface RepeatFailure {
  /** Repairs of the same fault after which the remedy applies (China: 2, then replace). */
  after: number;
  within?: string;
  remedy: Remedy;
  ref?: string;
  wording?: Wording;
}

export interface RepairWarranty {
  duration: string;
  ref?: string;
  wording?: Wording;
}

export interface Coverage extends Clause {
  starts_at?: StartEvent;
  if_not_recorded?: StartFallback;
  duration?: string;
  covers?: string[];
  components?: ComponentCover[];
  excludes?: Exclusion[];
  conditions?: CoverCondition[];
  suspended_while?: Suspension[];
  remedies?: Remedy[];
  /** The order in which remedies are offered; absent means the terms do not say. */
  remedy_order?: Remedy[];
  repeat_failure?: RepeatFailure;
  repair_warranty?: RepairWarranty;
  transferable?: boolean;
}

export interface ReturnsApproval {
  decide_within?: string;
  clock?: Clock;
  calendar?: string;
  ref?: string;
  wording?: Wording;
}

export interface DefectiveParts {
  report_within?: string;
  credit_within?: string;
  evidence?: string[];
  ref?: string;
  wording?: Wording;
}

export interface Returns extends Clause {
  no_reason_window?: string;
  replacement_window?: string;
  /** Days after purchase in which a performance fault gives a refund (China's 三包: 7). */
  fault_refund_window?: string;
  approval?: ReturnsApproval;
  conditions?: string[];
  defective_parts?: DefectiveParts;
}

export type Targets = Partial<Record<TargetKind, string>>;

export interface Amount {
  percent_of_annual_fee?: number;
  percent_of_fee?: number;
  amount?: number;
}

export interface Credits extends Clause {
  per_breach?: Amount;
  cap?: Amount;
}

export interface ServiceLevels extends Clause {
  mode?: ServiceMode;
  calendar?: string;
  clock?: Clock;
  /** Narrow the agreement's scope for this block. */
  products?: string[];
  territory?: string[];
  /** Per severity (`critical`, `high`, `normal`, ...); an empty or null severity is a gap. */
  targets?: Record<string, Targets | null>;
  pause_while?: string[];
  credits?: Credits;
  /**
   * These levels also hold every case without a unit (an inquiry by phone or mail): the tenant's
   * default service levels. Scope (products, territory) is not checked for such a case.
   */
  default?: boolean;
}

export interface SpareParts extends Clause {
  available_for?: string;
  delivery_within?: string;
  stocking?: string;
  defective_returns?: { within?: string; ref?: string; wording?: Wording };
}

export interface SplitBearer {
  bearer: Role;
  up_to_km?: number;
  beyond?: Role;
}
export type CostBearer = Role | SplitBearer;
export type CostTable = Partial<Record<CostItem, CostBearer>>;

export interface Costs extends Clause {
  in_warranty?: CostTable;
  out_of_warranty?: CostTable;
}

export interface EscalationWhen {
  breached?: TargetKind;
  repeat_failures?: number;
  within?: string;
  batch_failure_rate?: number;
  window?: string;
  safety_issue?: boolean;
  customer_threatens?: string[];
  complaints?: number;
  /** Whose complaints or returns are counted (with `complaints`, `returns_over`). */
  by?: 'customer' | 'distributor' | 'partner';
  /** One claim's cost above this amount (the agreement's currency). */
  claim_cost_over?: number;
  /** Returns within `window` above this count. */
  returns_over?: number;
  /** Cases a partner declined within `window`. */
  partner_declines?: number;
  /** Targets a partner missed within `window`. */
  partner_missed?: number;
  /** Defective parts a partner has not returned by their due date. */
  defective_parts_overdue?: number;
  /** A customer or distributor disputes an invoice or withholds payment. */
  payment_disputed?: boolean;
}

export interface EscalationRule {
  when: EscalationWhen;
  level: EscalationLevel;
  act_within?: string;
  ref?: string;
  wording?: Wording;
}

export interface Escalation extends Clause {
  rules?: EscalationRule[];
}

export interface Compensation extends Clause {
  labor?: { rate: number; per?: string; standard_times?: boolean };
  travel?: { rate: number; per_km?: boolean; free_km?: number };
  parts?: { markup_percent?: number; ref?: string; wording?: Wording };
  shipping?: { rate?: number; at_cost?: boolean; ref?: string; wording?: Wording };
  claims?: {
    submit_within?: string;
    evidence?: string[];
    paid_within?: string;
    ref?: string;
    wording?: Wording;
  };
}

export interface MeasuredDuty {
  duty: string;
  within?: string;
  every?: string;
  target?: number;
  ref?: string;
  wording?: Wording;
}
export type DutyItem = string | MeasuredDuty;

export interface Duties extends Clause {
  items?: DutyItem[];
  reporting?: { every: string; ref?: string; wording?: Wording };
}

export interface Support extends Clause {
  calendar?: string;
  clock?: Clock;
  response?: string;
  resolution?: string;
  language?: string[];
}

export interface Forum {
  type: 'arbitration' | 'court';
  institution?: string;
  seat?: string;
  place?: string;
  rules?: string;
}

/** How far liability goes: a cap, consequential loss, and what the law keeps out of any cap. */
export interface Liability extends Clause {
  cap?: { percent_of_annual_fee?: number; percent_of_fee?: number; amount?: number };
  excludes_consequential?: boolean;
  /** What no cap limits (`personal_injury`, `gross_negligence`, `wilful_misconduct`). */
  carve_outs?: string[];
}

export interface Disputes extends Clause {
  governing_law?: string;
  forum?: Forum;
  language?: string[];
  notice?: { form?: 'written' | 'email'; cure_period?: string; ref?: string; wording?: Wording };
}

export interface Agreement {
  id: string;
  kind: AgreementKind;
  title: string;
  version: number;
  supersedes?: number;
  effective_from: string;
  effective_to?: string;
  provider: string;
  recipient: string;
  currency?: string;
  scope?: Scope;
  coverage?: Coverage;
  returns?: Returns;
  service_levels?: ServiceLevels[];
  spare_parts?: SpareParts;
  costs?: Costs;
  escalation?: Escalation;
  compensation?: Compensation;
  duties?: Duties;
  support?: Support;
  liability?: Liability;
  disputes?: Disputes;
  transferable?: boolean;
  /**
   * Covers only the units it is sold to (a service contract or an extended warranty attached to a
   * serial with its own start and end), never a unit merely because it is in scope.
   */
  sold_per_unit?: boolean;
}

/** Where an agreement came from, for messages: the file name or the stored version. */
export interface AgreementRef {
  id: string;
  version: number;
}

export function refOf(a: Agreement): AgreementRef {
  return { id: a.id, version: a.version };
}

/** True when the version is in force on `date` (YYYY-MM-DD): started, and not yet ended. */
export function inForceOn(a: Agreement, date: string): boolean {
  return a.effective_from <= date && (a.effective_to === undefined || date <= a.effective_to);
}

/**
 * The version of each agreement in force on a date: of the versions that have started, the latest
 * start wins (the higher version on a tie), and only if it has not ended.
 */
export function versionsInForce(agreements: readonly Agreement[], date: string): Agreement[] {
  const best = new Map<string, Agreement>();
  for (const a of agreements) {
    if (a.effective_from > date) continue;
    const current = best.get(a.id);
    if (
      !current ||
      a.effective_from > current.effective_from ||
      (a.effective_from === current.effective_from && a.version > current.version)
    ) {
      best.set(a.id, a);
    }
  }
  return [...best.values()].filter((a) => inForceOn(a, date));
}

/** The service-partner agreement a service party (by key) works under on a date, if any. */
export function partnerAgreement(
  agreements: readonly Agreement[],
  partyKey: string,
  on: string,
): Agreement | undefined {
  return versionsInForce(agreements, on).find((a) => a.kind === 'service_partner' && a.provider === partyKey);
}

/** The duties by which a distributor takes its customers' service requests itself. */
const INTAKE_DUTIES: ReadonlySet<string> = new Set(['first_line_support', 'customer_contact']);

/**
 * The distribution agreement, in force on a date, by which a party (by key) takes in its
 * customers' service requests (first-line support or customer contact among its duties), with the
 * clause that says so; undefined when it has no such duty.
 */
export function intakeDuty(
  agreements: readonly Agreement[],
  partyKey: string,
  on: string,
): { agreement: AgreementRef; ref: string | null; duty: string } | undefined {
  for (const a of versionsInForce(agreements, on)) {
    if (a.kind !== 'distribution' || a.provider !== partyKey) continue;
    for (const item of a.duties?.items ?? []) {
      const duty = typeof item === 'string' ? item : item.duty;
      if (INTAKE_DUTIES.has(duty)) {
        const ref = (typeof item === 'string' ? undefined : item.ref) ?? a.duties?.ref ?? null;
        return { agreement: refOf(a), ref, duty };
      }
    }
  }
  return undefined;
}

/** The newest version of each agreement (the set as it would be signed today, whatever today is). */
export function latestVersions(agreements: readonly Agreement[]): Agreement[] {
  const best = new Map<string, Agreement>();
  for (const a of agreements) {
    const current = best.get(a.id);
    if (!current || a.version > current.version) best.set(a.id, a);
  }
  return [...best.values()].sort((x, y) => x.id.localeCompare(y.id));
}
