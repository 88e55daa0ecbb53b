import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  completeRepair,
  diagnoseRepair,
  listRepairOperations,
  listRepairs,
  openRepair,
  recordLabor,
  recordVisit,
  releaseRepairParts,
  repairsOfDay,
  reserveRepairPart,
  toRepairView,
  unitHistory,
  unitHistoryPage,
} from '../../app/repair/index.ts';
import { actorOf } from '../auth.ts';
import { CalendarDate, IdParams, STANDARD_PROBLEMS, Text, Uuid } from '../contracts/common.ts';
import {
  CompletionBody,
  DiagnosisBody,
  HistorySchema,
  LaborBody,
  OpenRepairBody,
  OperationsSchema,
  RepairSchema,
  RepairsOfDaySchema,
  ReservePartBody,
  VisitBody,
} from '../contracts/repairs.ts';

export function repairRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['repairs'];
    const one = { params: IdParams, response: { 200: RepairSchema, ...STANDARD_PROBLEMS } };
    app.post(
      '/cases/:id/repairs',
      {
        schema: {
          tags,
          summary: 'Open a repair order on a case (with a diagnosis, the entitlement is decided again)',
          params: IdParams,
          body: OpenRepairBody,
          response: { 201: RepairSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await openRepair(deps, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/repairs',
      {
        schema: {
          tags,
          summary: 'Repair orders the caller may see, newest first',
          querystring: Type.Object(
            {
              case: Type.Optional(Uuid),
              state: Type.Optional(Text({ maxLength: 20 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(RepairSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listRepairs(deps, actorOf(request), {
          caseId: request.query.case,
          state: request.query.state,
          limit: request.query.limit ?? 50,
        }),
    );
    app.get(
      '/repairs/day',
      {
        schema: {
          tags,
          summary:
            'The work orders of one day in the tenant’s zone (today by default): by the case’s appointment, else opened, visited or completed that day',
          querystring: Type.Object({ date: Type.Optional(CalendarDate) }, { additionalProperties: false }),
          response: { 200: RepairsOfDaySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => repairsOfDay(deps, actorOf(request), { date: request.query.date }),
    );
    app.get('/repairs/:id', { schema: { tags, summary: 'One repair order', ...one } }, async (request) =>
      toRepairView(deps.db, actorOf(request), request.params.id),
    );
    app.post(
      '/repairs/:id/diagnosis',
      {
        schema: {
          tags,
          summary: 'Part category and cause: entitlement decided again, repeat-failure rule applied',
          body: DiagnosisBody,
          ...one,
        },
      },
      async (request) => diagnoseRepair(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/repairs/:id/parts',
      {
        schema: {
          tags,
          summary: 'Reserve parts at a stock location; 409 insufficient_stock when they are not available',
          body: ReservePartBody,
          ...one,
        },
      },
      async (request) => reserveRepairPart(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/repairs/:id/release',
      {
        schema: {
          tags,
          summary:
            'Give a reserved line back to stock, or cancel the repair and release everything it reserved',
          body: Type.Object(
            {
              lineId: Type.Optional(Uuid),
              cancel: Type.Optional(Type.Boolean()),
              reason: Type.Optional(Text({ maxLength: 2000 })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          ...one,
        },
      },
      async (request) => releaseRepairParts(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/repairs/:id/operations',
      {
        schema: {
          tags,
          summary: 'The operations of the unit’s model with their standard times, for labor',
          params: IdParams,
          response: { 200: OperationsSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listRepairOperations(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/repairs/:id/labor',
      { schema: { tags, summary: 'Labor by an operation of the standard times', body: LaborBody, ...one } },
      async (request) => recordLabor(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/repairs/:id/visits',
      {
        schema: { tags, summary: 'A visit: times, kilometres, customer signature', body: VisitBody, ...one },
      },
      async (request) => recordVisit(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/repairs/:id/completion',
      {
        schema: {
          tags,
          summary:
            'Complete: parts consumed with their serials, unit parts list updated, costs booked, recovery prepared',
          body: CompletionBody,
          ...one,
        },
      },
      async (request) => completeRepair(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/units/:id/history',
      {
        schema: {
          tags,
          summary:
            'The unit’s service history: cases, returns, repairs, part changes, visits, maintenance (format=html: one printable page)',
          params: IdParams,
          querystring: Type.Object(
            {
              format: Type.Optional(Type.Unsafe<'json' | 'html'>({ type: 'string', enum: ['json', 'html'] })),
            },
            { additionalProperties: false },
          ),
          response: { 200: HistorySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const history = await unitHistory(deps, actorOf(request), request.params.id);
        if (request.query.format !== 'html') return history;
        return reply
          .type('text/html; charset=utf-8')
          .serializer((x: unknown) => String(x))
          .send(unitHistoryPage(history) as never);
      },
    );
  };
}
