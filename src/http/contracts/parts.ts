import { type Static, Type } from 'typebox';
import { Currency, Text } from './common.ts';
import { Nullable } from './parties.ts';

const Ref = Type.Object({ key: Type.String(), name: Type.String() });
export const PartNumber = Type.String({
  minLength: 1,
  maxLength: 63,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
});
export const LocationKey = Text({ minLength: 1, maxLength: 63 });

const staffOnly = { description: "the brand's staff only" };
export const PartSchema = Type.Object({
  partNumber: Type.String(),
  partCategory: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  unitCostMinor: Type.Optional(Type.Integer(staffOnly)),
  unitCost: Type.Optional(Type.String(staffOnly)),
  currency: Type.Optional(Type.String(staffOnly)),
  supplier: Type.Optional(Nullable(Ref)),
  leadTimeDays: Type.Optional(Type.Integer({ description: 'staff and partners' })),
  usedIn: Type.Array(Type.Object({ model: Type.String(), quantity: Type.Integer() })),
});
export type PartResponse = Static<typeof PartSchema>;

export const StockLocationSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  kind: Type.String({ description: 'warehouse, distributor, consignment or van' }),
  holder: Ref,
  owner: Ref,
  levels: Type.Array(
    Type.Object({
      partNumber: Type.String(),
      onHand: Type.Integer(),
      reserved: Type.Integer(),
      available: Type.Integer(),
    }),
  ),
});
export type StockLocationResponse = Static<typeof StockLocationSchema>;

export const ReceiptBody = Type.Object(
  {
    location: LocationKey,
    partNumber: PartNumber,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    note: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const TransferBody = Type.Object(
  {
    from: LocationKey,
    to: LocationKey,
    partNumber: PartNumber,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    note: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ReorderSchema = Type.Object({
  windowDays: Type.Integer(),
  since: Type.String(),
  items: Type.Array(
    Type.Object({
      partNumber: Type.String(),
      usedInWindow: Type.Integer(),
      leadTimeDays: Type.Integer(),
      onHand: Type.Integer(),
      reserved: Type.Integer(),
      available: Type.Integer(),
      dailyUseMilli: Type.Integer({ description: 'units per 1,000 days' }),
      reorderPoint: Type.Integer(),
      targetLevel: Type.Integer(),
      suggestedQuantity: Type.Integer(),
    }),
  ),
});

export const DutySchema = Type.Object({
  asOf: Type.String(),
  atRisk: Type.Integer(),
  items: Type.Array(
    Type.Object({
      product: Type.String(),
      partNumber: Type.String(),
      partCategory: Type.String(),
      name: Type.String(),
      dutyUntil: Nullable(Type.String({ description: 'null while the product is still produced' })),
      agreement: Nullable(
        Type.Object({ id: Type.String(), version: Type.Integer(), ref: Nullable(Type.String()) }),
      ),
      onHand: Type.Integer(),
      supplyAgreement: Nullable(
        Type.Object({ id: Type.String(), version: Type.Integer(), effectiveTo: Nullable(Type.String()) }),
      ),
      risks: Type.Array(
        Type.String({ description: 'no_stock, no_supply_agreement, supply_ends_before_duty' }),
      ),
    }),
  ),
});
export type DutyResponse = Static<typeof DutySchema>;

export const PartBody = Type.Object(
  {
    partNumber: PartNumber,
    partCategory: Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z][a-z0-9_]*$' }),
    name: Text({ minLength: 1, maxLength: 200 }),
    nameZh: Type.Optional(Text({ maxLength: 200 })),
    unitCost: Type.String({
      pattern: '^\\d{1,12}(\\.\\d{1,3})?$',
      description: 'decimal text, e.g. "18600.00"',
    }),
    currency: Currency,
    supplier: Type.Optional(Text({ minLength: 1, maxLength: 63, description: 'party key' })),
    leadTimeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
  },
  { additionalProperties: false },
);

export const LocationBody = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    name: Text({ minLength: 1, maxLength: 200 }),
    nameZh: Type.Optional(Text({ maxLength: 200 })),
    kind: Type.Unsafe<'warehouse' | 'distributor' | 'consignment' | 'van'>({
      type: 'string',
      enum: ['warehouse', 'distributor', 'consignment', 'van'],
    }),
    holder: Type.String({
      minLength: 1,
      maxLength: 63,
      description: 'party key of who holds and takes from it',
    }),
    owner: Text({ minLength: 1, maxLength: 63, description: 'party key of who owns the stock' }),
  },
  { additionalProperties: false },
);
