import { type Static, Type } from 'typebox';
import { Base64, Instant, MediaType, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';
import { DeadlineClockSchema } from './returns.ts';

const Amount = Type.String({
  pattern: '^\\d{1,12}(\\.\\d{1,3})?$',
  description: 'decimal text, e.g. "1080.00"',
});

export const ClaimLineBody = Type.Object(
  {
    kind: Type.Unsafe<'labor' | 'travel' | 'parts'>({ type: 'string', enum: ['labor', 'travel', 'parts'] }),
    item: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 63,
        description: 'labor: the operation; parts: the part number',
      }),
    ),
    quantity: Type.Integer({
      minimum: 1,
      maximum: 1_000_000,
      description: 'labor minutes, travel kilometres, parts quantity',
    }),
    amount: Amount,
  },
  { additionalProperties: false },
);

export const EvidenceFile = Type.Object(
  {
    evidence: Type.String({
      minLength: 1,
      maxLength: 63,
      description: 'which item of the agreement’s evidence list: photos, customer_signature, ...',
    }),
    name: Text({ minLength: 1, maxLength: 255 }),
    mediaType: MediaType,
    contentBase64: Base64({ maxLength: 14_000_000, description: 'the file, base64 (up to 10 MB)' }),
  },
  { additionalProperties: false },
);

export const ClaimBody = Type.Object(
  {
    lines: Type.Array(ClaimLineBody, { minItems: 1, maxItems: 50 }),
    evidence: Type.Optional(Type.Array(EvidenceFile, { maxItems: 20 })),
    note: Type.Optional(Text({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const ResubmissionBody = Type.Object(
  {
    answer: Text({ minLength: 1, maxLength: 5000 }),
    lines: Type.Array(ClaimLineBody, { minItems: 1, maxItems: 50 }),
    evidence: Type.Optional(Type.Array(EvidenceFile, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          line: Type.Integer({
            minimum: 0,
            maximum: 49,
            description: 'the line’s position in the decision, from 0',
          }),
          status: Type.Unsafe<'approved' | 'reduced' | 'rejected'>({
            type: 'string',
            enum: ['approved', 'reduced', 'rejected'],
          }),
          amount: Type.Optional(Type.String({ ...Amount, description: 'a reduced line: what is approved' })),
          reason: Text({ minLength: 1, maxLength: 2000 }),
          ref: Text({ minLength: 1, maxLength: 40, description: 'the clause the answer rests on, e.g. §5' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

const LineDecision = Type.Object({
  kind: Type.String(),
  item: Type.Optional(Type.String()),
  quantity: Type.Integer(),
  amountMinor: Type.Integer(),
  status: Type.String({ description: 'approved, reduced or rejected' }),
  approvedMinor: Type.Integer(),
  ref: Nullable(Type.String()),
  reason: Type.String(),
  explanation: Type.Object({ en: Type.String(), zh: Type.String() }),
  proposed: Type.Optional(
    Type.Object(
      {
        status: Type.String(),
        approvedMinor: Type.Integer(),
        ref: Nullable(Type.String()),
        reason: Type.String(),
      },
      { description: 'a line the brand’s reviewer decided: what the terms had proposed' },
    ),
  ),
  reviewed: Type.Optional(Type.Object({ by: Type.String(), on: Type.String() })),
});

export const ClaimSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  repairId: Uuid,
  caseId: Uuid,
  partner: Type.Object({ key: Type.String(), name: Type.String() }),
  state: Type.String({ description: 'approved, partly_approved, rejected, paid' }),
  revision: Type.Integer(),
  submittedAt: Instant,
  decision: Type.Object({
    outcome: Type.String(),
    lines: Type.Array(LineDecision),
    claimedMinor: Type.Integer(),
    approvedMinor: Type.Integer(),
    currency: Type.String(),
    missingEvidence: Type.Array(Type.String()),
    submitBy: Nullable(Type.String()),
    cites: Type.Array(Type.String()),
    partnerAgreement: Nullable(Type.Object({ id: Type.String(), version: Type.Integer() })),
    cover: Type.Object({
      covered: Type.Boolean(),
      cites: Type.Array(Type.String()),
      agreement: Nullable(Type.Object({ id: Type.String(), version: Type.Integer() })),
    }),
  }),
  claimed: Type.String(),
  approved: Type.String(),
  claimedMinor: Type.Integer(),
  approvedMinor: Type.Integer(),
  currency: Type.String(),
  answer: Nullable(Type.String()),
  payBy: Nullable(Type.String()),
  paidAt: Nullable(Instant),
  evidence: Type.Unknown(),
});
export type ClaimResponse = Static<typeof ClaimSchema>;

export const RecoverySchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  caseId: Uuid,
  repairId: Uuid,
  supplier: Type.Object({ key: Type.String(), name: Type.String() }),
  agreement: Type.Object({ id: Type.String(), version: Type.Integer() }),
  cites: Type.Array(Type.String()),
  partNumber: Nullable(Type.String()),
  serial: Nullable(Type.String()),
  amountMinor: Type.Integer(),
  amount: Type.String(),
  currency: Type.String(),
  reportBy: Nullable(Type.String()),
  evidence: Type.Unknown(),
  state: Type.String({ description: 'prepared, sent, credited, rejected' }),
  creditedMinor: Nullable(Type.Integer()),
  reference: Nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});
export type RecoveryResponse = Static<typeof RecoverySchema>;

export const RecoveryStepBody = Type.Union([
  Type.Object(
    { step: Type.Literal('sent'), reference: Type.Optional(Text({ maxLength: 200 })) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      step: Type.Literal('credited'),
      amount: Amount,
      reference: Type.Optional(Text({ maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { step: Type.Literal('rejected'), note: Text({ minLength: 1, maxLength: 5000 }) },
    { additionalProperties: false },
  ),
]);

export const DefectiveReturnSchema = Type.Object({
  id: Uuid,
  repairId: Uuid,
  caseId: Uuid,
  partNumber: Type.String(),
  serial: Nullable(Type.String()),
  holder: Type.Object({ key: Type.String(), name: Type.String() }),
  dueOn: Type.String(),
  ref: Nullable(Type.String()),
  agreementId: Nullable(Type.String()),
  state: Type.String(),
  overdue: Type.Boolean(),
  daysLeft: Type.Integer(),
  shipment: Nullable(
    Type.Object({ carrier: Type.String(), waybill: Type.String(), shippedAt: Nullable(Instant) }),
  ),
  receivedAt: Nullable(Instant),
  late: Nullable(Type.Boolean()),
  clock: Nullable(DeadlineClockSchema),
});
export type DefectiveReturnResponse = Static<typeof DefectiveReturnSchema>;

export const DefectiveStepBody = Type.Union([
  Type.Object(
    {
      step: Type.Literal('shipped'),
      carrier: Text({ minLength: 1, maxLength: 100 }),
      waybill: Text({ minLength: 1, maxLength: 100 }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ step: Type.Literal('received') }, { additionalProperties: false }),
]);
