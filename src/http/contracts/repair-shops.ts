import { Type } from 'typebox';
import { keysOf } from '../../domain/label.ts';
import {
  PARTS_ORDER_STATE_LABELS,
  SHOP_DECISION_LABELS,
  SHOP_STATUS_LABELS,
} from '../../domain/repair-shop/index.ts';
import { PageQuery, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';

const Bilingual = Type.Object({ en: Type.String(), zh: Type.String() });
const oneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

export const ShopRegistrationBody = Type.Object(
  {
    tenant: Type.Optional(Text({ maxLength: 63 })),
    name: Text({ minLength: 1, maxLength: 200, description: "the business name on the shop's licence" }),
    nameZh: Type.Optional(Text({ maxLength: 200 })),
    creditCode: Text({
      minLength: 1,
      maxLength: 40,
      description: '统一社会信用代码: the 18-character unified social credit code of the business licence',
    }),
    contactName: Text({ minLength: 1, maxLength: 200, description: 'the person who signs in for the shop' }),
    email: Text({ minLength: 3, maxLength: 254 }),
    phone: Type.Optional(Text({ maxLength: 50 })),
    password: Text({ minLength: 1, maxLength: 1024 }),
    locale: Type.Optional(Type.Unsafe<'en' | 'zh'>({ type: 'string', enum: ['en', 'zh'] })),
  },
  { additionalProperties: false },
);

export const ShopSchema = Type.Object({
  id: Uuid,
  key: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  creditCode: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  status: Type.String(),
  statusName: Bilingual,
  registeredAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  contacts: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), email: Type.String(), enabled: Type.Boolean() }),
  ),
});

export const ShopListQuery = Type.Object(
  {
    status: Type.Optional(
      oneOf(keysOf(SHOP_STATUS_LABELS), 'pending, approved or refused (default pending)'),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ShopDecisionBody = Type.Object(
  {
    decision: oneOf(keysOf(SHOP_DECISION_LABELS), 'approved or refused'),
    reason: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const PublishedPricesQuery = Type.Object(
  {
    tenant: Type.Optional(Text({ maxLength: 63 })),
    kind: Type.Optional(oneOf(['part', 'labor', 'travel'] as const, 'part, labor or travel')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const PublishedPricesReply = Type.Object({
  tenant: Type.String(),
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
  nextCursor: Type.Optional(Type.String()),
});

export const PartsOrderBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          partNumber: Text({ minLength: 1, maxLength: 63 }),
          quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    reference: Type.Optional(Text({ maxLength: 100, description: "the shop's own order reference" })),
  },
  { additionalProperties: false },
);

export const PartsOrderSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  shop: Type.Object({ id: Uuid, key: Type.String(), name: Type.String(), nameZh: Nullable(Type.String()) }),
  state: Type.String(),
  stateName: Bilingual,
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({
      partNumber: Type.String(),
      name: Bilingual,
      quantity: Type.Integer(),
      unitPrice: Type.String(),
      net: Type.String(),
      taxRatePercent: Type.Integer(),
    }),
  ),
  byRate: Type.Array(Type.Object({ taxRatePercent: Type.Integer(), net: Type.String(), tax: Type.String() })),
  net: Type.String(),
  tax: Type.String(),
  total: Type.String(),
  shopReference: Nullable(Type.String()),
  location: Nullable(Type.Object({ key: Type.String(), name: Type.String() })),
  carrier: Nullable(Type.String()),
  waybill: Nullable(Type.String()),
  refusalReason: Nullable(Type.String()),
  placedAt: Type.String(),
  confirmedAt: Nullable(Type.String()),
  shippedAt: Nullable(Type.String()),
  refusedAt: Nullable(Type.String()),
});

export const PartsOrderListQuery = Type.Object(
  {
    state: Type.Optional(
      oneOf(
        keysOf(PARTS_ORDER_STATE_LABELS),
        'placed, confirmed, shipped or refused (required for the brand)',
      ),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ConfirmOrderBody = Type.Object(
  { location: Text({ minLength: 1, maxLength: 63, description: 'the stock location key to reserve at' }) },
  { additionalProperties: false },
);
export const ShipOrderBody = Type.Object(
  { carrier: Text({ minLength: 1, maxLength: 100 }), waybill: Text({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export const RefuseOrderBody = Type.Object(
  { reason: Text({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
