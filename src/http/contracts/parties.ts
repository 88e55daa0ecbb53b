import { Type } from 'typebox';
import { PARTY_KEY_PATTERN, PARTY_ROLES, type PartyRole } from '../../domain/party/index.ts';
import { Instant, PageQuery, Text, Uuid } from './common.ts';

export const PartyRoleSchema = Type.Unsafe<PartyRole>({ type: 'string', enum: [...PARTY_ROLES] });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PartySchema = Type.Object({
  id: Uuid,
  key: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  roles: Type.Array(PartyRoleSchema),
  country: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});

const partyFields = {
  key: Type.String({
    pattern: PARTY_KEY_PATTERN,
    description: 'Stable id used by terms files, e.g. fixit-shanghai',
  }),
  name: Text({ minLength: 1, maxLength: 300 }),
  nameZh: Type.Optional(Nullable(Text({ maxLength: 300 }))),
  roles: Type.Array(PartyRoleSchema, { minItems: 1, uniqueItems: true }),
  country: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z]{2}$' }))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
  phone: Type.Optional(Nullable(Text({ maxLength: 50 }))),
};

export const CreatePartyBody = Type.Object(partyFields, { additionalProperties: false });
export const UpdatePartyBody = Type.Partial(Type.Object(partyFields), {
  additionalProperties: false,
  minProperties: 1,
});
export const PartyListQuery = Type.Object(
  { role: Type.Optional(PartyRoleSchema), ...PageQuery },
  { additionalProperties: false },
);
export const PartyPage = Type.Object({
  items: Type.Array(PartySchema),
  nextCursor: Type.Optional(Type.String()),
});
export { Nullable };
