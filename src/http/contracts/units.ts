import { Type } from 'typebox';
import { REPLACEMENT_KINDS, type ReplacementKind, TERRITORY_PATTERN } from '../../domain/unit/index.ts';
import { CalendarDate, Instant, PageQuery, PartyRefSchema, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';

const Territory = Type.String({
  pattern: TERRITORY_PATTERN,
  description: 'ISO 3166-2 code, e.g. CN-SH (or a country, CN)',
});
const PartyKey = Type.String({
  minLength: 1,
  maxLength: 63,
  description: 'A party key, e.g. ruijin-hospital',
});

export const UnitPartSchema = Type.Object({
  partNumber: Type.String(),
  partCategory: Type.String(),
  serial: Nullable(Type.String()),
  /** The brand's staff only. */
  supplier: Type.Optional(Nullable(PartyRefSchema)),
  deliveredOn: Nullable(Type.String()),
});

export const UnitSchema = Type.Object({
  id: Uuid,
  serial: Type.String(),
  product: Type.Object({ id: Uuid, model: Type.String(), name: Type.String() }),
  owner: PartyRefSchema,
  seller: Nullable(PartyRefSchema),
  servicePartner: Nullable(PartyRefSchema),
  territory: Type.String(),
  soldOn: Nullable(Type.String()),
  deliveredOn: Nullable(Type.String()),
  installedOn: Nullable(Type.String()),
  maintainedOn: Type.Array(Type.String()),
  parts: Type.Array(UnitPartSchema),
  /** Exchanges: the unit that replaced this one, or the one this one replaced. */
  exchanges: Type.Optional(
    Type.Array(
      Type.Object({
        role: Type.Unsafe<'replaced_by' | 'replaces'>({ type: 'string', enum: ['replaced_by', 'replaces'] }),
        serial: Type.String(),
        kind: Type.String(),
        warranty: Type.String(),
        on: Type.String(),
      }),
    ),
  ),
  createdAt: Instant,
  updatedAt: Instant,
});

const UnitPartInput = Type.Object(
  {
    partNumber: Text({ minLength: 1, maxLength: 100 }),
    partCategory: Text({ minLength: 1, maxLength: 63 }),
    serial: Type.Optional(Nullable(Text({ maxLength: 100 }))),
    supplier: Type.Optional(Nullable(PartyKey)),
    deliveredOn: Type.Optional(Nullable(CalendarDate)),
  },
  { additionalProperties: false },
);

const unitFields = {
  serial: Text({ minLength: 1, maxLength: 100 }),
  product: Text({ minLength: 1, maxLength: 100, description: 'The product model, e.g. CH-900' }),
  owner: PartyKey,
  seller: Type.Optional(Nullable(PartyKey)),
  servicePartner: Type.Optional(Nullable(PartyKey)),
  territory: Territory,
  soldOn: Type.Optional(Nullable(CalendarDate)),
  deliveredOn: Type.Optional(Nullable(CalendarDate)),
  installedOn: Type.Optional(Nullable(CalendarDate)),
  maintainedOn: Type.Optional(Type.Array(CalendarDate, { maxItems: 1000 })),
  parts: Type.Optional(Type.Array(UnitPartInput, { maxItems: 1000 })),
};

export const CreateUnitBody = Type.Object(unitFields, { additionalProperties: false });
export const UpdateUnitBody = Type.Partial(Type.Object(unitFields), {
  additionalProperties: false,
  minProperties: 1,
});
export const UnitListQuery = Type.Object(
  {
    product: Type.Optional(Text({ maxLength: 100 })),
    territory: Type.Optional(Territory),
    owner: Type.Optional(PartyKey),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const UnitPage = Type.Object({
  items: Type.Array(UnitSchema),
  nextCursor: Type.Optional(Type.String()),
});
export const SerialParams = Type.Object({ serial: Text({ minLength: 1, maxLength: 100 }) });

const Label = Type.Object({ en: Type.String(), zh: Type.String() });

export const ReplacementBody = Type.Object(
  {
    newSerial: Text({ minLength: 1, maxLength: 100 }),
    kind: Type.Unsafe<ReplacementKind>({
      type: 'string',
      enum: [...REPLACEMENT_KINDS],
      description:
        'sanbao: a 三包 replacement the terms granted (new warranty); advance_exchange or after_receipt: the warranty continues',
    }),
    caseId: Type.Optional(Uuid),
    replacedOn: Type.Optional(CalendarDate),
    carrier: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
    waybill: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const ReplacementSchema = Type.Object({
  oldSerial: Type.String(),
  newSerial: Type.String(),
  newUnitId: Uuid,
  kind: Type.String(),
  warranty: Type.Unsafe<'new' | 'continues'>({ type: 'string', enum: ['new', 'continues'] }),
  dates: Type.Object({
    soldOn: Nullable(Type.String()),
    deliveredOn: Nullable(Type.String()),
    installedOn: Nullable(Type.String()),
  }),
  because: Label,
  ref: Nullable(Type.String()),
  replacedOn: Type.String(),
  caseId: Nullable(Uuid),
  contracts: Type.Array(
    Type.Object({
      number: Type.String(),
      agreement: Type.String(),
      endsOn: Type.String(),
      moved: Type.Boolean(),
      because: Label,
    }),
  ),
});

export const LoanBody = Type.Object(
  {
    loaner: Text({ minLength: 1, maxLength: 100, description: 'the serial of one of the brand’s own units' }),
    caseId: Uuid,
    dueBackOn: CalendarDate,
  },
  { additionalProperties: false },
);

export const LoanReturnBody = Type.Object(
  {
    returnedOn: Type.Optional(CalendarDate),
    conditionNote: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const LoanListQuery = Type.Object(
  {
    caseId: Type.Optional(Uuid),
    open: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const LoanSchema = Type.Object({
  id: Uuid,
  loaner: Type.Object({ serial: Type.String(), model: Type.String() }),
  caseId: Uuid,
  customer: Type.Object({ key: Type.String(), name: Type.String() }),
  lentOn: Type.String(),
  dueBackOn: Type.String(),
  returnedOn: Nullable(Type.String()),
  conditionNote: Nullable(Type.String()),
  overdue: Type.Boolean(),
});
