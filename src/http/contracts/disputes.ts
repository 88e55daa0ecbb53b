import { type Static, Type } from 'typebox';
import { Base64, CalendarDate, Currency, MediaType, Text, Uuid } from './common.ts';

/** Contracts of issue 16: supplier support requests, formal notices, dispute matters, service credits. */

const Amount = Type.String({
  pattern: '^\\d{1,12}(\\.\\d{1,3})?$',
  description: 'decimal text, e.g. "1080.00"',
});
const Key = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]*$' });
const Bilingual = Type.Object(
  { en: Text({ minLength: 1, maxLength: 4000 }), zh: Text({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
const Label = Type.Object({ en: Type.String(), zh: Type.String() });
const PartyRef = Type.Object({ id: Uuid, key: Type.String(), name: Type.String() });
const Loose = Type.Unknown();

export const MATTER_STAGE_VALUES = [
  'negotiation',
  'mediation',
  'arbitration',
  'litigation',
  'settled',
  'closed',
] as const;
export const MatterStageSchema = Type.Unsafe<(typeof MATTER_STAGE_VALUES)[number]>({
  type: 'string',
  enum: [...MATTER_STAGE_VALUES],
});

/** A file sent with a request message, as case messages take them (up to 10 MB; the bytes decide the type). */
const Upload = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 255 }),
    mediaType: MediaType,
    contentBase64: Base64({ maxLength: 14_000_000, description: 'the file, base64 (up to 10 MB)' }),
  },
  { additionalProperties: false },
);
/** Room for attachments in a request body (base64 adds a third). */
export const REQUEST_FILES_BODY_LIMIT = 30 * 1024 * 1024;

export const OpenSupplierRequestBody = Type.Object(
  {
    supplier: Key,
    agreement: Key,
    caseId: Type.Optional(Uuid),
    subject: Text({ minLength: 1, maxLength: 300 }),
    body: Text({ minLength: 1, maxLength: 20_000 }),
    attachments: Type.Optional(Type.Array(Upload, { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export const RequestMessageBody = Type.Object(
  {
    body: Text({ minLength: 1, maxLength: 20_000 }),
    attachments: Type.Optional(Type.Array(Upload, { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export const RequestFileSchema = Type.Object({
  name: Type.String(),
  mediaType: Type.String(),
  sha256: Type.String(),
  size: Type.Integer(),
  href: Type.String(),
});

export const SupplierRequestSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  subject: Type.String(),
  state: Type.String(),
  stateName: Label,
  supplier: PartyRef,
  agreement: Type.Object({ id: Type.String(), version: Type.Integer() }),
  caseId: Type.Union([Uuid, Type.Null()]),
  openedAt: Type.String(),
  messages: Type.Array(
    Type.Object({
      id: Uuid,
      direction: Type.String(),
      body: Type.String(),
      sentAt: Type.String(),
      answeredAt: Type.Union([Type.String(), Type.Null()]),
      files: Type.Array(RequestFileSchema),
      responseClock: Type.Union([
        Type.Object({
          status: Type.String(),
          dueAt: Type.String(),
          breachedAt: Type.Union([Type.String(), Type.Null()]),
          late: Type.Union([Type.Boolean(), Type.Null()]),
          ref: Type.Union([Type.String(), Type.Null()]),
        }),
        Type.Null(),
      ]),
    }),
  ),
  missedResponses: Type.Integer(),
});
export type SupplierRequestView = Static<typeof SupplierRequestSchema>;

export const IssueNoticeBody = Type.Object(
  {
    kind: Type.Unsafe<'breach' | 'complaint'>({ type: 'string', enum: ['breach', 'complaint'] }),
    to: Key,
    agreement: Key,
    requestIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
    caseIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
    remedy: Bilingual,
    amount: Type.Optional(Amount),
    curePeriod: Type.Optional(
      Type.String({ pattern: '^P\\d{1,3}D$', description: 'only when the agreement names none' }),
    ),
  },
  { additionalProperties: false },
);
export const SendNoticeBody = Type.Object(
  {
    method: Type.Unsafe<'email' | 'recorded_delivery'>({
      type: 'string',
      enum: ['email', 'recorded_delivery'],
    }),
    carrier: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
    waybill: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const NoticeAnswerBody = Type.Object(
  { text: Text({ minLength: 1, maxLength: 20_000 }) },
  { additionalProperties: false },
);
export const NoticeSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  kind: Type.String(),
  state: Type.String(),
  stateName: Label,
  to: PartyRef,
  agreement: Type.Object({ id: Type.String(), version: Type.Integer() }),
  curePeriod: Type.String(),
  curePeriodRef: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  cureDueAt: Type.Union([Type.String(), Type.Null()]),
  delivery: Loose,
  answer: Loose,
  cureClock: Loose,
  content: Loose,
});
export type NoticeView = Static<typeof NoticeSchema>;

export const OpenMatterBody = Type.Object(
  {
    title: Text({ minLength: 1, maxLength: 300 }),
    counterparty: Key,
    agreement: Key,
    caseIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
    noticeIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
    requestIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export const MatterStageBody = Type.Object(
  {
    stage: MatterStageSchema,
    startedOn: Type.Optional(CalendarDate),
    offered: Type.Optional(Amount),
    note: Type.Optional(Text({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export const SettlementBody = Type.Object(
  { agreed: Amount, terms: Text({ minLength: 1, maxLength: 4000 }), signedOn: CalendarDate },
  { additionalProperties: false },
);
const Money = Type.Union([
  Type.Object({ amountMinor: Type.Number(), amount: Type.String(), currency: Type.String() }),
  Type.Null(),
]);
export const MatterSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  title: Type.String(),
  counterparty: PartyRef,
  agreement: Type.Object({ id: Type.String(), version: Type.Integer() }),
  clause: Loose,
  stage: Type.String(),
  stageName: Label,
  stageSince: Type.String(),
  nextStages: Type.Array(Type.String()),
  deadlines: Type.Array(Loose),
  claimed: Money,
  claim: Loose,
  offered: Money,
  agreed: Money,
  recovered: Money,
  settlement: Loose,
  caseIds: Type.Array(Uuid),
  noticeIds: Type.Array(Uuid),
  requestIds: Type.Array(Uuid),
  costLineIds: Type.Array(Uuid),
  openedAt: Type.String(),
});
export type MatterView = Static<typeof MatterSchema>;

export const ServiceCreditsBody = Type.Object(
  { annualFee: Amount, currency: Currency },
  { additionalProperties: false },
);
export const ServiceCreditsSchema = Type.Object({
  caseId: Uuid,
  alreadyBooked: Type.Boolean(),
  credits: Loose,
  penalty: Loose,
  lineIds: Type.Array(Uuid),
});
