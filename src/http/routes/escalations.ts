import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listEscalations, moveEscalation } from '../../app/case/index.ts';
import type { AppDeps } from '../../app/context.ts';
import { actorOf } from '../auth.ts';
import { IdParams, Instant, STANDARD_PROBLEMS, Text, Uuid } from '../contracts/common.ts';
import { Nullable } from '../contracts/parties.ts';

const EscalationSchema = Type.Object({
  id: Uuid,
  caseId: Uuid,
  caseNumber: Type.String(),
  level: Type.String(),
  trigger: Type.Record(Type.String(), Type.Unknown()),
  agreement: Type.Object({ id: Type.String(), version: Type.Integer() }),
  ref: Nullable(Type.String()),
  actWithin: Nullable(Type.String()),
  actBy: Nullable(Instant),
  state: Type.String(),
  raisedAt: Instant,
  acknowledgedAt: Nullable(Instant),
  resolvedAt: Nullable(Instant),
  resolution: Nullable(Type.String()),
});

export function escalationRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['escalations'];
    app.get(
      '/escalations',
      {
        schema: {
          tags,
          summary: 'The escalation board: what is not resolved, legal first, then by act-by time',
          querystring: Type.Object(
            {
              state: Type.Optional(
                Type.Unsafe<string>({ type: 'string', enum: ['open', 'acknowledged', 'resolved'] }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(EscalationSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listEscalations(deps, actorOf(request), request.query) }),
    );
    app.post(
      '/escalations/:id/acknowledge',
      {
        schema: {
          tags,
          summary: 'Take the escalation on',
          params: IdParams,
          response: { 200: EscalationSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => moveEscalation(deps, actorOf(request), request.params.id, 'acknowledged'),
    );
    app.post(
      '/escalations/:id/resolve',
      {
        schema: {
          tags,
          summary: 'Close the escalation with what was done',
          params: IdParams,
          body: Type.Object(
            { resolution: Text({ minLength: 1, maxLength: 5000 }) },
            { additionalProperties: false },
          ),
          response: { 200: EscalationSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        moveEscalation(deps, actorOf(request), request.params.id, 'resolved', request.body.resolution),
    );
  };
}
