import { Type } from 'typebox';
import { MEDIA_TYPE_PATTERN } from '../../domain/files/index.ts';

export const Uuid = Type.String({ format: 'uuid' });

/**
 * Text a person wrote: bounded, and without NUL or lone UTF-16 surrogates (which PostgreSQL
 * cannot store, or which are not text at all). The JSON parser refuses them anywhere in a body
 * too (json-body.ts); this says so in the contract and covers every other place text arrives.
 */
export function Text(options: { minLength?: number; maxLength: number; description?: string }) {
  return Type.String({ ...options, pattern: '^[^\\u0000\\ud800-\\udfff]*$' });
}

/** Codes of units of account and test codes, not money anyone pays in. */
const NOT_MONEY = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);
/** ISO 4217 codes of currencies in use, as the runtime's ICU data knows them. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency').filter(
  (c) => !NOT_MONEY.has(c),
);
export const Currency = Type.Unsafe<string>({
  type: 'string',
  enum: [...CURRENCIES],
  description: 'An ISO 4217 currency in use, e.g. CNY',
});

/** Dates people enter for service work fall between these years: a typo like 9999 is refused. */
export const EARLIEST_YEAR = 1990;
export const LATEST_YEAR = 2100;
const SANE_YEAR = '^(199\\d|20\\d\\d|2100)-';
export const CalendarDate = Type.String({
  format: 'date',
  pattern: SANE_YEAR,
  description: `A calendar date, YYYY-MM-DD, in ${EARLIEST_YEAR}..${LATEST_YEAR}`,
});
export const DateInRange = CalendarDate;
export const InstantInRange = Type.String({
  format: 'date-time',
  pattern: SANE_YEAR,
  description: `An ISO 8601 time in ${EARLIEST_YEAR}..${LATEST_YEAR}`,
});

/** File content as standard base64 (checked by the `base64` format in validation.ts). */
export function Base64(options: { maxLength: number; description?: string }) {
  return Type.String({ ...options, minLength: 4, format: 'base64' });
}

/** A declared media type: plain `type/subtype`, refused at the door with CR, LF, spaces or parameters. */
export const MediaType = Type.String({ minLength: 3, maxLength: 128, pattern: MEDIA_TYPE_PATTERN });
/** Serialized as an ISO 8601 string; handlers may hand over a Date. */
export const Instant = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const IdParams = Type.Object({ id: Uuid });

export const FieldProblemSchema = Type.Object({
  path: Type.String(),
  message: Type.String(),
  allowed: Type.Optional(Type.Array(Type.String(), { description: 'The values the field may take' })),
});

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    detail: Type.Optional(Type.String()),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(FieldProblemSchema)),
    moreErrors: Type.Optional(Type.Integer({ description: 'problems beyond those listed in errors' })),
  },
  { description: 'RFC 9457 problem details, with a stable `code`' },
);

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 2000 })),
};

export const PartyRefSchema = Type.Object({ id: Uuid, key: Type.String(), name: Type.String() });

/** Problem replies every authenticated route may give. */
export const STANDARD_PROBLEMS = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};
