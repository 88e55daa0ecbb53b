import { Type } from 'typebox';
import { Text } from './common.ts';

/** One message from a unit: an instant and the values measured then, with the alarm codes active. */
export const ReadingMessageSchema = Type.Object(
  {
    at: Type.String({ format: 'date-time', description: 'When the unit measured (its clock)' }),
    values: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), Type.Number(), {
      maxProperties: 64,
      description: 'Metric key → value, in the units of the product’s telemetry model',
    }),
    alarms: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }), { maxItems: 32 })),
  },
  { additionalProperties: false },
);

/** A gateway's batch: messages of one or more units (at most 2,000 messages in all). */
export const ReadingBatchBody = Type.Object(
  {
    units: Type.Array(
      Type.Object(
        {
          serial: Text({ minLength: 1, maxLength: 100 }),
          messages: Type.Array(ReadingMessageSchema, { minItems: 1, maxItems: 2000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const IngestAnswer = Type.Object({
  messages: Type.Integer(),
  stored: Type.Integer(),
  readings: Type.Integer(),
  refused: Type.Record(Type.String(), Type.Integer()),
  refusals: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String(), detail: Type.String() })),
  rules: Type.Array(
    Type.Object({
      rule: Type.String(),
      action: Type.String(),
      caseId: Type.String(),
      caseNumber: Type.String(),
      serial: Type.String(),
    }),
  ),
  maintenanceDue: Type.Array(Type.String()),
});

export const UnitTelemetryQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    metric: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 16 })),
    step: Type.Optional(Type.Union([Type.Literal('hour'), Type.Literal('day')])),
  },
  { additionalProperties: false },
);

export const AttachWindowBody = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    metrics: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 16 })),
    note: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
