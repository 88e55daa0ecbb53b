import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { signUp } from '../../app/auth/index.ts';
import { calendarMonth, listTenantCalendars } from '../../app/calendar/index.ts';
import {
  caseActivity,
  escalateCase,
  fileVisitReport,
  queueCountdowns,
  readCaseFile,
  recordPaymentDispute,
  respondToAssignment,
  serviceDashboard,
} from '../../app/case/index.ts';
import type { AppDeps } from '../../app/context.ts';
import { checkWarranty } from '../../app/entitlement/index.ts';
import { registerUnit } from '../../app/unit/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, ProblemSchema, STANDARD_PROBLEMS, Text } from '../contracts/common.ts';
import {
  CaseActivityReply,
  CountdownQuery,
  CountdownReply,
  FileParams,
  PartnerResponseBody,
  PartnerResponseReply,
  RegisterUnitBody,
  RegistrationReply,
  SignUpBody,
  VisitReportBody,
  WarrantyReply,
} from '../contracts/portal.ts';
import { sendStoredFile } from '../stored-file.ts';

const UPLOAD_LIMIT = 30 * 1024 * 1024;

/** What the web pages need beyond the records: sign-up, warranty by serial, partner answers, visits. */
export function portalRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Sign-up is open to anyone; its limit per client address is counted in the database.
    app.post(
      '/auth/sign-up',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary:
            'A customer signs up (their own customer party and user), then signs in. The answer is the same when the e-mail already has an account',
          security: [],
          body: SignUpBody,
          response: {
            202: Type.Object({
              accepted: Type.Literal(true),
              next: Type.Literal('sign-in', { description: 'Sign in with the same e-mail and password' }),
            }),
            400: ProblemSchema,
            429: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        await signUp(deps, { ...request.body, client: request.ip });
        return reply.status(202).send({ accepted: true, next: 'sign-in' } as const);
      },
    );

    app.get(
      '/warranty/:serial',
      {
        schema: {
          tags: ['units'],
          summary: 'The warranty of a unit by serial: each part category covered until when, by which clause',
          params: Type.Object({ serial: Text({ minLength: 1, maxLength: 100 }) }),
          response: { 200: WarrantyReply, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => checkWarranty(deps, actorOf(request), request.params.serial),
    );

    app.post(
      '/units/registrations',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          tags: ['units'],
          summary: 'A customer registers a unit by serial with proof of purchase (photo or PDF)',
          body: RegisterUnitBody,
          response: { 201: RegistrationReply, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await registerUnit(deps, actorOf(request), request.body)),
    );

    app.get(
      '/cases/countdowns',
      {
        schema: {
          tags: ['cases'],
          summary: 'Business time left on the running clocks of the given cases, and whether it runs now',
          querystring: CountdownQuery,
          response: { 200: CountdownReply, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const ids = request.query.ids
          .split(',')
          .filter((id) => /^[0-9a-f-]{36}$/i.test(id))
          .slice(0, 100);
        return { items: await queueCountdowns(deps, actorOf(request), ids) };
      },
    );

    app.get(
      '/cases/:id/activity',
      {
        schema: {
          tags: ['cases'],
          summary: 'Messages, partner answers and visit reports of a case (customers: the public ones)',
          params: IdParams,
          response: { 200: CaseActivityReply, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => caseActivity(deps, actorOf(request), request.params.id),
    );

    app.get(
      '/cases/:id/files/:sha256',
      {
        schema: {
          tags: ['cases'],
          summary: 'A file attached to a case the caller may see',
          params: FileParams,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const file = await readCaseFile(deps, actorOf(request), request.params.id, request.params.sha256);
        return sendStoredFile(reply, {
          name: file.name,
          bytes: file.bytes,
          recordedType: file.mediaType,
          cacheControl: 'private, max-age=3600',
        });
      },
    );

    app.get(
      '/calendars',
      {
        schema: {
          tags: ['calendars'],
          summary: 'The business calendars (staff)',
          response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listTenantCalendars(deps, actorOf(request)) }),
    );

    app.get(
      '/calendars/:key/month',
      {
        schema: {
          tags: ['calendars'],
          summary: 'Open windows of a calendar for one month, with holidays and makeup days (staff)',
          params: Type.Object({ key: Text({ minLength: 1, maxLength: 63 }) }),
          querystring: Type.Object(
            {
              month: Text({ minLength: 7, maxLength: 7 }),
              version: Type.Optional(Type.Integer({ minimum: 1 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        calendarMonth(deps, actorOf(request), request.params.key, request.query.month, request.query.version),
    );

    app.get(
      '/dashboard/service',
      {
        schema: {
          tags: ['cases'],
          summary: 'SLA attainment by week and by partner, open cases by time left, repeat failures (staff)',
          querystring: Type.Object(
            {
              from: Type.Optional(Type.String({ format: 'date' })),
              to: Type.Optional(Type.String({ format: 'date' })),
              product: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => serviceDashboard(deps, actorOf(request), request.query),
    );

    app.post(
      '/cases/:id/escalations',
      {
        schema: {
          tags: ['escalations'],
          summary: 'Escalate a case by hand, with a reason, under its agreement’s escalation clause',
          params: IdParams,
          body: Type.Object(
            {
              level: Type.Unsafe<'supervisor' | 'management' | 'legal'>({
                type: 'string',
                enum: ['supervisor', 'management', 'legal'],
              }),
              reason: Text({ minLength: 1, maxLength: 2000 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ raised: Type.Boolean() }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => escalateCase(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/cases/:id/payment-dispute',
      {
        schema: {
          tags: ['escalations'],
          summary:
            'Record that the customer or distributor disputes an invoice or withholds payment; weighs the management triggers',
          params: IdParams,
          body: Type.Object(
            { reason: Text({ minLength: 1, maxLength: 2000 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ recorded: Type.Literal(true), escalations: Type.Integer() }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) => recordPaymentDispute(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/cases/:id/partner-response',
      {
        schema: {
          tags: ['cases'],
          summary: 'The assigned service partner accepts the case, or declines it with a reason',
          params: IdParams,
          body: PartnerResponseBody,
          response: { 200: PartnerResponseReply, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => respondToAssignment(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/cases/:id/visit-reports',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          tags: ['cases'],
          summary: 'A visit report: arrival (meets on-site clocks), work, parts, photos, signature',
          params: IdParams,
          body: VisitReportBody,
          response: { 201: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await fileVisitReport(deps, actorOf(request), request.params.id, request.body)),
    );
  };
}
