import { type Static, Type } from 'typebox';
import { CalendarDate, Instant, InstantInRange, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';
import { LocationKey, PartNumber } from './parts.ts';

const Category = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z][a-z0-9_]*$' });
const staffOnly = { description: "the brand's staff only" };

export const DiagnosisBody = Type.Object(
  { partCategory: Category, cause: Category, note: Type.Optional(Text({ maxLength: 5000 })) },
  { additionalProperties: false },
);
export const OpenRepairBody = Type.Object(
  { diagnosis: Type.Optional(DiagnosisBody) },
  { additionalProperties: false },
);
export const ReservePartBody = Type.Object(
  { partNumber: PartNumber, quantity: Type.Integer({ minimum: 1, maximum: 1000 }), location: LocationKey },
  { additionalProperties: false },
);
export const LaborBody = Type.Object(
  {
    operation: Type.String({
      minLength: 1,
      maxLength: 63,
      description: 'an operation of the model’s standard times',
    }),
    minutes: Type.Integer({ minimum: 1, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
export const VisitBody = Type.Object(
  {
    arrivedAt: InstantInRange,
    leftAt: Type.Optional(InstantInRange),
    distanceKm: Type.Integer({
      minimum: 0,
      maximum: 10_000,
      description: 'kilometres travelled for the visit',
    }),
    customerSigned: Type.Boolean(),
    note: Type.Optional(Text({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
const Serial = Text({ minLength: 1, maxLength: 100 });
export const CompletionBody = Type.Object(
  {
    result: Type.Unsafe<'fixed' | 'not_fixed' | 'replaced_unit'>({
      type: 'string',
      enum: ['fixed', 'not_fixed', 'replaced_unit'],
    }),
    note: Type.Optional(Text({ maxLength: 5000 })),
    parts: Type.Array(
      Type.Object(
        { lineId: Uuid, serialOut: Type.Optional(Serial), serialIn: Type.Optional(Serial) },
        { additionalProperties: false },
      ),
      { maxItems: 100, description: 'reserved lines used; lines not named are released' },
    ),
  },
  { additionalProperties: false },
);

export const OperationsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      operation: Type.String(),
      name: Type.String(),
      nameZh: Nullable(Type.String()),
      partCategory: Nullable(Type.String()),
      minutes: Type.Integer({ description: 'the standard time' }),
    }),
  ),
});

export const RepeatSchema = Type.Object({
  ordinal: Type.Integer(),
  raised: Type.Boolean(),
  offerReplacement: Type.Boolean(),
  escalation: Nullable(
    Type.Object({ level: Type.String(), ref: Nullable(Type.String()), rule: Type.Unknown() }),
  ),
  cites: Type.Array(Type.String()),
  explanation: Nullable(Type.Object({ en: Type.String(), zh: Type.String() })),
});

export const RepairSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  caseId: Uuid,
  unit: Type.Object({ id: Uuid, serial: Type.String(), model: Type.String() }),
  servicePartner: Nullable(Type.Object({ key: Type.String(), name: Type.String() })),
  state: Type.String(),
  diagnosis: Nullable(Type.Object({ partCategory: Type.String(), cause: Type.String() })),
  decision: Type.Unknown({ description: 'the entitlement decision the repair runs on' }),
  repeat: Nullable(RepeatSchema),
  parts: Type.Array(
    Type.Object({
      lineId: Uuid,
      partNumber: Type.String(),
      quantity: Type.Integer(),
      location: Type.String(),
      state: Type.String(),
      serialOut: Nullable(Type.String()),
      serialIn: Nullable(Type.String()),
      unitCostMinor: Type.Optional(Type.Integer(staffOnly)),
      unitCost: Type.Optional(Type.String(staffOnly)),
      currency: Type.Optional(Type.String(staffOnly)),
    }),
  ),
  labor: Type.Array(
    Type.Object({
      lineId: Uuid,
      operation: Type.String(),
      standardMinutes: Nullable(Type.Integer()),
      actualMinutes: Type.Integer(),
    }),
  ),
  visits: Type.Array(
    Type.Object({
      id: Uuid,
      arrivedAt: Instant,
      leftAt: Nullable(Instant),
      distanceKm: Type.Integer(),
      customerSigned: Type.Boolean(),
      note: Nullable(Type.String()),
    }),
  ),
  result: Nullable(Type.String()),
  resultNote: Nullable(Type.String()),
  openedAt: Instant,
  completedAt: Nullable(Instant),
});
export type RepairResponse = Static<typeof RepairSchema>;

export const DayRepairSchema = Type.Intersect([
  RepairSchema,
  Type.Object({
    appointments: Type.Array(
      Type.Object({ startsAt: Instant, endsAt: Instant, state: Type.String(), technician: Type.String() }),
      { description: 'the case’s appointments starting that day (booked or done)' },
    ),
    on: Type.Array(Type.String(), {
      description: 'why it is on the day: appointment, opened, visit, completed',
    }),
  }),
]);

export const RepairsOfDaySchema = Type.Object({
  date: CalendarDate,
  zone: Type.String({ description: 'the tenant’s zone the day is counted in' }),
  previous: CalendarDate,
  next: CalendarDate,
  items: Type.Array(DayRepairSchema),
});

export const HistorySchema = Type.Object({
  unit: Type.Object({ id: Uuid, serial: Type.String() }),
  events: Type.Array(
    Type.Object(
      {
        at: Instant,
        kind: Type.String({ description: 'case, return, repair, part_change, visit, maintenance' }),
      },
      { additionalProperties: true },
    ),
  ),
});
export type UnitHistoryResponse = Static<typeof HistorySchema>;
