import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  changePassword,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  signIn,
  signOut,
} from '../../app/auth/index.ts';
import type { AppDeps } from '../../app/context.ts';
import { showParty } from '../../app/party/index.ts';
import { showUser } from '../../app/user/index.ts';
import { actorOf, SESSION_COOKIE, setSessionCookie } from '../auth.ts';
import {
  ApiTokenSchema,
  ChangePasswordBody,
  CreatedTokenReply,
  CreateTokenBody,
  MeReply,
  SignInBody,
  SignInReply,
} from '../contracts/auth.ts';
import { IdParams, ProblemSchema, STANDARD_PROBLEMS } from '../contracts/common.ts';

export function authRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/auth/sign-in',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail and password; sets the session cookie',
          security: [],
          body: SignInBody,
          response: { 200: SignInReply, 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema },
        },
      },
      async (request, reply) => {
        const result = await signIn(deps, { ...request.body, client: request.ip });
        setSessionCookie(request, reply, result);
        return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt };
      },
    );

    app.post(
      '/auth/sign-out',
      {
        config: { public: true },
        schema: { tags: ['auth'], summary: 'End the session', response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await signOut(deps, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'Who is signed in',
          response: { 200: MeReply, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const [user, party] = await Promise.all([
          showUser(deps, actor, actor.userId),
          showParty(deps, actor, actor.partyId),
        ]);
        return {
          user: {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            partyId: user.partyId,
            locale: user.locale,
          },
          party: {
            id: party.id,
            key: party.key,
            name: party.name,
            nameZh: party.nameZh,
            home: actor.homeParty,
          },
          authenticatedBy: actor.authenticatedBy,
          csrfToken: request.csrfToken,
        };
      },
    );

    app.post(
      '/me/password',
      {
        schema: {
          tags: ['auth'],
          summary:
            'Change your password: ends your sessions and revokes your API tokens, except those in keepTokens',
          body: ChangePasswordBody,
          response: { 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        await changePassword(deps, actorOf(request), request.body);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Your API tokens',
          response: { 200: Type.Object({ items: Type.Array(ApiTokenSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listApiTokens(deps, actorOf(request)) }),
    );

    app.post(
      '/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an API token acting as you; the token is shown once',
          body: CreateTokenBody,
          response: { 201: CreatedTokenReply, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createApiToken(deps, actorOf(request), request.body.name)),
    );

    app.delete(
      '/tokens/:id',
      {
        schema: {
          tags: ['auth'],
          summary: 'Revoke one of your API tokens',
          params: IdParams,
          response: { 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        await revokeApiToken(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
