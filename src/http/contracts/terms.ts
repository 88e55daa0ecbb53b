import { Type } from 'typebox';
import { AGREEMENT_KIND_LABELS } from '../../domain/terms/labels.ts';
import { Base64, CalendarDate, Instant, Text, Uuid } from './common.ts';

/** A JSON object passed through as it is (agreement content, decisions, reports): see README "Service terms". */
export const OpenObject = Type.Unsafe<object>({ type: 'object', additionalProperties: true });

const AgreementKey = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  description: 'The agreement id, e.g. acme-chiller-b2b-cn',
});

export const TermsFile = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 300, description: 'File name, used in error messages' }),
    text: Text({ maxLength: 200_000, description: 'The YAML or JSON text' }),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Object(
  { files: Type.Array(TermsFile, { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);

export const ImportedSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  versionId: Uuid,
  title: Type.String(),
  sha256: Type.String(),
  effectiveFrom: Type.String(),
  created: Type.Boolean(),
});

export const VersionSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  versionId: Uuid,
  supersedes: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  title: Type.String(),
  provider: Type.String(),
  recipient: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: Type.Union([Type.String(), Type.Null()]),
  sourceName: Type.String(),
  sha256: Type.String(),
  importedAt: Instant,
});

export const VersionDetailSchema = Type.Intersect([VersionSchema, Type.Object({ content: OpenObject })]);

export const AgreementSummarySchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  provider: Type.String(),
  recipient: Type.String(),
  providerName: Type.Union([Type.String(), Type.Null()], { description: 'the provider’s name' }),
  recipientName: Type.Union([Type.String(), Type.Null()], {
    description: 'the recipient’s name; null when the recipient is a group, not a party',
  }),
  latestVersion: Type.Integer(),
  versions: Type.Array(VersionSchema),
});

