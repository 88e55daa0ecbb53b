import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpDeps } from '../app.ts';

const ReadinessSchema = Type.Object({
  ready: Type.Boolean(),
  database: Type.Union([Type.Literal('reachable'), Type.Literal('unreachable')]),
  pendingMigrations: Type.Array(Type.String()),
});

export function healthRoutes(deps: HttpDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['health'],
          summary: 'The process is alive',
          response: { 200: Type.Object({ status: Type.Literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'The database answers and every migration has run',
          response: { 200: ReadinessSchema, 503: ReadinessSchema },
        },
      },
      async (_request, reply) => {
        const readiness = await deps.readiness();
        return reply.status(readiness.ready ? 200 : 503).send(readiness);
      },
    );
  };
}
