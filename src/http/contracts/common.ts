import { Type } from 'typebox';
import { MEDIA_TYPE_PATTERN } from '../../domain/files/index.ts';

export const Uuid = Type.String({ format: 'uuid' });

/** A declared media type: plain `type/subtype`, refused at the door with CR, LF, spaces or parameters. */
export const MediaType = Type.String({ minLength: 3, maxLength: 128, pattern: MEDIA_TYPE_PATTERN });
export const CalendarDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
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
