import { Type } from 'typebox';
import { END_KIND_LABELS, FEEDBACK_SUBJECT_LABELS } from '../../domain/troubleshooting/labels.ts';
import { Instant, Text, Uuid } from './common.ts';

const Bilingual = Type.Object({ en: Type.String(), zh: Type.String() });
const TreeKey = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  description: 'The guide key, e.g. ch900-e12',
});

export const TreeFile = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 300, description: 'File name, used in error messages' }),
    text: Text({ maxLength: 200_000, description: 'The YAML or JSON text of one guide' }),
  },
  { additionalProperties: false },
);
export const ImportTreesBody = Type.Object(
  { files: Type.Array(TreeFile, { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);
export const TreeKeyParams = Type.Object({ key: TreeKey }, { additionalProperties: false });
export const TreeListQuery = Type.Object(
  {
    product: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    faultCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  },
  { additionalProperties: false },
);
export const StartWalkBody = Type.Object(
  {
    tree: TreeKey,
    caseId: Type.Optional(Uuid),
    serial: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const AnswerBody = Type.Object(
  {
    answer: Type.Integer({ minimum: 0, maximum: 50, description: 'The index of the answer chosen' }),
    expectedNode: Type.Optional(
      Type.String({ maxLength: 64, description: 'The node answered; refused with 409 if the walk moved on' }),
    ),
  },
  { additionalProperties: false },
);
const subjects = Object.keys(FEEDBACK_SUBJECT_LABELS);
export const FeedbackBody = Type.Object(
  {
    subject: Type.Unsafe<'article' | 'tree'>({ type: 'string', enum: subjects }),
    key: Type.String({ minLength: 1, maxLength: 200 }),
    helpful: Type.Boolean(),
    walkId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export const SurveyTokenParams = Type.Object(
  { token: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) },
  { additionalProperties: false },
);
export const SurveyAnswerBody = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const SatisfactionQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);

const ends = Object.keys(END_KIND_LABELS);
const NodeSchema = Type.Union([
  Type.Object({
    kind: Type.Literal('question'),
    question: Bilingual,
    help: Type.Optional(Bilingual),
    answers: Type.Array(Type.Object({ label: Bilingual, next: Type.String() })),
  }),
  Type.Object({
    kind: Type.Literal('end'),
    end: Type.Unsafe<'solved' | 'technician' | 'part'>({ type: 'string', enum: ends }),
    text: Bilingual,
    partCategory: Type.Optional(Type.String()),
  }),
]);
export const WalkSchema = Type.Object({
  id: Uuid,
  tree: Type.Object({
    key: Type.String(),
    version: Type.Integer(),
    title: Bilingual,
    faultCode: Type.String(),
    product: Type.String(),
  }),
  channel: Type.String(),
  at: Type.String(),
  node: NodeSchema,
  steps: Type.Array(
    Type.Object({ node: Type.String(), question: Bilingual, answer: Type.Integer(), answerLabel: Bilingual }),
  ),
  outcome: Type.Union([Type.String(), Type.Null()]),
  case: Type.Union([Type.Object({ id: Uuid, number: Type.String() }), Type.Null()]),
  unit: Type.Union([Type.Object({ serial: Type.String() }), Type.Null()]),
  startedAt: Instant,
  endedAt: Type.Union([Instant, Type.Null()]),
});

/** What the web pages read (type-only; the server's use cases make them). */
export interface WalkNode {
  kind: 'question' | 'end';
  question?: { en: string; zh: string };
  help?: { en: string; zh: string };
  answers?: { label: { en: string; zh: string }; next: string }[];
  end?: 'solved' | 'technician' | 'part';
  text?: { en: string; zh: string };
  partCategory?: string;
}
export interface Walk {
  id: string;
  tree: {
    key: string;
    version: number;
    title: { en: string; zh: string };
    faultCode: string;
    product: string;
  };
  channel: string;
  at: string;
  node: WalkNode;
  steps: {
    node: string;
    question: { en: string; zh: string };
    answer: number;
    answerLabel: { en: string; zh: string };
  }[];
  outcome: 'solved' | 'technician' | 'part' | null;
  case: { id: string; number: string } | null;
  unit: { serial: string } | null;
  startedAt: string;
  endedAt: string | null;
}
export interface Survey {
  caseNumber: string;
  product: { en: string; zh: string } | null;
  sentAt: string;
  answered: boolean;
  score: number | null;
  comment: string | null;
  answeredAt: string | null;
}
export interface ScoreGroup {
  id: string | null;
  name: { en: string; zh: string };
  answers: number;
  average: number | null;
}
export interface Satisfaction {
  from: string;
  to: string;
  deflection: {
    solvedWalks: number;
    deflected: number;
    pending: number;
    rate: number | null;
    windowDays: number;
  };
  walks: {
    tree: string;
    title: { en: string; zh: string } | null;
    walks: number;
    solved: number;
    cases: number;
    prevented: number;
  }[];
  articles: {
    key: string;
    title: { en: string; zh: string } | null;
    reads: number;
    prevented: number;
    followed: number;
    pending: number;
  }[];
  csat: {
    answers: number;
    average: number | null;
    byProduct: ScoreGroup[];
    byPartner: ScoreGroup[];
    byAgent: ScoreGroup[];
    recent: {
      caseId: string;
      caseNumber: string;
      score: number;
      comment: string | null;
      answeredAt: string;
    }[];
  };
  helpfulness: {
    subject: string;
    key: string;
    title: { en: string; zh: string } | null;
    helpful: number;
    notHelpful: number;
  }[];
}
export interface TreeSummary {
  key: string;
  version: number;
  product: string;
  faultCode: string;
  title: { en: string; zh: string };
}
