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
  repeated: Type.Integer({ description: 'accepted messages stored before (sent again): nothing added' }),
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

const Key = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
const Words = Type.Object(
  { en: Text({ minLength: 1, maxLength: 200 }), zh: Text({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false, description: 'what a person reads, in English and Chinese' },
);
const SeverityWord = Type.Union(
  [Type.Literal('critical'), Type.Literal('high'), Type.Literal('normal'), Type.Literal('low')],
  { description: 'critical, high, normal or low' },
);
const ruleBase = {
  key: Key,
  name: Words,
  severity: SeverityWord,
  partCategory: Type.Union([Type.String({ maxLength: 63 }), Type.Null()], {
    description: 'the part the rule suspects (one of the product’s part categories), or null',
  }),
  cause: Type.String({ maxLength: 63, description: 'the cause presumed until a diagnosis' }),
};

/** A product's telemetry model, as `PUT /products/{model}/telemetry-model` takes and gives it. */
export const TelemetryModelSchema = Type.Object(
  {
    metrics: Type.Array(
      Type.Object(
        {
          key: Key,
          name: Words,
          unit: Text({ maxLength: 16 }),
          min: Type.Number(),
          max: Type.Number(),
          normal: Type.Object({ low: Type.Number(), high: Type.Number() }, { additionalProperties: false }),
          counter: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 64 },
    ),
    alarms: Type.Array(
      Type.Object(
        {
          code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }),
          meaning: Words,
          partCategory: Type.String({ maxLength: 63 }),
          severity: SeverityWord,
          article: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
    rules: Type.Array(
      Type.Union([
        Type.Object(
          {
            kind: Type.Literal('threshold'),
            ...ruleBase,
            metric: Key,
            above: Type.Optional(Type.Number()),
            below: Type.Optional(Type.Number()),
            sustainedSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 604_800 })),
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            kind: Type.Literal('rate'),
            ...ruleBase,
            metric: Key,
            perHour: Type.Number(),
            windowSeconds: Type.Optional(
              Type.Integer({
                minimum: 60,
                maximum: 86_400,
                description:
                  'compare with the average of the readings in this many seconds before; without it, with the clock hour before',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            kind: Type.Literal('heartbeat'),
            ...ruleBase,
            silentSeconds: Type.Integer({ minimum: 60, maximum: 2_592_000 }),
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            kind: Type.Literal('alarm'),
            ...ruleBase,
            codes: Type.Optional(
              Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }), { maxItems: 500 }),
            ),
          },
          { additionalProperties: false },
        ),
      ]),
      { maxItems: 200 },
    ),
    maintenance: Type.Optional(
      Type.Object(
        {
          runHoursMetric: Key,
          everyRunHours: Type.Integer({ minimum: 1 }),
          everyMonths: Type.Integer({ minimum: 1, maximum: 120 }),
          ref: Type.Optional(Type.String({ maxLength: 32 })),
        },
        { additionalProperties: false },
      ),
    ),
    dampSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
  },
  { additionalProperties: false },
);

export const ProductModelParams = Type.Object({ model: Text({ minLength: 1, maxLength: 63 }) });
