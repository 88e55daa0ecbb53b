import { Type } from 'typebox';
import { Text as InputText, Instant, PartyRefSchema, Uuid } from './common.ts';
import { Nullable } from './parties.ts';

/** A string in the OpenAPI document (as it always was), narrowed to its values for TypeScript. */
const Text = <T extends string>(options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', ...options });

export const ClockSchema = Type.Object({
  id: Uuid,
  side: Text<'promise' | 'commitment'>({
    description: 'promise (to the customer) or commitment (of the service partner)',
  }),
  owedBy: Type.String({ description: 'the key of the party that owes it' }),
  owedByName: Type.Optional(Type.String({ description: 'its name, as people read it' })),
  agreement: Type.Object({ id: Type.String(), version: Type.Integer() }),
  ref: Nullable(Type.String()),
  target: Text<'response' | 'onsite' | 'resolution'>(),
  duration: Type.String(),
  clock: Text<'business' | 'calendar'>(),
  calendar: Nullable(Type.Object({ key: Type.String(), version: Type.Integer() })),
  startedAt: Instant,
  dueAt: Nullable(Instant),
  stoppedAt: Nullable(Instant),
  status: Text<'running' | 'paused' | 'met' | 'breached'>(),
  remainingSeconds: Type.Integer({ description: 'business seconds left' }),
  overdueSeconds: Type.Integer(),
  deadlinePending: Nullable(
    Type.Object(
      { year: Type.Integer(), notBefore: Instant },
      {
        description:
          'the deadline falls in a year whose official holidays are not loaded yet: unknown (dueAt null), not before notBefore',
      },
    ),
  ),
});

/**
 * The entitlement decision as a case carries it. Not part of the OpenAPI document (there the
 * decision stays a free object, as the terms engine may add fields); the pages read these.
 */
export const DecisionSchema = Type.Object({
  covered: Type.Boolean(),
  reason: Type.String(),
  explanation: Type.Object({ en: Type.String(), zh: Type.String() }),
  remedy: Nullable(Type.String()),
  costs: Type.Record(Type.String(), Type.Unknown()),
  payers: Type.Record(Type.String(), Type.Unknown()),
  cites: Type.Array(Type.String()),
  rests_on: Type.Array(
    Type.Object({
      agreement: Type.String(),
      version: Type.Integer(),
      ref: Type.String(),
      role: Type.String(),
    }),
  ),
  agreement: Nullable(Type.Object({ id: Type.String(), version: Type.Integer() })),
  cover_start: Nullable(Type.Object({ date: Type.String(), basis: Type.String() })),
  covered_through: Type.Record(Type.String(), Nullable(Type.String()), {
    description: 'The last day covered (inclusive) per part category; `general` for the rest',
  }),
  recoverable_from_supplier: Type.Optional(Type.Boolean({ description: "the brand's staff only" })),
  recovery: Type.Optional(
    Nullable(
      Type.Object(
        {
          supplier: Type.String(),
          until: Nullable(Type.String()),
          report_by: Nullable(Type.String()),
          recoverable: Type.Boolean(),
        },
        { description: "the brand's staff only" },
      ),
    ),
  ),
});

export const CaseAttachmentSchema = Type.Object({
  name: Type.String(),
  mediaType: Type.String(),
  sha256: Type.String(),
  size: Type.Integer({ description: 'bytes' }),
  addedWith: Text<'opening' | 'message'>({
    description: 'attached when the request was opened, or to a message',
  }),
  addedBy: Nullable(Type.Object({ name: Type.String(), party: Type.String() })),
  addedAt: Instant,
  href: Type.String({ description: 'where to download it (GET /api/v1/cases/{id}/files/{sha256})' }),
});

export const CaseSchema = Type.Object({
  id: Uuid,
  number: Type.String({
    description: 'The internal number for the brand’s staff; the public reference for customers and partners',
  }),
  reference: Type.Optional(
    Type.String({ description: 'The public reference (staff only; others get it as number)' }),
  ),
  kind: Type.String(),
  severity: Type.String(),
  state: Type.String(),
  customer: PartyRefSchema,
  unit: Nullable(Type.Object({ id: Uuid, serial: Type.String() })),
  description: Type.String(),
  channel: Type.String(),
  siteNotAccessible: Type.Boolean(),
  assignedUserId: Nullable(Uuid),
  servicePartner: Nullable(PartyRefSchema),
  /** A `DecisionSchema` or null; kept free in the OpenAPI document. */
  decision: Type.Unknown({ description: 'The entitlement decision with the clauses it rests on' }),
  openedAt: Instant,
  updatedAt: Instant,
  clocks: Type.Array(ClockSchema),
  attachments: Type.Array(CaseAttachmentSchema, {
    description: 'files attached at the opening and to the messages the caller may see, oldest first',
  }),
  possibleDuplicateOf: Type.Optional(
    Nullable(
      Type.Object(
        { id: Uuid, number: Type.String() },
        { description: 'An earlier open case of the same unit: perhaps the same request twice' },
      ),
    ),
  ),
  mergedInto: Type.Optional(Nullable(Type.Object({ id: Uuid, number: Type.String() }))),
  outcome: Type.Optional(Nullable(Type.Literal('merged'))),
});

/** What every list of cases shows of one. */
const CaseListFields = {
  id: Uuid,
  number: Type.String(),
  kind: Type.String(),
  severity: Type.String(),
  state: Type.String(),
  customer: Type.String({ description: 'the customer’s party key' }),
  customerName: Type.String({ description: 'the customer’s name' }),
  serial: Nullable(Type.String()),
  subject: Type.String({ description: 'the first line of the description, up to 120 characters' }),
  openedAt: Instant,
  unread: Type.Boolean({
    description:
      'something new since the reader last read the case: a reply for its customer, a customer message for staff and partners',
  }),
};

export const QueueItemSchema = Type.Object({
  ...CaseListFields,
  nextDueAt: Nullable(Instant),
  nextTarget: Nullable(Type.String()),
  breached: Type.Boolean(),
});

export const QueueReply = Type.Object({
  items: Type.Array(QueueItemSchema),
  nextCursor: Type.Optional(Type.String()),
});

export const HistoryItemSchema = Type.Object({
  ...CaseListFields,
  breached: Type.Boolean({ description: 'whether any of its clocks was breached' }),
  updatedAt: Instant,
});

export const HistoryReply = Type.Object({
  items: Type.Array(HistoryItemSchema),
  nextCursor: Type.Optional(Type.String()),
});

export const CannedReplyBody = Type.Object(
  {
    title: InputText({ minLength: 1, maxLength: 200 }),
    language: Type.Unsafe<'en' | 'zh'>({ type: 'string', enum: ['en', 'zh'] }),
    body: InputText({
      minLength: 1,
      maxLength: 20_000,
      description: 'blanks filled per case: {{customer}}, {{case}}, {{serial}}, {{agent}}',
    }),
  },
  { additionalProperties: false },
);

export const CannedReplySchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  language: Type.String(),
  body: Type.String(),
  filled: Nullable(Type.String()),
  updatedAt: Instant,
});
