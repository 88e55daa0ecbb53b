import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Readiness } from '../../app/system/index.ts';

const ReadinessSchema = Type.Object({
  ready: Type.Boolean(),
  database: Type.Union([Type.Literal('reachable'), Type.Literal('unreachable')]),
  pendingMigrations: Type.Array(Type.String()),
});

export function healthRoutes(readiness: () => Promise<Readiness>): FastifyPluginAsyncTypebox {
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
        const state = await readiness();
        return reply.status(state.ready ? 200 : 503).send(state);
      },
    );
  };
}
