import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/context.ts';
import { DEFAULT_PAGE_SIZE } from '../../app/pagination.ts';
import { createUser, listUsers, showUser, updateUser } from '../../app/user/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import { CreateUserBody, UpdateUserBody, UserListQuery, UserPage, UserSchema } from '../contracts/users.ts';

export function userRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['users'];
    app.get(
      '/users',
      {
        schema: {
          tags,
          summary: 'Users of the tenant (home party staff)',
          querystring: UserListQuery,
          response: { 200: UserPage, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listUsers(deps, actorOf(request), {
          limit: request.query.limit ?? DEFAULT_PAGE_SIZE,
          cursor: request.query.cursor,
        }),
    );
    app.post(
      '/users',
      {
        schema: {
          tags,
          summary: 'Create a user (admin)',
          body: CreateUserBody,
          response: { 201: UserSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createUser(deps, actorOf(request), request.body)),
    );
    app.get(
      '/users/:id',
      {
        schema: {
          tags,
          summary: 'One user',
          params: IdParams,
          response: { 200: UserSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showUser(deps, actorOf(request), request.params.id),
    );
    app.patch(
      '/users/:id',
      {
        schema: {
          tags,
          summary: 'Change a user (admin); disabling or a new password ends their sessions',
          params: IdParams,
          body: UpdateUserBody,
          response: { 200: UserSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateUser(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
