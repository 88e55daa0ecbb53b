import type { CostItem, Remedy } from './agreement.ts';

/** One serial-numbered product as the decision needs it (the claims format's `unit`). */
export interface UnitFacts {
  serial: string;
  product: string;
  territory: string;
  sold_at?: string;
  delivered_at?: string;
  installed_at?: string;
  registered_at?: string;
  maintained_at?: string[];
  /** The owner's party key; pays where a cost falls on a group of customers. */
  owner?: string;
  parts?: UnitPartFacts[];
  /** Contracts and plans sold to this serial, each with its own start and end. */
  contracts?: UnitContractFacts[];
}

/** An agreement attached to one unit: a service contract or an extended warranty sold to it. */
export interface UnitContractFacts {
  /** The agreement's id; the version in force on the event's date decides. */
  agreement: string;
  /** First day of cover. */
  starts_on: string;
  /** Last day of cover (inclusive); the agreement's `effective_to` may end it earlier. */
  ends_on: string;
  /** The contract's own number, cited beside the agreement. */
  reference?: string;
}

export interface UnitPartFacts {
  part_category: string;
  /** The part number, as a supply agreement's `scope.parts` names it. */
  part?: string;
  serial?: string;
  supplied_by?: string;
  /** When the part reached the brand from its supplier. */
  delivered_at?: string;
}

export interface FailureFacts {
  /** An instant with its offset; its calendar date as written is the date of the event. */
  reported_at: string;
  part_category: string;
  cause: string;
  /** Earlier repairs of the same fault on this unit (for the repeat-failure remedy). */
  previous_repairs?: number;
  distance_km?: number;
}

export interface AccountState {
  payment_overdue_days?: number;
  /** Other account conditions in force now, by name (matched against `suspended_while`). */
  conditions?: string[];
}

export interface ExpectedDecision {
  covered?: boolean;
  suspended?: boolean;
  remedy?: Remedy;
  cites?: string[];
  costs?: Partial<Record<CostItem, string>>;
  recoverable_from_supplier?: boolean;
}

export interface ClaimFile {
  unit: UnitFacts;
  failure: FailureFacts;
  account?: AccountState;
  expected?: ExpectedDecision;
}
