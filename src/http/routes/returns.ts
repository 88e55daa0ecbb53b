import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  decideReturn,
  disposeReturn,
  listReturns,
  receiveReturn,
  requestReturn,
  requestReturnForUnit,
  shipReturn,
  toReturnView,
} from '../../app/returns/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS, Text, Uuid } from '../contracts/common.ts';
import {
  ReturnDecisionBody,
  ReturnDispositionBody,
  ReturnInspectionBody,
  ReturnRequestBody,
  ReturnSchema,
  ReturnShipmentBody,
  UnitReturnBody,
} from '../contracts/returns.ts';

const BODY_WITH_PHOTOS = 30 * 1024 * 1024;

export function returnRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['returns'];
    const one = { params: IdParams, response: { 200: ReturnSchema, ...STANDARD_PROBLEMS } };
    app.post(
      '/returns',
      {
        schema: {
          tags,
          summary:
            'Start a return from any unit the customer owns: a return case is opened and the request checked',
          body: UnitReturnBody,
          response: { 201: ReturnSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await requestReturnForUnit(deps, actorOf(request), request.body)),
    );
    app.post(
      '/cases/:id/returns',
      {
        schema: {
          tags,
          summary: 'Request a return on a case: checked against the terms in force, approval clock started',
          params: IdParams,
          body: ReturnRequestBody,
          response: { 201: ReturnSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await requestReturn(deps, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/returns',
      {
        schema: {
          tags,
          summary: 'Returns the caller may see, newest first',
          querystring: Type.Object(
            {
              case: Type.Optional(Uuid),
              state: Type.Optional(Text({ maxLength: 20 })),
              overdue: Type.Optional(
                Type.Boolean({ description: 'only requests past their approval deadline' }),
              ),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(ReturnSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listReturns(deps, actorOf(request), {
          caseId: request.query.case,
          state: request.query.state,
          overdue: request.query.overdue,
          limit: request.query.limit ?? 50,
        }),
    );
    app.get('/returns/:id', { schema: { tags, summary: 'One return', ...one } }, async (request) =>
      toReturnView(deps.db, actorOf(request), request.params.id, deps.now()),
    );
    app.post(
      '/returns/:id/decision',
      {
        schema: {
          tags,
          summary: 'Approve or reject, citing the clause; against the check needs a note',
          body: ReturnDecisionBody,
          ...one,
        },
      },
      async (request) => decideReturn(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/returns/:id/shipment',
      { schema: { tags, summary: 'Shipped back: carrier and waybill', body: ReturnShipmentBody, ...one } },
      async (request) => shipReturn(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/returns/:id/receipt',
      {
        bodyLimit: BODY_WITH_PHOTOS,
        schema: {
          tags,
          summary: 'Received and inspected: quantities, findings, photos',
          body: ReturnInspectionBody,
          ...one,
        },
      },
      async (request) => receiveReturn(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/returns/:id/disposition',
      {
        schema: {
          tags,
          summary:
            'repair, replace, refund or reject, with the clause; a refund or replacement becomes a cost line',
          body: ReturnDispositionBody,
          ...one,
        },
      },
      async (request) => disposeReturn(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
