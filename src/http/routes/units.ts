import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { DEFAULT_PAGE_SIZE } from '../../app/pagination.ts';
import {
  createUnit,
  deleteUnit,
  lendLoaner,
  listUnits,
  loanView,
  loanViews,
  replaceUnit,
  returnLoaner,
  showUnit,
  showUnitBySerial,
  updateUnit,
} from '../../app/unit/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  CreateUnitBody,
  LoanBody,
  LoanListQuery,
  LoanReturnBody,
  LoanSchema,
  ReplacementBody,
  ReplacementSchema,
  SerialParams,
  UnitListQuery,
  UnitPage,
  UnitSchema,
  UpdateUnitBody,
} from '../contracts/units.ts';

export function unitRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['units'];
    app.get(
      '/units',
      {
        schema: {
          tags,
          summary:
            'Units you may see, by serial: staff see all; a party sees those it owns, sold or services',
          querystring: UnitListQuery,
          response: { 200: UnitPage, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const { limit, ...filter } = request.query;
        return listUnits(deps, actorOf(request), { ...filter, limit: limit ?? DEFAULT_PAGE_SIZE });
      },
    );
    app.post(
      '/units',
      {
        schema: {
          tags,
          summary: 'Register a unit',
          body: CreateUnitBody,
          response: { 201: UnitSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createUnit(deps, actorOf(request), request.body)),
    );
    app.get(
      '/units/by-serial/:serial',
      {
        schema: {
          tags,
          summary: 'One unit by its serial number',
          params: SerialParams,
          response: { 200: UnitSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showUnitBySerial(deps, actorOf(request), request.params.serial),
    );
    app.get(
      '/units/:id',
      {
        schema: {
          tags,
          summary: 'One unit',
          params: IdParams,
          response: { 200: UnitSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showUnit(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/units/by-serial/:serial/replacement',
      {
        schema: {
          tags,
          summary:
            'Exchange a unit for a new one: a 三包 replacement (only where a return’s terms check gave it) starts a new warranty, any other exchange keeps the old dates; linked both ways',
          params: SerialParams,
          body: ReplacementBody,
          response: { 201: ReplacementSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await replaceUnit(deps, actorOf(request), request.params.serial, request.body)),
    );
    app.patch(
      '/units/:id',
      {
        schema: {
          tags,
          summary: 'Change a unit; given maintenance dates or parts replace the old lists',
          params: IdParams,
          body: UpdateUnitBody,
          response: { 200: UnitSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateUnit(deps, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      '/units/:id',
      {
        schema: {
          tags,
          summary: 'Delete a unit registered by mistake',
          params: IdParams,
          response: { 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        await deleteUnit(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/loans',
      {
        schema: {
          tags,
          summary: 'Loaners lent, soonest due back first: staff all, a customer those lent to it',
          querystring: LoanListQuery,
          response: { 200: Type.Array(LoanSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => loanViews(deps, actorOf(request), request.query),
    );
    app.get(
      '/loans/:id',
      {
        schema: {
          tags,
          summary: 'One loan',
          params: IdParams,
          response: { 200: LoanSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => loanView(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/loans',
      {
        schema: {
          tags,
          summary: 'Lend one of the brand’s units to the customer of a case, due back on a day',
          body: LoanBody,
          response: { 201: LoanSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await lendLoaner(deps, actorOf(request), request.body)),
    );
    app.post(
      '/loans/:id/return',
      {
        schema: {
          tags,
          summary: 'Record a loaner back, with its condition',
          params: IdParams,
          body: LoanReturnBody,
          response: { 200: LoanSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => returnLoaner(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
