import { type Static, Type } from 'typebox';
import { COST_KINDS, type CostKind } from '../../domain/ledger/index.ts';
import { CalendarDate, Currency, Instant, PartyRefSchema, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';

export const CostKindEnum = Type.Unsafe<CostKind>({ type: 'string', enum: [...COST_KINDS] });

export const CostLineSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  amountMinor: Type.Integer({ description: 'integer minor units (fen for CNY)' }),
  amount: Type.String({ description: 'the same amount as exact decimal text' }),
  currency: Type.String(),
  case: Nullable(Type.Object({ id: Uuid, number: Type.String() })),
  source: Type.Object({ type: Type.String(), id: Nullable(Type.String()) }),
  bearer: PartyRefSchema,
  payee: Nullable(PartyRefSchema),
  ref: Nullable(Type.String()),
  agreement: Nullable(Type.Object({ id: Type.String(), version: Type.Integer() })),
  description: Type.String(),
  occurredOn: Type.String(),
  reversesLineId: Nullable(Uuid),
  createdAt: Instant,
});
export type CostLineResponse = Static<typeof CostLineSchema>;

export const CostLineBody = Type.Object(
  {
    caseId: Uuid,
    kind: CostKindEnum,
    amount: Type.String({
      pattern: '^-?\\d{1,12}(\\.\\d{1,3})?$',
      description: 'decimal text, e.g. "120.00"',
    }),
    currency: Currency,
    bearer: Text({ minLength: 1, maxLength: 63, description: 'party key' }),
    payee: Type.Optional(Text({ minLength: 1, maxLength: 63 })),
    ref: Type.Optional(Text({ minLength: 1, maxLength: 63 })),
    description: Text({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

const Totals = Type.Object({
  currency: Type.String(),
  kind: Type.String(),
  amountMinor: Type.Integer(),
  lines: Type.Integer(),
});
const Counterparty = Type.Object({
  party: Type.String(),
  currency: Type.String(),
  amountMinor: Type.Integer(),
  lines: Type.Integer(),
});

export const StatementQuery = Type.Object(
  {
    party: Text({ minLength: 1, maxLength: 63 }),
    from: CalendarDate,
    to: CalendarDate,
    format: Type.Optional(Type.Unsafe<'json' | 'csv'>({ type: 'string', enum: ['json', 'csv'] })),
  },
  { additionalProperties: false },
);

export const StatementSchema = Type.Object({
  party: Type.String(),
  from: Type.String(),
  to: Type.String(),
  bore: Type.Array(Totals),
  owedBy: Type.Array(Counterparty),
  owesTo: Type.Array(Counterparty),
  lines: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      amountMinor: Type.Integer(),
      currency: Type.String(),
      caseNumber: Nullable(Type.String()),
      bearer: Type.String(),
      payee: Nullable(Type.String()),
      ref: Nullable(Type.String()),
      description: Type.String(),
      occurredOn: Type.String(),
    }),
  ),
});
export type StatementResponse = Static<typeof StatementSchema>;

export const CostByMonthQuery = Type.Object(
  { party: Text({ minLength: 1, maxLength: 63 }), from: CalendarDate, to: CalendarDate },
  { additionalProperties: false },
);

export const CostByMonthSchema = Type.Object({
  party: Type.String(),
  from: Type.String(),
  to: Type.String(),
  items: Type.Array(
    Type.Object({
      month: Type.String({ description: 'YYYY-MM' }),
      model: Nullable(Type.String({ description: 'the product model of the case’s unit; null without one' })),
      currency: Type.String(),
      amountMinor: Type.Integer({ description: 'net: credits count against it' }),
      lines: Type.Integer(),
    }),
  ),
});
