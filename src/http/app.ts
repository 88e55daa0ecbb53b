import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppDeps } from '../app/context.ts';
import { AppError } from '../app/errors.ts';
import type { Readiness } from '../app/system/index.ts';
import { actorResolver } from './auth.ts';
import { registerStrictJson } from './json-body.ts';
import { sendProblem, toAppError } from './problem.ts';
import { authRoutes } from './routes/auth.ts';
import { calendarRoutes } from './routes/calendars.ts';
import { caseRoutes } from './routes/cases.ts';
import { counterpartyRoutes } from './routes/counterparty.ts';
import { deliveryRoutes } from './routes/delivery.ts';
import { disputeRoutes } from './routes/disputes.ts';
import { documentRoutes } from './routes/documents.ts';
import { escalationRoutes } from './routes/escalations.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { fieldRoutes } from './routes/field.ts';
import { healthRoutes } from './routes/health.ts';
import { intakeRoutes } from './routes/intake.ts';
import { knowledgeRoutes } from './routes/knowledge.ts';
import { mailRoutes } from './routes/mail.ts';
import { operationsRoutes } from './routes/operations.ts';
import { partyRoutes } from './routes/parties.ts';
import { personalDataRoutes } from './routes/personal-data.ts';
import { portalRoutes } from './routes/portal.ts';
import { productRoutes } from './routes/products.ts';
import { repairShopRoutes } from './routes/repair-shops.ts';
import { serviceContractRoutes } from './routes/service-contracts.ts';
import { telemetryRoutes } from './routes/telemetry.ts';
import { termsRoutes } from './routes/terms.ts';
import { troubleshootingRoutes } from './routes/troubleshooting.ts';
import { unitRoutes } from './routes/units.ts';
import { userRoutes } from './routes/users.ts';
import { validatorCompiler } from './validation.ts';
import { visibleBeforeBody } from './visible-first.ts';
import { isPageRequest, registerCompression, registerWebPages } from './web-pages.ts';

export interface HttpDeps {
  app: AppDeps;
  /** Whether the database answers and has every migration; `/readyz` reports it. */
  readiness: () => Promise<Readiness>;
  /** pino options, a logger instance, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** The proxies in front whose X-Forwarded-* is believed: a number of hops or their addresses. */
  trustProxy?: false | number | string[];
  /** The built web pages (web/dist); served at `/` when it holds an index.html. */
  webRoot?: string | undefined;
}

export type ServicebookApp = FastifyInstance<
  FastifyInstance['server'],
  Parameters<FastifyInstance['routing']>[0],
  Parameters<FastifyInstance['routing']>[1],
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * Headers on every reply (pages, API, files; a stored file narrows its policy further). The pages
 * are the Vite build: scripts only from this server, no inline script. Mantine writes its theme
 * into a <style> element and style attributes, hence 'unsafe-inline' for styles only. No page
 * may frame ours (clickjacking), and other sites get no path in the Referer.
 */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
  // Behind plain HTTP (a first local start) HSTS would be ignored; behind TLS the proxy decides.
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
};

/** The HTTP application. It never listens by itself: main.ts does, tests use `inject`. */
export async function buildApp(deps: HttpDeps): Promise<ServicebookApp> {
  const loggerOption =
    deps.logger && typeof (deps.logger as FastifyBaseLogger).child === 'function'
      ? { loggerInstance: deps.logger as FastifyBaseLogger }
      : { logger: (deps.logger ?? false) as FastifyServerOptions['logger'] };
  const app = Fastify({
    ...loggerOption,
    // A number of hops trusts that many proxies nearest to us, as proxy-addr counts them.
    trustProxy:
      typeof deps.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (deps.trustProxy as number)
        : (deps.trustProxy ?? false),
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Unknown fields are refused with their path rather than silently dropped; JSON bodies are not coerced.
  app.setValidatorCompiler(validatorCompiler);
  registerStrictJson(app);
  // While shutting down, requests in flight still get their answers, and their keep-alive
  // connections are closed after them instead of holding the process open for 72 s.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  await app.register(cookie);
  await app.register(helmet, SECURITY_HEADERS);
  await registerCompression(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Servicebook API',
        description:
          'After-sales service terms as data, the service work run by them, and the evidence record. ' +
          'Errors are application/problem+json with a stable `code`. Sign in for a session cookie ' +
          '(writes then need the `x-csrf-token` header) or send `Authorization: Bearer <API token>`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sb_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as Error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, appError);
  });
  const pages = deps.webRoot ? await registerWebPages(app, deps.webRoot) : false;
  app.setNotFoundHandler((request, reply) =>
    pages && isPageRequest(request)
      ? reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html')
      : sendProblem(
          request,
          reply,
          new AppError('not_found', {
            detail: {
              en: `No route ${request.method} ${request.url}.`,
              zh: `没有路由 ${request.method} ${request.url}。`,
            },
          }),
        ),
  );

  await app.register(healthRoutes(deps.readiness));
  await app.register(
    async (api) => {
      api.addHook('onRequest', actorResolver(deps.app));
      api.addHook('onRequest', visibleBeforeBody(deps.app));
      await api.register(authRoutes(deps.app));
      await api.register(partyRoutes(deps.app));
      await api.register(userRoutes(deps.app));
      await api.register(productRoutes(deps.app));
      await api.register(unitRoutes(deps.app));
      await api.register(fieldRoutes(deps.app));
      await api.register(documentRoutes(deps.app));
      await api.register(termsRoutes(deps.app));
      await api.register(evidenceRoutes(deps.app));
      await api.register(caseRoutes(deps.app));
      await api.register(intakeRoutes(deps.app));
      await api.register(escalationRoutes(deps.app));
      await api.register(operationsRoutes(deps.app));
      await api.register(portalRoutes(deps.app));
      await api.register(calendarRoutes(deps.app));
      await api.register(deliveryRoutes(deps.app));
      await api.register(mailRoutes(deps.app));
      await api.register(telemetryRoutes(deps.app));
      await api.register(knowledgeRoutes(deps.app));
      await api.register(serviceContractRoutes(deps.app));
      await api.register(troubleshootingRoutes(deps.app));
      await api.register(personalDataRoutes(deps.app));
      await api.register(disputeRoutes(deps.app));
      await api.register(counterpartyRoutes(deps.app));
      await api.register(repairShopRoutes(deps.app));
    },
    { prefix: '/api/v1' },
  );
  return app;
}