export const AgreementParams = Type.Object({ id: AgreementKey });
export const VersionParams = Type.Object({ id: AgreementKey, version: Type.Integer({ minimum: 1 }) });
export const ShowQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export const DiffQuery = Type.Object(
  { from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const ListQuery = Type.Object(
  {
    kind: Type.Optional(
      Type.Union(
        ['warranty', 'service_contract', 'service_partner', 'distribution', 'supply'].map((k) =>
          Type.Literal(k),
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

const DateText = CalendarDate;
const Name = Type.String({ maxLength: 63, pattern: '^[a-z][a-z0-9_]*$' });

/** A claim in the claims format (examples/claims); a unit given by `serial` alone is read from the database. */
export const DecideBody = Type.Object(
  {
    unit: Type.Object(
      {
        serial: Text({ minLength: 1, maxLength: 100 }),
        product: Type.Optional(Text({ minLength: 1, maxLength: 63 })),
        territory: Type.Optional(Type.String({ pattern: '^[A-Z]{2}(-[A-Z0-9]{1,3})?$' })),
        sold_at: Type.Optional(DateText),
        delivered_at: Type.Optional(DateText),
        installed_at: Type.Optional(DateText),
        registered_at: Type.Optional(DateText),
        maintained_at: Type.Optional(Type.Array(DateText, { maxItems: 1000 })),
        owner: Type.Optional(Text({ maxLength: 63 })),
        parts: Type.Optional(
          Type.Array(
            Type.Object(
              {
                part_category: Name,
                part: Type.Optional(Text({ maxLength: 100 })),
                serial: Type.Optional(Text({ maxLength: 100 })),
                supplied_by: Type.Optional(Text({ maxLength: 63 })),
                delivered_at: Type.Optional(DateText),
              },
              { additionalProperties: false },
            ),
            { maxItems: 1000 },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    failure: Type.Object(
      {
        reported_at: Type.String({
          format: 'date-time',
          pattern: '^(199\\d|20\\d\\d|2100)-',
          description: 'With its offset; its calendar date as written is the date of the event',
        }),
        part_category: Name,
        cause: Name,
        previous_repairs: Type.Optional(Type.Integer({ minimum: 0 })),
        distance_km: Type.Optional(Type.Number({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
    account: Type.Optional(
      Type.Object(
        {
          payment_overdue_days: Type.Optional(Type.Integer({ minimum: 0 })),
          conditions: Type.Optional(Type.Array(Name, { maxItems: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    expected: Type.Optional(OpenObject),
  },
  { additionalProperties: false },
);

const Format = Type.Union([Type.Literal('json'), Type.Literal('text'), Type.Literal('html')]);
const Lang = Type.Union([Type.Literal('en'), Type.Literal('zh')]);

export const CheckBody = Type.Object(
  {
    files: Type.Optional(Type.Array(TermsFile, { maxItems: 100 })),
    format: Type.Optional(Format),
    lang: Type.Optional(Lang),
  },
  { additionalProperties: false },
);
export const CheckQuery = Type.Object(
  { format: Type.Optional(Format), lang: Type.Optional(Lang) },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object(
  {
    files: Type.Optional(Type.Array(TermsFile, { maxItems: 100 })),
    data: Type.Optional(
      Text({
        maxLength: 200_000,
        description: 'Review data (YAML): names, installed base, part costs, rates, assumptions',
      }),
    ),
    output: Type.Optional(
      Type.Union([
        Type.Literal('json'),
        Type.Literal('summary'),
        Type.Literal('markup_html'),
        Type.Literal('markup_docx'),
        Type.Literal('cautions'),
        Type.Literal('triggers'),
      ]),
    ),
    lang: Type.Optional(Lang),
  },
  { additionalProperties: false },
);

/** The tenant's review data: a YAML text, or the same as an object. */
export const ReviewDataBody = Type.Object(
  {
    data: Type.Union([
      Text({ maxLength: 200_000, description: 'Review data as YAML text' }),
      Type.Object(
        {
          currency: Type.Optional(Type.String({ maxLength: 3 })),
          parties: Type.Optional(OpenObject),
          calendars: Type.Optional(OpenObject),
          products: Type.Optional(OpenObject),
          parts: Type.Optional(Type.Array(OpenObject, { maxItems: 5000 })),
          rates: Type.Optional(OpenObject),
          assumptions: Type.Optional(OpenObject),
        },
        { additionalProperties: false },
      ),
    ]),
    revision: Type.Optional(
      Type.Integer({ minimum: 0, description: 'The revision read; refused (409) when changed meanwhile' }),
    ),
  },
  { additionalProperties: false },
);

export const ReviewDataSchema = Type.Object({
  data: OpenObject,
  revision: Type.Integer(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  effective: OpenObject,
});

export const AcceptMarkupBody = Type.Object(
  {
    agreements: Type.Optional(
      Type.Array(AgreementKey, {
        maxItems: 100,
        description: 'The agreements whose proposed next version to accept; all when left out',
      }),
    ),
    effectiveFrom: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);

export const ReadDraftBody = Type.Object(
  {
    name: Text({
      minLength: 1,
      maxLength: 300,
      description: 'File name: .docx is read as Word, else as text',
    }),
    contentBase64: Base64({ maxLength: 14_000_000, description: 'The file (at most 10 MB)' }),
  },
  { additionalProperties: false },
);

const ConfirmedValue = Type.Object(
  {
    field: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[a-z_*]+(\\[[A-Za-z0-9_-]+\\])?(\\.[a-z_*]+(\\[[A-Za-z0-9_-]+\\])?)*$',
      description: 'Where the value goes, e.g. service_levels.targets.critical.onsite',
    }),
    value: Text({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

export const ConfirmDraftBody = Type.Object(
  {
    agreement: Type.Optional(AgreementKey),
    header: Type.Optional(
      Type.Object(
        {
          id: AgreementKey,
          kind: Type.Union(Object.keys(AGREEMENT_KIND_LABELS).map((k) => Type.Literal(k))),
          title: Text({ minLength: 1, maxLength: 300 }),
          provider: Type.String({ minLength: 1, maxLength: 100 }),
          recipient: Type.String({ minLength: 1, maxLength: 100 }),
          currency: Type.Optional(Type.String({ maxLength: 3 })),
          products: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
        },
        { additionalProperties: false },
      ),
    ),
    effectiveFrom: Type.Optional(CalendarDate),
    clauses: Type.Array(
      Type.Object(
        {
          ref: Type.String({ maxLength: 40 }),
          text: Type.Optional(Text({ maxLength: 20_000 })),
          values: Type.Array(ConfirmedValue, { maxItems: 50 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 300 },
    ),
    store: Type.Optional(Type.Boolean({ description: 'Import it as a version (else only answered)' })),
  },
  { additionalProperties: false },
);
