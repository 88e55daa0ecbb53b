import { Type } from 'typebox';
import { CalendarDate, Currency, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';

const Bilingual = Type.Object({ en: Type.String(), zh: Type.String() });
const Amount = Type.String({
  pattern: '^\\d{1,12}(\\.\\d{1,3})?$',
  description: 'decimal text, e.g. "1200.00"',
});
const oneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });
const Key = Text({
  minLength: 1,
  maxLength: 63,
  description: 'a key of lower-case letters, digits and dashes',
});

export const ContractSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  serial: Type.String(),
  unitId: Uuid,
  agreement: Type.Object({ id: Type.String(), title: Nullable(Type.String()) }),
  plan: Nullable(Type.String()),
  startsOn: CalendarDate,
  endsOn: CalendarDate,
  price: Type.String(),
  currency: Type.String(),
  serviceLevel: Nullable(Type.String()),
  channel: Type.String(),
  channelName: Bilingual,
  state: Type.String(),
  stateName: Bilingual,
  incidents: Type.Object({ allowed: Nullable(Type.Integer()), used: Type.Integer() }),
  cancelledOn: Nullable(CalendarDate),
  refund: Nullable(Type.String()),
});

export const SellContractBody = Type.Object(
  {
    serial: Text({ minLength: 1, maxLength: 100 }),
    agreement: Key,
    startsOn: CalendarDate,
    endsOn: CalendarDate,
    price: Amount,
    currency: Currency,
    serviceLevel: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
    incidents: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const BuyPlanBody = Type.Object(
  { serial: Text({ minLength: 1, maxLength: 100 }), plan: Key },
  { additionalProperties: false },
);

const PlanFields = {
  key: Type.String(),
  agreement: Type.String(),
  product: Type.String(),
  termMonths: Type.Integer(),
  price: Type.String(),
  currency: Type.String(),
  incidents: Nullable(Type.Integer()),
  refundRule: Type.String(),
  refundRuleName: Bilingual,
  name: Bilingual,
};
export const PlanSchema = Type.Object(PlanFields);
export const PlanListSchema = Type.Object({ items: Type.Array(PlanSchema) });
export const PlanOffersSchema = Type.Object({
  serial: Type.String(),
  coveredThrough: Nullable(CalendarDate),
  offers: Type.Array(
    Type.Object({
      ...PlanFields,
      startsOn: Nullable(CalendarDate),
      endsOn: Nullable(CalendarDate),
      sellable: Type.Boolean(),
      refused: Nullable(Bilingual),
    }),
  ),
});

export const PlanBody = Type.Object(
  {
    key: Key,
    agreement: Key,
    product: Text({ minLength: 1, maxLength: 63 }),
    termMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    price: Amount,
    currency: Currency,
    incidents: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    refundRule: oneOf(['pro_rata', 'none'] as const, 'refund on cancellation: pro_rata or none'),
    name: Text({ minLength: 1, maxLength: 200 }),
    nameZh: Text({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const PriceBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          key: Text({ minLength: 1, maxLength: 63 }),
          kind: oneOf(['part', 'labor', 'travel'] as const, 'part, labor or travel'),
          name: Text({ minLength: 1, maxLength: 200 }),
          nameZh: Text({ minLength: 1, maxLength: 200 }),
          per: oneOf(['piece', 'hour', 'km', 'visit'] as const, 'piece, hour, km or visit'),
          price: Amount,
          currency: Currency,
          taxRatePercent: Type.Integer({ minimum: 0, maximum: 100 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export const PriceListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      kind: Type.String(),
      kindName: Bilingual,
      name: Bilingual,
      per: Type.String(),
      perName: Bilingual,
      price: Type.String(),
      currency: Type.String(),
      taxRatePercent: Type.Integer(),
    }),
  ),
});

const LineSchema = Type.Object({
  itemKey: Type.String(),
  kind: Type.String(),
  name: Bilingual,
  quantity: Type.Integer(),
  per: Type.String(),
  unitPrice: Type.String(),
  net: Type.String(),
  taxRatePercent: Type.Integer(),
  basis: Nullable(Type.String()),
});
const RateSchema = Type.Object({ taxRatePercent: Type.Integer(), net: Type.String(), tax: Type.String() });

export const QuoteSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  caseId: Uuid,
  state: Type.String(),
  stateName: Bilingual,
  currency: Type.String(),
  lines: Type.Array(LineSchema),
  byRate: Type.Array(RateSchema),
  net: Type.String(),
  tax: Type.String(),
  total: Type.String(),
  blocksWork: Type.Boolean(),
  blockRef: Nullable(Type.String()),
  sentAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  declineReason: Nullable(Type.String()),
});

export const QuoteBody = Type.Object(
  { travel: Type.Optional(Type.Boolean({ description: 'quote a visit (default: for field visits)' })) },
  { additionalProperties: false },
);

export const QuoteDecisionBody = Type.Object(
  {
    decision: oneOf(['accepted', 'declined'] as const, 'accepted or declined'),
    reason: Type.Optional(Text({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const InvoiceSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  caseId: Nullable(Uuid),
  quoteId: Nullable(Uuid),
  customer: Type.String(),
  currency: Type.String(),
  lines: Type.Array(LineSchema),
  byRate: Type.Array(RateSchema),
  net: Type.String(),
  tax: Type.String(),
  total: Type.String(),
  paid: Type.String(),
  owed: Type.String(),
  state: Type.String(),
  stateName: Bilingual,
  fapiao: Type.Object({
    title: Type.String(),
    taxId: Nullable(Type.String()),
    type: Type.String(),
    typeName: Bilingual,
  }),
  issuedOn: CalendarDate,
  payments: Type.Array(
    Type.Object({
      kind: Type.String(),
      kindName: Bilingual,
      amount: Type.String(),
      method: Type.String(),
      reference: Type.String(),
      receivedOn: CalendarDate,
    }),
  ),
});

export const InvoiceBody = Type.Object(
  {
    quoteId: Uuid,
    fapiao: Type.Object(
      {
        title: Text({ minLength: 1, maxLength: 200, description: '发票抬头' }),
        taxId: Type.Optional(Text({ minLength: 1, maxLength: 30, description: '纳税人识别号' })),
        type: oneOf(['general', 'special'] as const, 'general or special VAT fapiao'),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const PaymentBody = Type.Object(
  {
    kind: oneOf(['payment', 'refund'] as const, 'payment or refund'),
    amount: Amount,
    method: Text({ minLength: 1, maxLength: 60 }),
    reference: Text({ minLength: 1, maxLength: 200 }),
    receivedOn: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);

export const StatementSchema = Type.Object({
  party: Type.String(),
  totals: Type.Array(
    Type.Object({
      currency: Type.String(),
      invoiced: Type.String(),
      paid: Type.String(),
      owed: Type.String(),
    }),
  ),
  invoices: Type.Array(InvoiceSchema),
  settled: Type.Boolean(),
});

export const ListQuery = Type.Object(
  {
    serial: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
    case: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
