import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BULK_LIMIT,
  bulkUpdateCases,
  lookupCustomers,
  lookupUnits,
  previewOpening,
  queueCounts,
} from '../../app/case/index.ts';
import type { AppDeps } from '../../app/context.ts';
import { CASE_STATES, type CaseState } from '../../domain/case/index.ts';
import { actorOf } from '../auth.ts';
import { STANDARD_PROBLEMS, Text, Uuid } from '../contracts/common.ts';
import {
  BulkOutcomeSchema,
  CustomerMatchSchema,
  OpeningPreviewSchema,
  QueueCountsSchema,
  UnitMatchSchema,
} from '../contracts/intake.ts';
import { Nullable } from '../contracts/parties.ts';
import { OpenCaseBody } from './cases.ts';

/** "New case" in the console (lookups and the preview) and the queue's counts and bulk actions. */
export function intakeRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['cases'];
    app.get(
      '/intake/customers',
      {
        schema: {
          tags,
          summary: 'Customers whose name (en/zh), e-mail or phone starts with the text: ten at most (agents)',
          querystring: Type.Object(
            { q: Text({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(CustomerMatchSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await lookupCustomers(deps, actorOf(request), request.query.q) }),
    );
    app.get(
      '/intake/units',
      {
        schema: {
          tags,
          summary:
            "Units by the start of the serial, or a customer's units, that the agent may open cases for",
          querystring: Type.Object(
            { serial: Type.Optional(Text({ maxLength: 100 })), customer: Type.Optional(Uuid) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(UnitMatchSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await lookupUnits(deps, actorOf(request), request.query) }),
    );
    app.post(
      '/cases/preview',
      {
        schema: {
          tags,
          summary:
            'What opening this case would decide and promise (entitlement, clocks with their deadlines), nothing written',
          body: Type.Omit(OpenCaseBody, ['attachments']),
          response: { 200: OpeningPreviewSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return previewOpening(deps, actor, {
          ...request.body,
          channel: request.body.channel ?? (actor.authenticatedBy === 'api_token' ? 'api' : 'portal'),
        });
      },
    );
    app.get(
      '/cases/queue/counts',
      {
        schema: {
          tags,
          summary: 'How many cases each queue filter holds (exact up to the cap)',
          response: { 200: QueueCountsSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => queueCounts(deps, actorOf(request)),
    );
    app.post(
      '/cases/bulk',
      {
        schema: {
          tags,
          summary:
            'Assign or change the state of several cases: each as the single action would, the outcome per case',
          body: Type.Object(
            {
              ids: Type.Array(Uuid, { minItems: 1, maxItems: BULK_LIMIT }),
              assign: Type.Optional(
                Type.Object({ agentUserId: Nullable(Uuid) }, { additionalProperties: false }),
              ),
              state: Type.Optional(
                Type.Object(
                  {
                    state: Type.Unsafe<CaseState>({ type: 'string', enum: [...CASE_STATES] }),
                    reason: Type.Optional(Text({ maxLength: 2000 })),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false, minProperties: 2, maxProperties: 2 },
          ),
          response: { 200: Type.Object({ items: Type.Array(BulkOutcomeSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const { ids, assign, state } = request.body;
        const action = assign
          ? ({ action: 'assign', agentUserId: assign.agentUserId } as const)
          : ({ action: 'state', state: state!.state, reason: state!.reason } as const);
        return { items: await bulkUpdateCases(deps, actorOf(request), ids, action) };
      },
    );
  };
}
