import { Type } from 'typebox';
import { CalendarDate, Instant, PageQuery, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';

const Category = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,62}$',
  description: 'A part category, e.g. compressor',
});

export const BillOfPartsLineSchema = Type.Object(
  {
    partNumber: Text({ minLength: 1, maxLength: 100 }),
    partCategory: Category,
    name: Text({ minLength: 1, maxLength: 300 }),
    quantity: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const ProductSchema = Type.Object({
  id: Uuid,
  model: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  partCategories: Type.Array(Type.String()),
  endOfProduction: Nullable(Type.String()),
  billOfParts: Type.Array(BillOfPartsLineSchema),
  createdAt: Instant,
  updatedAt: Instant,
});

const productFields = {
  model: Text({ minLength: 1, maxLength: 100 }),
  name: Text({ minLength: 1, maxLength: 300 }),
  nameZh: Type.Optional(Nullable(Text({ maxLength: 300 }))),
  partCategories: Type.Array(Category, { maxItems: 200, uniqueItems: true }),
  endOfProduction: Type.Optional(Nullable(CalendarDate)),
  billOfParts: Type.Optional(Type.Array(BillOfPartsLineSchema, { maxItems: 1000 })),
};

export const CreateProductBody = Type.Object(productFields, { additionalProperties: false });
export const UpdateProductBody = Type.Partial(Type.Object(productFields), {
  additionalProperties: false,
  minProperties: 1,
});
export const ProductListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const ProductPage = Type.Object({
  items: Type.Array(ProductSchema),
  nextCursor: Type.Optional(Type.String()),
});
