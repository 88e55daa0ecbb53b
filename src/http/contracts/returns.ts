import { type Static, Type } from 'typebox';
import { Base64, Currency, Instant, MediaType, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';

const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const ReturnReasonEnum = Enum(
  ['no_reason', 'performance_fault', 'other'] as const,
  'no_reason: inside the no-reason window; performance_fault: a fault inside the replacement window',
);
export const DispositionEnum = Enum(['repair', 'replace', 'refund', 'reject'] as const);

export const Attachment = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 255 }),
    mediaType: MediaType,
    contentBase64: Base64({ maxLength: 14_000_000, description: 'the file, base64 (up to 10 MB)' }),
  },
  { additionalProperties: false },
);

const Conditions = Type.Record(Type.String({ pattern: '^[a-z_]{1,63}$' }), Type.Boolean(), {
  description:
    'The terms’ conditions the customer confirms, e.g. { original_packaging: true, proof_of_purchase: true }',
});

export const ReturnRequestBody = Type.Object(
  {
    reason: ReturnReasonEnum,
    conditions: Conditions,
    description: Type.Optional(Text({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type ReturnRequestBody = Static<typeof ReturnRequestBody>;

export const UnitReturnBody = Type.Object(
  {
    serial: Text({ minLength: 1, maxLength: 100, description: 'any unit the customer owns' }),
    reason: ReturnReasonEnum,
    conditions: Conditions,
    description: Type.Optional(Text({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type UnitReturnBody = Static<typeof UnitReturnBody>;

export const ReturnDecisionBody = Type.Object(
  {
    outcome: Type.Optional(Enum(['approve', 'reject'] as const, 'absent: the terms check decides')),
    note: Type.Optional(Text({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const ReturnShipmentBody = Type.Object(
  {
    carrier: Text({ minLength: 1, maxLength: 100 }),
    waybill: Text({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

export const ReturnInspectionBody = Type.Object(
  {
    receivedQuantity: Type.Integer({ minimum: 0, maximum: 10_000 }),
    damagedQuantity: Type.Integer({ minimum: 0, maximum: 10_000 }),
    findings: Text({ minLength: 1, maxLength: 10_000 }),
    packagingOriginal: Type.Optional(Type.Boolean()),
    photos: Type.Optional(Type.Array(Attachment, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const ReturnDispositionBody = Type.Object(
  {
    disposition: DispositionEnum,
    amount: Type.Optional(
      Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,3})?$', description: 'decimal text, e.g. "2999.00"' }),
    ),
    currency: Type.Optional(Currency),
    note: Type.Optional(Text({ maxLength: 5000 })),
    replacementSerial: Type.Optional(
      Text({
        minLength: 1,
        maxLength: 100,
        description:
          'with replace: the new unit handed over (a 三包 replacement when the terms check gave it)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ReturnCheckSchema = Type.Object({
  verdict: Enum(['approve', 'reject', 'refer'] as const),
  remedy: Nullable(Type.String()),
  reason: Type.String(),
  explanation: Type.Object({ en: Type.String(), zh: Type.String() }),
  cites: Type.Array(Type.String()),
  agreement: Nullable(Type.Object({ id: Type.String(), version: Type.Integer() })),
  windowStart: Nullable(Type.String()),
  day: Nullable(Type.Integer()),
  lastDay: Nullable(Type.String()),
  missingConditions: Type.Array(Type.String()),
  decideBy: Nullable(Type.String()),
  decideWithin: Nullable(Type.String()),
});

export const DeadlineStatusEnum = Enum(
  ['running', 'warned', 'breached', 'stopped'] as const,
  'running: before the warning point; warned: past the warning share of the time; breached: past the deadline, not acted on; stopped: acted on (see late)',
);
export type DeadlineStatus = Static<typeof DeadlineStatusEnum>;

/** A deadline of a return or a defective-part return as a clock the worker watches. */
export const DeadlineClockSchema = Type.Object({
  status: DeadlineStatusEnum,
  startedAt: Instant,
  warnAt: Instant,
  dueAt: Instant,
  warnedAt: Nullable(Instant),
  breachedAt: Nullable(Instant),
  stoppedAt: Nullable(Instant),
  stoppedBy: Nullable(Type.String()),
  late: Nullable(Type.Boolean()),
  ref: Nullable(Type.String()),
});
export type DeadlineClockResponse = Static<typeof DeadlineClockSchema>;

export const ReturnSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  caseId: Uuid,
  unit: Type.Object({ id: Uuid, serial: Type.String() }),
  reason: Type.String(),
  conditions: Type.Record(Type.String(), Type.Boolean()),
  requestedAt: Instant,
  decideBy: Nullable(Instant),
  approvalOverdue: Type.Boolean(),
  approvalClock: Nullable(DeadlineClockSchema),
  termsCheck: ReturnCheckSchema,
  state: Type.String(),
  decisionRef: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(Instant),
  shipment: Nullable(
    Type.Object({ carrier: Type.String(), waybill: Type.String(), shippedAt: Nullable(Instant) }),
  ),
  receivedAt: Nullable(Instant),
  inspection: Type.Unknown(),
  disposition: Nullable(Type.String()),
  dispositionRef: Nullable(Type.String()),
  closedAt: Nullable(Instant),
});
export type ReturnResponse = Static<typeof ReturnSchema>;
