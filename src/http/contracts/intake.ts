import { Type } from 'typebox';
import { ClockSchema } from './cases.ts';
import { PartyRefSchema, Uuid } from './common.ts';
import { Nullable } from './parties.ts';

export const CustomerMatchSchema = Type.Object({
  id: Uuid,
  key: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  units: Type.Integer({ description: 'units of this customer the caller may open cases for' }),
});

export const UnitMatchSchema = Type.Object({
  id: Uuid,
  serial: Type.String(),
  product: Type.Object({ model: Type.String(), name: Type.String(), nameZh: Nullable(Type.String()) }),
  partCategories: Type.Array(Type.String()),
  owner: PartyRefSchema,
  soldOn: Nullable(Type.String()),
  installedOn: Nullable(Type.String()),
});

export const OpeningPreviewSchema = Type.Object({
  customer: PartyRefSchema,
  unit: Nullable(
    Type.Object({
      id: Uuid,
      serial: Type.String(),
      product: Type.Object({ model: Type.String(), name: Type.String() }),
    }),
  ),
  agreement: Nullable(
    Type.Object({
      id: Type.String(),
      version: Type.Integer(),
      title: Nullable(Type.String()),
      defaultLevels: Type.Boolean({
        description: "the tenant's default service levels (a case without a unit)",
      }),
    }),
  ),
  decision: Type.Unknown({ description: 'the entitlement decision, when a failure is named' }),
  clocks: Type.Array(ClockSchema),
  intake: Nullable(
    Type.Object({
      duty: Type.String(),
      agreement: Type.Object({ id: Type.String(), version: Type.Integer() }),
      ref: Nullable(Type.String()),
    }),
  ),
});

const Counts = Type.Record(Type.String(), Type.Integer());
export const QueueCountsSchema = Type.Object({
  cap: Type.Integer({ description: 'counts are exact up to cap; cap + 1 means more' }),
  open: Type.Integer(),
  mine: Type.Integer(),
  unassigned: Type.Integer(),
  breached: Type.Integer(),
  byState: Counts,
  bySeverity: Counts,
});

export const BulkOutcomeSchema = Type.Object({
  id: Uuid,
  done: Type.Boolean(),
  number: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()),
  problem: Type.Optional(
    Type.Object({ code: Type.String(), message: Type.Object({ en: Type.String(), zh: Type.String() }) }),
  ),
});
