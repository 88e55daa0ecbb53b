import { Type } from 'typebox';
import { ARTICLE_LANGUAGES, ARTICLE_STATES, ARTICLE_VISIBILITIES } from '../../domain/knowledge/index.ts';
import { Instant, InstantInRange, PageQuery, Text, Uuid } from './common.ts';
import { AttachmentBody, StoredFileSchema } from './portal.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const oneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

export const ArticleLanguageSchema = oneOf(ARTICLE_LANGUAGES, 'en or zh');
export const ArticleStateSchema = oneOf(ARTICLE_STATES, 'draft, review, published, archived');
export const ArticleVisibilitySchema = oneOf(
  ARTICLE_VISIBILITIES,
  'public; product_customers (customers owning a unit of an attached product); partners; internal (staff)',
);

export const ArticleTextSchema = Type.Object(
  {
    title: Text({ minLength: 1, maxLength: 300 }),
    summary: Text({ maxLength: 1000 }),
    body: Text({ maxLength: 200_000, description: 'Markdown; raw HTML is shown as text' }),
  },
  { additionalProperties: false },
);

export const FaultCodeSchema = Type.Object(
  {
    model: Text({ minLength: 1, maxLength: 100, description: 'the product model, e.g. CH-900' }),
    code: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$', description: 'e.g. E12' }),
  },
  { additionalProperties: false },
);

const TreeKey = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,99}$',
  description: 'a troubleshooting tree, e.g. ch900-e12',
});

const articleFields = {
  key: Type.String({
    pattern: '^[a-z0-9][a-z0-9-]{0,99}$',
    description: 'the article’s address, e.g. ch900-e12-high-pressure',
  }),
  visibility: ArticleVisibilitySchema,
  productModels: Type.Optional(
    Type.Array(Text({ minLength: 1, maxLength: 100 }), { maxItems: 50, uniqueItems: true }),
  ),
  partCategories: Type.Optional(
    Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }), { maxItems: 50, uniqueItems: true }),
  ),
  faultCodes: Type.Optional(Type.Array(FaultCodeSchema, { maxItems: 50 })),
  errorMessages: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 300 }), { maxItems: 50 })),
  troubleshootingTreeKey: Type.Optional(Nullable(TreeKey)),
  texts: Type.Object(
    { en: Nullable(ArticleTextSchema), zh: Nullable(ArticleTextSchema) },
    { additionalProperties: false, description: 'each language its own text; null where not written' },
  ),
};

export const CreateArticleBody = Type.Object(articleFields, { additionalProperties: false });
export const UpdateArticleBody = Type.Partial(Type.Object(articleFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const ArticleFileSchema = StoredFileSchema;

export const ArticleSchema = Type.Object({
  id: Uuid,
  key: Type.String(),
  state: ArticleStateSchema,
  visibility: ArticleVisibilitySchema,
  productModels: Type.Array(Type.String()),
  partCategories: Type.Array(Type.String()),
  faultCodes: Type.Array(Type.Object({ model: Type.String(), code: Type.String() })),
  errorMessages: Type.Array(Type.String()),
  troubleshootingTreeKey: Nullable(Type.String()),
  texts: Type.Object({
    en: Nullable(Type.Object({ title: Type.String(), summary: Type.String(), body: Type.String() })),
    zh: Nullable(Type.Object({ title: Type.String(), summary: Type.String(), body: Type.String() })),
  }),
  files: Type.Array(ArticleFileSchema),
  liveVersion: Nullable(Type.Integer()),
  visibleFrom: Nullable(Instant),
  createdAt: Instant,
  updatedAt: Instant,
});

export const VersionSummarySchema = Type.Object({
  version: Type.Integer(),
  publishedAt: Instant,
  publishedBy: Nullable(Type.String()),
  recordedAt: Instant,
});

export const ArticleWithVersionsSchema = Type.Intersect([
  ArticleSchema,
  Type.Object({ versions: Type.Array(VersionSummarySchema) }),
]);

export const ArticlePage = Type.Object({
  items: Type.Array(ArticleSchema),
  nextCursor: Type.Optional(Type.String()),
});
export const ArticleListQuery = Type.Object(
  { ...PageQuery, state: Type.Optional(ArticleStateSchema) },
  { additionalProperties: false },
);

export const ChangeArticleStateBody = Type.Object(
  {
    state: ArticleStateSchema,
    publishAt: Type.Optional(InstantInRange),
  },
  { additionalProperties: false },
);

export const AttachArticleFilesBody = Type.Object(
  { files: Type.Array(AttachmentBody, { minItems: 1, maxItems: 10 }) },
  { additionalProperties: false },
);

export const PublishedArticleSchema = Type.Object({
  id: Uuid,
  key: Type.String(),
  version: Type.Integer(),
  publishedAt: Instant,
  lang: ArticleLanguageSchema,
  missingTranslation: Type.Boolean({
    description: 'the asked-for language is not written; the other is shown',
  }),
  languages: Type.Array(ArticleLanguageSchema),
  title: Type.String(),
  summary: Type.String(),
  html: Type.String({ description: 'the body rendered from Markdown, raw HTML escaped' }),
  productModels: Type.Array(Type.String()),
  partCategories: Type.Array(Type.String()),
  faultCodes: Type.Array(Type.Object({ model: Type.String(), code: Type.String() })),
  errorMessages: Type.Array(Type.String()),
  troubleshootingTreeKey: Nullable(Type.String()),
  files: Type.Array(ArticleFileSchema),
});

export const LangQuery = Type.Object(
  { lang: Type.Optional(ArticleLanguageSchema) },
  { additionalProperties: false },
);

export const SearchQuery = Type.Object(
  {
    q: Text({ minLength: 1, maxLength: 2000 }),
    lang: Type.Optional(ArticleLanguageSchema),
    product: Type.Optional(Text({ minLength: 1, maxLength: 100, description: 'a product model to favour' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

export const SearchHitSchema = Type.Object({
  id: Uuid,
  key: Type.String(),
  lang: ArticleLanguageSchema,
  title: Type.String(),
  summary: Type.String(),
  productModels: Type.Array(Type.String()),
  faultCodes: Type.Array(Type.Object({ model: Type.String(), code: Type.String() })),
  troubleshootingTreeKey: Nullable(Type.String()),
  score: Type.Number(),
});
export const SearchResult = Type.Object({ items: Type.Array(SearchHitSchema) });

export const SimilarCaseSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  description: Type.String(),
  productModel: Nullable(Type.String()),
  partCategory: Nullable(Type.String()),
  cause: Nullable(Type.String()),
  resolvedAt: Instant,
  diagnosis: Nullable(
    Type.Object({
      partCategory: Nullable(Type.String()),
      cause: Nullable(Type.String()),
      result: Nullable(Type.String()),
      note: Nullable(Type.String()),
    }),
  ),
  parts: Type.Array(Type.Object({ partNumber: Type.String(), quantity: Type.Integer() })),
  score: Type.Number(),
});
export const SimilarCasesResult = Type.Object({ items: Type.Array(SimilarCaseSchema) });

export const SynonymsBody = Type.Object(
  {
    groups: Type.Array(Type.Array(Text({ minLength: 1, maxLength: 100 }), { minItems: 2, maxItems: 20 }), {
      maxItems: 500,
    }),
  },
  { additionalProperties: false },
);
export const SynonymsResult = Type.Object({
  groups: Type.Array(Type.Object({ id: Uuid, terms: Type.Array(Type.String()) })),
});

export const PreviewBody = Type.Object(
  { body: Text({ maxLength: 200_000 }), articleId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const PreviewResult = Type.Object({ html: Type.String() });
