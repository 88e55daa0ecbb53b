import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listOfficialYears } from '../../app/calendar/index.ts';
import { loadOfficialYear } from '../../app/calendar-change/index.ts';
import type { AppDeps } from '../../app/context.ts';
import { actorOf } from '../auth.ts';
import { STANDARD_PROBLEMS } from '../contracts/common.ts';

const LoadedSchema = Type.Object({
  official: Type.String(),
  year: Type.Integer(),
  source: Type.String(),
  published: Type.String(),
  holidays: Type.Integer(),
  makeupWorkdays: Type.Integer(),
  sha256: Type.String(),
  created: Type.Boolean(),
  deadlinesSettled: Type.Integer(),
});

/** Official holiday years loaded as data (the State Council's yearly notice). */
export function calendarRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['calendars'];
    app.post(
      '/calendars/official-years',
      {
        schema: {
          tags,
          summary:
            "Load a year of the State Council's holiday schedule (YAML or JSON text; admin): calendars with official CN use it for that year",
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 255, description: 'file name, for messages' }),
              text: Type.String({ minLength: 1, maxLength: 200_000 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: LoadedSchema, 200: LoadedSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const loaded = await loadOfficialYear(deps, actorOf(request), request.body);
        return reply.status(loaded.created ? 201 : 200).send(loaded);
      },
    );
    app.get(
      '/calendars/official-years',
      {
        schema: {
          tags,
          summary: 'The official holiday years loaded as data, with their source (staff)',
          response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listOfficialYears(deps, actorOf(request)) }),
    );
  };
}
