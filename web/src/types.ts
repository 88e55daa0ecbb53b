import type { Static } from 'typebox';
import type { MeReply } from '../../src/http/contracts/auth.ts';
import type { CaseActivityReply, CountdownReply, WarrantyReply } from '../../src/http/contracts/portal.ts';

export type Me = Static<typeof MeReply>;
export type Warranty = Static<typeof WarrantyReply>;
export type Activity = Static<typeof CaseActivityReply>;
export type Countdown = Static<typeof CountdownReply>['items'][number];

export interface Clock {
  id: string;
  side: 'promise' | 'commitment';
  owedBy: string;
  agreement: { id: string; version: number };
  ref: string | null;
  target: 'response' | 'onsite' | 'resolution';
  duration: string;
  clock: string;
  calendar: { key: string; version: number } | null;
  startedAt: string;
  dueAt: string | null;
  stoppedAt: string | null;
  status: 'running' | 'paused' | 'met' | 'breached';
  remainingSeconds: number;
  overdueSeconds: number;
}

export interface Decision {
  covered: boolean;
  reason: string;
  explanation: { en: string; zh: string };
  remedy: string | null;
  costs: Record<string, unknown>;
  payers: Record<string, unknown>;
  cites: string[];
  rests_on: { agreement: string; version: number; ref: string; role: string }[];
  agreement: { id: string; version: number } | null;
  cover_start: { date: string; basis: string } | null;
  cover_ends: Record<string, string | null>;
  recoverable_from_supplier: boolean;
  recovery: { supplier: string; until: string | null; report_by: string | null; recoverable: boolean } | null;
}

export interface CaseView {
  id: string;
  number: string;
  kind: string;
  severity: string;
  state: string;
  customer: { id: string; key: string; name: string };
  unit: { id: string; serial: string } | null;
  description: string;
  channel: string;
  siteNotAccessible: boolean;
  assignedUserId: string | null;
  servicePartner: { id: string; key: string; name: string } | null;
  decision: Decision | null;
  openedAt: string;
  updatedAt: string;
  clocks: Clock[];
}

export interface QueueItem {
  id: string;
  number: string;
  kind: string;
  severity: string;
  state: string;
  customer: string;
  serial: string | null;
  nextDueAt: string | null;
  nextTarget: string | null;
  breached: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface UnitView {
  id: string;
  serial: string;
  product: { id: string; model: string; name: string };
  owner: { key: string; name: string };
  servicePartner: { key: string; name: string } | null;
  territory: string;
  soldOn: string | null;
  deliveredOn: string | null;
  installedOn: string | null;
  maintainedOn: string[];
}
