import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  erasePersonalData,
  exportPersonalData,
  listConsents,
  listPersonalReads,
  recordConsent,
} from '../../app/privacy/index.ts';
import { CONSENT_PURPOSE_LABELS, type ConsentPurpose } from '../../domain/privacy/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS, Text } from '../contracts/common.ts';

const PURPOSES = Object.keys(CONSENT_PURPOSE_LABELS) as ConsentPurpose[];
const Purpose = Type.Unsafe<ConsentPurpose>({ type: 'string', enum: PURPOSES });
const ConsentState = Type.Union([Type.Literal('given'), Type.Literal('withdrawn')]);
const ConsentSchema = Type.Object({
  id: Type.String(),
  purpose: Purpose,
  state: ConsentState,
  recordedAt: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
  recordedBy: Type.Union([Type.String(), Type.Null()]),
  evidenceSeq: Type.Integer(),
});
const Anything = Type.Unsafe<unknown>({ type: 'object', additionalProperties: true });

export function personalDataRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['personal data'];
    app.get(
      '/parties/:id/personal-data',
      {
        schema: {
          tags,
          summary:
            'Everything held about one person (PIPL art. 45, GDPR art. 15/20), as JSON; the brand’s administrator, or the person',
          params: IdParams,
          response: { 200: Anything, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const data = await exportPersonalData(deps, actorOf(request), request.params.id);
        reply.header('content-disposition', `attachment; filename="personal-data-${data.person.key}.json"`);
        return data;
      },
    );
    app.post(
      '/parties/:id/erasure',
      {
        schema: {
          tags,
          summary:
            'Erase a customer’s name, e-mail and phone on request; cases, decisions and clocks stay, the evidence record still verifies',
          params: IdParams,
          body: Type.Object(
            {
              request: Text({ minLength: 1, maxLength: 200, description: 'The request’s reference' }),
              reason: Text({ minLength: 1, maxLength: 1000 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Anything, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => erasePersonalData(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/parties/:id/consents',
      {
        schema: {
          tags,
          summary: 'A person’s consents, newest first',
          params: IdParams,
          response: { 200: Type.Array(ConsentSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listConsents(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/parties/:id/consents',
      {
        schema: {
          tags,
          summary: 'Record a consent given or withdrawn, for one purpose',
          params: IdParams,
          body: Type.Object({ purpose: Purpose, state: ConsentState }, { additionalProperties: false }),
          response: { 201: ConsentSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        reply.code(201);
        return recordConsent(deps, actorOf(request), request.params.id, request.body);
      },
    );
    app.get(
      '/parties/:id/reads',
      {
        schema: {
          tags,
          summary: 'Who of the brand’s staff read this person’s data, newest first',
          params: IdParams,
          response: { 200: Type.Array(Anything), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listPersonalReads(deps, actorOf(request), request.params.id),
    );
  };
}
