import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { signUp } from '../../app/auth/sign-up.ts';
import { caseActivity, readCaseFile } from '../../app/case/case-activity.ts';
import { fileVisitReport } from '../../app/case/file-visit-report.ts';
import { respondToAssignment } from '../../app/case/respond-to-assignment.ts';
import type { AppDeps } from '../../app/context.ts';
import { checkWarranty } from '../../app/unit/check-warranty.ts';
import { registerUnit } from '../../app/unit/register-unit.ts';
import { actorOf, SESSION_COOKIE } from '../auth.ts';
import { SignInReply } from '../contracts/auth.ts';
import { IdParams, ProblemSchema, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  CaseActivityReply,
  FileParams,
  PartnerResponseBody,
  PartnerResponseReply,
  RegisterUnitBody,
  RegistrationReply,
  SignUpBody,
  VisitReportBody,
  WarrantyReply,
} from '../contracts/portal.ts';

const UPLOAD_LIMIT = 30 * 1024 * 1024;

/** What the web pages need beyond the records: sign-up, warranty by serial, partner answers, visits. */
export function portalRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Sign-up is open to anyone: limited per client address (in this process) against account farming.
    await app.register(async (scope) => {
      const open = scope.withTypeProvider<TypeBoxTypeProvider>();
      await open.register(rateLimit, { max: 20, timeWindow: '1 hour' });
      open.post(
        '/auth/sign-up',
        {
          config: { public: true },
          schema: {
            tags: ['auth'],
            summary: 'A customer signs up: their own customer party and user; signed in at once',
            security: [],
            body: SignUpBody,
            response: { 201: SignInReply, 400: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
          },
        },
        async (request, reply) => {
          const result = await signUp(deps, { ...request.body, client: request.ip });
          reply.setCookie(SESSION_COOKIE, result.sessionToken, {
            httpOnly: true,
            sameSite: 'lax',
            secure: request.protocol === 'https',
            path: '/',
            expires: result.expiresAt,
          });
          return reply
            .status(201)
            .send({ user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt });
        },
      );
    });

    app.get(
      '/warranty/:serial',
      {
        schema: {
          tags: ['units'],
          summary: 'The warranty of a unit by serial: each part category covered until when, by which clause',
          params: Type.Object({ serial: Type.String({ minLength: 1, maxLength: 100 }) }),
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
        return reply
          .type(file.mediaType)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('cache-control', 'private, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes);
      },
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
