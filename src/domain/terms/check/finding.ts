/** What the terms check reports: findings with their clauses, texts in English and Chinese. */
import type { AgreementRef } from '../agreement.ts';

export type Severity = 'high' | 'medium' | 'low';
export type FindingGroup =
  | 'back_to_back'
  | 'upstream'
  | 'clocks'
  | 'wording'
  | 'cover'
  | 'statutory'
  | 'costs'
  | 'partners'
  | 'disputes'
  | 'escalation';

export interface Text {
  en: string;
  zh: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  group: FindingGroup;
  agreements: AgreementRef[];
  refs: { agreement: string; ref: string }[];
  message: Text;
  fix: Text;
  /** A promise not to make to customers until the service path is aligned. */
  caution?: Text;
  /** The facts behind the message, for programs (product, territories, shortfall, ...). */
  details?: Record<string, unknown>;
}

export interface EscalationTrigger {
  agreement: AgreementRef;
  ref: string | null;
  level: string;
  trigger: Text;
  act_within: string | null;
}

export interface EscalationOverview {
  agreement: AgreementRef;
  title: string;
  defined: EscalationTrigger[];
  /** Kinds of trigger a customer-facing or partner agreement lacks. */
  lacking: { kind: string; text: Text }[];
}

export interface CheckReport {
  agreements: (AgreementRef & { title: string; kind: string })[];
  findings: Finding[];
  counts: Record<Severity, number>;
  escalation: EscalationOverview[];
}
