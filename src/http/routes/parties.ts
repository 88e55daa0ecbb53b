import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { DEFAULT_PAGE_SIZE } from '../../app/pagination.ts';
import { createParty, deleteParty, listParties, showParty, updateParty } from '../../app/party/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  CreatePartyBody,
  PartyListQuery,
  PartyPage,
  PartySchema,
  UpdatePartyBody,
} from '../contracts/parties.ts';

export function partyRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['parties'];
    app.get(
      '/parties',
      {
        schema: {
          tags,
          summary: 'Parties you may see, by name',
          querystring: PartyListQuery,
          response: { 200: PartyPage, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const { role, limit, cursor } = request.query;
        return listParties(deps, actorOf(request), { role, limit: limit ?? DEFAULT_PAGE_SIZE, cursor });
      },
    );
    app.post(
      '/parties',
      {
        schema: {
          tags,
          summary: 'Create a party',
          body: CreatePartyBody,
          response: { 201: PartySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createParty(deps, actorOf(request), request.body)),
    );
    app.get(
      '/parties/:id',
      {
        schema: {
          tags,
          summary: 'One party',
          params: IdParams,
          response: { 200: PartySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showParty(deps, actorOf(request), request.params.id),
    );
    app.patch(
      '/parties/:id',
      {
        schema: {
          tags,
          summary: 'Change a party',
          params: IdParams,
          body: UpdatePartyBody,
          response: { 200: PartySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateParty(deps, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      '/parties/:id',
      {
        schema: {
          tags,
          summary: 'Delete a party nothing refers to',
          params: IdParams,
          response: { 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        await deleteParty(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
