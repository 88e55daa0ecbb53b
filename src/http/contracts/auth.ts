import { Type } from 'typebox';
import { USER_ROLES, type UserRole } from '../../domain/party/index.ts';
import { Instant, Uuid } from './common.ts';

export const UserRoleSchema = Type.Unsafe<UserRole>({ type: 'string', enum: [...USER_ROLES] });
export const LocaleSchema = Type.Union([Type.Literal('en'), Type.Literal('zh')]);

export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const SessionUser = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: UserRoleSchema,
  partyId: Uuid,
  locale: LocaleSchema,
});

export const SignInReply = Type.Object({
  user: SessionUser,
  csrfToken: Type.String({ description: 'Send as x-csrf-token on every write made with the session cookie' }),
  expiresAt: Instant,
});

export const MeReply = Type.Object({
  user: SessionUser,
  party: Type.Object({
    id: Uuid,
    key: Type.String(),
    name: Type.String(),
    nameZh: Type.Union([Type.String(), Type.Null()]),
    home: Type.Boolean({
      description: 'the party runs the tenant (the brand): its staff see the whole tenant',
    }),
  }),
  authenticatedBy: Type.String(),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ maxLength: 1024 }),
    newPassword: Type.String({ maxLength: 1024 }),
    keepTokens: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), {
        maxItems: 100,
        description: 'Ids of your API tokens that keep working; every other one is revoked',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CreateTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const ApiTokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: Instant,
  lastUsedAt: Type.Union([Instant, Type.Null()]),
  revokedAt: Type.Union([Instant, Type.Null()]),
});

export const CreatedTokenReply = Type.Object({
  id: Uuid,
  name: Type.String(),
  token: Type.String({ description: 'Shown once; only its hash is kept' }),
  createdAt: Instant,
});
