import { Type } from 'typebox';
import { LocaleSchema, UserRoleSchema } from './auth.ts';
import { Instant, PageQuery, Text, Uuid } from './common.ts';

export const UserSchema = Type.Object({
  id: Uuid,
  partyId: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: UserRoleSchema,
  locale: LocaleSchema,
  disabled: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});

export const CreateUserBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    name: Text({ minLength: 1, maxLength: 200 }),
    role: UserRoleSchema,
    party: Type.String({ description: 'The key of the party the person belongs to' }),
    password: Text({ minLength: 10, maxLength: 1024 }),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Text({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(UserRoleSchema),
    locale: Type.Optional(LocaleSchema),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Text({ minLength: 10, maxLength: 1024 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const UserPage = Type.Object({
  items: Type.Array(UserSchema),
  nextCursor: Type.Optional(Type.String()),
});
