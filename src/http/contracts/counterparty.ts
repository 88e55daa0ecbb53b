import { type Static, Type } from 'typebox';
import { CalendarDate, Text, Uuid } from './common.ts';

/** Contracts of issue 16's escalation ladders and supplier/partner reviews. */

const Label = Type.Object({ en: Type.String(), zh: Type.String() });
const CounterpartyRef = Type.Object({
  id: Uuid,
  key: Type.String(),
  name: Type.String(),
  nameZh: Type.Union([Type.String(), Type.Null()]),
});
const AgreementRef = Type.Object({ id: Type.String(), version: Type.Integer(), title: Type.String() });

export const LADDER_LEVEL_VALUES = ['service_manager', 'management', 'legal'] as const;
export const LadderLevelSchema = Type.Unsafe<(typeof LADDER_LEVEL_VALUES)[number]>({
  type: 'string',
  enum: [...LADDER_LEVEL_VALUES],
});
const Side = Type.Unsafe<'supplier' | 'partner'>({ type: 'string', enum: ['supplier', 'partner'] });

export const PartyKeyParams = Type.Object({
  party: Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]*$' }),
});

const LadderContactSchema = Type.Object({
  level: LadderLevelSchema,
  name: Type.String(),
  title: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  languages: Type.Array(Type.String()),
});
export const LadderContactBody = Type.Object(
  {
    level: LadderLevelSchema,
    name: Text({ minLength: 1, maxLength: 200 }),
    title: Text({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[+0-9 ()-]+$' })),
    languages: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1, e.g. zh' }), { maxItems: 10 }),
    ),
  },
  { additionalProperties: false },
);
export const SetLadderBody = Type.Object(
  { contacts: Type.Array(LadderContactBody, { maxItems: 30 }) },
  { additionalProperties: false },
);

const TriggerSchema = Type.Object({
  level: LadderLevelSchema,
  on: Type.String(),
  mayBeginWhen: Label,
  agreement: Type.String(),
  ref: Type.Union([Type.String(), Type.Null()]),
  finding: Type.Union([Label, Type.Null()]),
});

export const LadderSchema = Type.Object({
  party: CounterpartyRef,
  side: Side,
  sideName: Label,
  agreement: AgreementRef,
  levels: Type.Array(
    Type.Object({
      level: LadderLevelSchema,
      levelName: Label,
      contacts: Type.Array(LadderContactSchema),
      trigger: TriggerSchema,
    }),
  ),
});
export type LadderView = Static<typeof LadderSchema>;

export const StandingSchema = Type.Object({
  party: CounterpartyRef,
  side: Side,
  agreement: AgreementRef,
  facts: Type.Object({
    requests: Type.Integer(),
    missed: Type.Integer(),
    noticesSent: Type.Integer(),
    cureExpired: Type.Array(Type.Object({ number: Type.String(), at: Type.String() })),
    matters: Type.Integer(),
  }),
  reached: Type.Union([LadderLevelSchema, Type.Null()]),
  reachedName: Type.Union([Label, Type.Null()]),
  reachedBecause: Label,
  next: Type.Union([LadderLevelSchema, Type.Null()]),
  nextName: Type.Union([Label, Type.Null()]),
  nextMayBegin: Type.Boolean(),
  because: Label,
  trigger: Type.Union([TriggerSchema, Type.Null()]),
  contactsNext: Type.Array(LadderContactSchema),
});
export type StandingView = Static<typeof StandingSchema>;

export const CounterpartyListSchema = Type.Object({
  items: Type.Array(Type.Object({ ...CounterpartyRef.properties, side: Side })),
});
export type CounterpartyListView = Static<typeof CounterpartyListSchema>;

const Period = Type.Object({ from: Type.String(), to: Type.String() });
const Quarter = Type.String({ pattern: '^\\d{4}-?Q[1-4]$', description: 'a quarter such as 2026Q4' });
export const ScorecardQuery = Type.Object(
  { quarter: Type.Optional(Quarter), from: Type.Optional(CalendarDate), to: Type.Optional(CalendarDate) },
  { additionalProperties: false },
);
const Figures = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]));
const FigureRow = Type.Object({
  key: Type.String(),
  label: Label,
  money: Type.Boolean(),
  current: Type.Union([Type.Number(), Type.Null()]),
  previous: Type.Union([Type.Number(), Type.Null()]),
  change: Type.Union([Type.Number(), Type.Null()]),
  trend: Type.String(),
  currentText: Type.Union([Type.String(), Type.Null()]),
  previousText: Type.Union([Type.String(), Type.Null()]),
  changeText: Type.Union([Type.String(), Type.Null()]),
});
const FailuresByPart = Type.Array(
  Type.Object({
    partNumber: Type.String(),
    partCategory: Type.String(),
    failures: Type.Integer(),
    cases: Type.Array(Type.String()),
  }),
);
export const ScorecardSchema = Type.Object({
  party: CounterpartyRef,
  side: Side,
  agreement: AgreementRef,
  period: Period,
  previousPeriod: Period,
  currency: Type.String(),
  figures: Figures,
  previousFigures: Figures,
  failuresByPart: FailuresByPart,
  rows: Type.Array(FigureRow),
});
export type ScorecardView = Static<typeof ScorecardSchema>;

const FollowUpBody = Type.Object(
  {
    id: Type.Optional(Uuid),
    text: Text({ minLength: 1, maxLength: 2000 }),
    owner: Text({ minLength: 1, maxLength: 200 }),
    dueOn: CalendarDate,
    done: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const SaveReviewBody = Type.Object(
  {
    party: PartyKeyParams.properties.party,
    quarter: Type.Optional(Quarter),
    from: Type.Optional(CalendarDate),
    to: Type.Optional(CalendarDate),
    notes: Type.Optional(Text({ maxLength: 20_000 })),
    followUps: Type.Optional(Type.Array(FollowUpBody, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export const UpdateReviewBody = Type.Object(
  {
    notes: Type.Optional(Text({ maxLength: 20_000 })),
    followUps: Type.Optional(Type.Array(FollowUpBody, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export const ReviewListQuery = Type.Object(
  { party: PartyKeyParams.properties.party },
  { additionalProperties: false },
);

export const ReviewSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  party: CounterpartyRef,
  side: Side,
  sideName: Label,
  agreement: Type.Union([Type.String(), Type.Null()]),
  period: Period,
  previousPeriod: Period,
  previousReview: Type.Union([Type.Object({ id: Uuid, number: Type.String() }), Type.Null()]),
  currency: Type.String(),
  figures: Figures,
  previousFigures: Figures,
  failuresByPart: FailuresByPart,
  rows: Type.Array(FigureRow),
  notes: Type.String(),
  followUps: Type.Array(
    Type.Object({
      id: Uuid,
      text: Type.String(),
      owner: Type.String(),
      dueOn: Type.String(),
      done: Type.Boolean(),
    }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ReviewView = Static<typeof ReviewSchema>;
