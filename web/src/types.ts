import type { Static } from 'typebox';
import type { MeReply } from '../../src/http/contracts/auth.ts';
import type {
  CaseAttachmentSchema,
  CaseSchema,
  ClockSchema,
  DecisionSchema,
  HistoryItemSchema,
  QueueItemSchema,
} from '../../src/http/contracts/cases.ts';
import type { CaseActivityReply, CountdownReply, WarrantyReply } from '../../src/http/contracts/portal.ts';

export type Me = Static<typeof MeReply>;
export type Warranty = Static<typeof WarrantyReply>;
export type Activity = Static<typeof CaseActivityReply>;
export type Countdown = Static<typeof CountdownReply>['items'][number];

export type Clock = Static<typeof ClockSchema>;
export type Decision = Static<typeof DecisionSchema>;
/** The server hands the decision over as stored; its shape is `DecisionSchema`. */
export type CaseView = Omit<Static<typeof CaseSchema>, 'decision'> & { decision: Decision | null };
export type CaseFile = Static<typeof CaseAttachmentSchema>;
export type QueueItem = Static<typeof QueueItemSchema>;
export type HistoryItem = Static<typeof HistoryItemSchema>;

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
