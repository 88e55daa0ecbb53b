import { Type } from 'typebox';
import { Base64, CalendarDate, Instant, InstantInRange, MediaType, Text, Uuid } from './common.ts';

export const AttachmentBody = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 255 }),
    mediaType: MediaType,
    contentBase64: Base64({ maxLength: 14_000_000, description: 'the file, base64 (up to 10 MB)' }),
  },
  { additionalProperties: false },
);

export const StoredFileSchema = Type.Object({
  name: Type.String(),
  mediaType: Type.String(),
  sha256: Type.String(),
  size: Type.Integer(),
});

export const SignUpBody = Type.Object(
  {
    email: Text({ minLength: 3, maxLength: 254 }),
    // Longer than the policy allows still reaches the policy, which says why (weak_password).
    password: Text({ minLength: 1, maxLength: 1024 }),
    name: Text({ minLength: 1, maxLength: 200 }),
    locale: Type.Optional(Type.Unsafe<'en' | 'zh'>({ type: 'string', enum: ['en', 'zh'] })),
    phone: Type.Optional(Text({ maxLength: 50 })),
    tenant: Type.Optional(Text({ maxLength: 63 })),
  },
  { additionalProperties: false },
);

const Bilingual = Type.Object({ en: Type.String(), zh: Type.String() });

export const WarrantyReply = Type.Object({
  serial: Type.String(),
  product: Type.String(),
  productName: Type.Object({ en: Type.String(), zh: Type.Union([Type.String(), Type.Null()]) }),
  checkedOn: CalendarDate,
  agreement: Type.Union([
    Type.Object({ id: Type.String(), version: Type.Integer(), title: Type.String() }),
    Type.Null(),
  ]),
  coverStart: Type.Union([
    Type.Object({ date: CalendarDate, basis: Type.String(), fallback: Type.Boolean() }),
    Type.Null(),
  ]),
  parts: Type.Array(
    Type.Object({
      partCategory: Type.String(),
      covered: Type.Boolean(),
      reason: Type.String(),
      lastDay: Type.Union([CalendarDate, Type.Null()]),
      refs: Type.Array(Type.String()),
      explanation: Bilingual,
    }),
  ),
  exclusions: Type.Array(
    Type.Object({ cause: Type.String(), ref: Type.Union([Type.String(), Type.Null()]) }),
  ),
  conditions: Type.Array(
    Type.Object({ condition: Type.String(), ref: Type.Union([Type.String(), Type.Null()]) }),
  ),
  covers: Type.Array(
    Type.Object({
      agreement: Type.Object({ id: Type.String(), version: Type.Integer(), title: Type.String() }),
      kind: Type.String(),
      source: Type.String(),
      reference: Type.Union([Type.String(), Type.Null()]),
      coveredThrough: Type.Union([CalendarDate, Type.Null()]),
    }),
    { description: 'every agreement giving the unit cover: warranty, extended warranty, service contract' },
  ),
  returns: Type.Union([
    Type.Object({
      noReasonUntil: Type.Union([CalendarDate, Type.Null()]),
      replacementUntil: Type.Union([CalendarDate, Type.Null()]),
      from: Type.Union([CalendarDate, Type.Null()]),
      ref: Type.Union([Type.String(), Type.Null()]),
      conditions: Type.Array(Type.String()),
    }),
    Type.Null(),
  ]),
});

export const RegisterUnitBody = Type.Object(
  {
    serial: Text({ minLength: 1, maxLength: 100 }),
    purchasedOn: Text({ minLength: 10, maxLength: 10 }),
    proof: AttachmentBody,
  },
  { additionalProperties: false },
);

export const RegistrationReply = Type.Object({
  registrationId: Uuid,
  serial: Type.String(),
  purchasedOn: CalendarDate,
  registeredAt: Instant,
});

export const CaseActivityReply = Type.Object({
  messages: Type.Array(
    Type.Object({
      id: Uuid,
      direction: Type.String(),
      visibility: Type.Union([Type.Literal('public'), Type.Literal('internal'), Type.Literal('brand')]),
      body: Type.String(),
      author: Type.Union([Type.Object({ name: Type.String(), party: Type.String() }), Type.Null()]),
      attachments: Type.Array(StoredFileSchema),
      at: Instant,
    }),
  ),
  partnerResponses: Type.Array(
    Type.Object({
      decision: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      party: Type.String(),
      at: Instant,
    }),
  ),
  visitReports: Type.Array(
    Type.Object({
      id: Uuid,
      party: Type.String(),
      arrivedAt: Instant,
      departedAt: Type.Union([Instant, Type.Null()]),
      workDone: Type.String(),
      partsUsed: Type.Array(
        Type.Object({
          partNumber: Type.String(),
          quantity: Type.Integer(),
          serial: Type.Optional(Type.String()),
        }),
      ),
      signedBy: Type.String(),
      signatureSha256: Type.String(),
      photos: Type.Array(StoredFileSchema),
      at: Instant,
    }),
  ),
  events: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      type: Type.String(),
      from: Type.Union([Type.String(), Type.Null()]),
      to: Type.Union([Type.String(), Type.Null()]),
      detail: Type.Union([Type.String(), Type.Null()]),
      author: Type.Union([Type.String(), Type.Null()]),
      at: Instant,
    }),
  ),
});

export const PartnerResponseBody = Type.Object(
  {
    decision: Type.Unsafe<'accepted' | 'declined'>({ type: 'string', enum: ['accepted', 'declined'] }),
    reason: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const PartnerResponseReply = Type.Object({
  caseId: Uuid,
  number: Type.String(),
  decision: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  respondedAt: Instant,
});

export const VisitReportBody = Type.Object(
  {
    arrivedAt: InstantInRange,
    departedAt: Type.Optional(InstantInRange),
    workDone: Text({ minLength: 1, maxLength: 20_000 }),
    partsUsed: Type.Array(
      Type.Object(
        {
          partNumber: Text({ minLength: 1, maxLength: 63 }),
          quantity: Type.Integer({ minimum: 1, maximum: 1000 }),
          serial: Type.Optional(Text({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    signedBy: Text({ minLength: 1, maxLength: 200 }),
    signature: AttachmentBody,
    photos: Type.Optional(Type.Array(AttachmentBody, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const FileParams = Type.Object({ id: Uuid, sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });

export const CountdownQuery = Type.Object(
  {
    ids: Text({ minLength: 1, maxLength: 3800, description: 'case ids, comma-separated (up to 100)' }),
  },
  { additionalProperties: false },
);

export const CountdownReply = Type.Object({
  items: Type.Array(
    Type.Object({
      caseId: Uuid,
      clockId: Uuid,
      side: Type.String(),
      target: Type.String(),
      owedBy: Type.String(),
      status: Type.String(),
      dueAt: Type.Union([Instant, Type.Null()]),
      remainingSeconds: Type.Integer(),
      ticking: Type.Boolean(),
      calendar: Type.Union([
        Type.Object({ key: Type.String(), version: Type.Integer(), timezone: Type.String() }),
        Type.Null(),
      ]),
    }),
  ),
});
