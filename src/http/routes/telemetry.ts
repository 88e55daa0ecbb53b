import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { AppError } from '../../app/errors.ts';
import {
  attachReadingWindow,
  type Incoming,
  ingestReadings,
  issueDeviceCredential,
  refusalCounts,
  setTelemetryModel,
  showTelemetryModel,
  type TelemetryLimits,
  unitTelemetry,
  verifyDeviceCredential,
} from '../../app/telemetry/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  AttachWindowBody,
  IngestAnswer,
  ProductModelParams,
  ReadingBatchBody,
  TelemetryModelSchema,
  UnitTelemetryQuery,
} from '../contracts/telemetry.ts';
import { SerialParams } from '../contracts/units.ts';

/** The largest gateway batch, in bytes. */
export const TELEMETRY_BODY_LIMIT = 2 * 1024 * 1024;

/** The device credentials of `Authorization: Basic`, or undefined. */
function basicCredentials(request: FastifyRequest): { username: string; password: string } | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const text = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function telemetryRoutes(deps: AppDeps, limits?: TelemetryLimits): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['telemetry'];
    app.post(
      '/telemetry/readings',
      {
        config: { public: true },
        bodyLimit: TELEMETRY_BODY_LIMIT,
        // Open to devices with their own credentials, but to nobody without any: refused before validation.
        preValidation: async (request) => {
          if (!request.actor && !basicCredentials(request)) throw new AppError('unauthenticated');
        },
        schema: {
          tags,
          summary:
            'Readings from a gateway, batched: with a unit’s device credentials (HTTP Basic) for that unit, or a staff API token for any unit of the company',
          body: ReadingBatchBody,
          response: { 200: IngestAnswer, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        let tenantKey: string;
        let onlySerial: string | undefined;
        const basic = basicCredentials(request);
        if (basic) {
          const device = await verifyDeviceCredential(deps, basic.username, basic.password);
          if (!device) throw new AppError('unauthenticated');
          tenantKey = device.tenantKey;
          onlySerial = device.serial;
        } else {
          const actor = actorOf(request);
          if (visibilityOf(actor).kind !== 'tenant' || actor.role === 'counsel')
            throw new AppError('forbidden');
          const tenant = await deps.db
            .selectFrom('tenants')
            .select('slug')
            .where('tenant_id', '=', actor.tenantId)
            .executeTakeFirstOrThrow();
          tenantKey = tenant.slug;
        }
        const total = request.body.units.reduce((n, u) => n + u.messages.length, 0);
        if (total > 2000) throw new AppError('payload_too_large');
        if (onlySerial && request.body.units.some((u) => u.serial !== onlySerial))
          throw new AppError('forbidden');
        const batch: Incoming[] = request.body.units.flatMap((u) =>
          u.messages.map((message) => ({ tenantKey, serial: u.serial, message })),
        );
        return ingestReadings(deps, batch, limits ? { limits } : {});
      },
    );
    app.get(
      '/units/by-serial/:serial/telemetry',
      {
        schema: {
          tags,
          summary:
            'A unit’s health: live values, charts from the hourly rollups, alarms, run hours and maintenance due, the cases its rules keep open',
          params: SerialParams,
          querystring: UnitTelemetryQuery,
          response: { 200: Type.Any(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        unitTelemetry(deps, actorOf(request), request.params.serial, {
          from: request.query.from,
          to: request.query.to,
          metrics: request.query.metric,
          step: request.query.step,
        }),
    );
    app.get(
      '/products/:model/telemetry-model',
      {
        schema: {
          tags,
          summary: 'A product’s telemetry model: metrics, alarm codes, rules, maintenance interval (staff)',
          params: ProductModelParams,
          response: { 200: TelemetryModelSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showTelemetryModel(deps, actorOf(request), request.params.model),
    );
    app.put(
      '/products/:model/telemetry-model',
      {
        schema: {
          tags,
          summary:
            'Set a product’s telemetry model; checked against the product’s part categories and its own metrics (admin, manager)',
          params: ProductModelParams,
          body: TelemetryModelSchema,
          response: { 200: TelemetryModelSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        (await setTelemetryModel(deps, actorOf(request), request.params.model, request.body)).model,
    );
    app.post(
      '/units/:id/device-credentials',
      {
        schema: {
          tags,
          summary: 'Issue (or replace) a unit’s device credentials; the password is shown once',
          params: IdParams,
          response: {
            201: Type.Object({ username: Type.String(), password: Type.String(), topic: Type.String() }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await issueDeviceCredential(deps, actorOf(request), request.params.id)),
    );
    app.post(
      '/cases/:id/telemetry-window',
      {
        schema: {
          tags,
          summary: 'Attach a window of the case’s unit’s readings to the case as evidence (with its SHA-256)',
          params: IdParams,
          body: AttachWindowBody,
          response: {
            201: Type.Object({
              caseId: Type.String(),
              readings: Type.Integer(),
              sha256: Type.String(),
              from: Type.String(),
              to: Type.String(),
            }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await attachReadingWindow(deps, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/telemetry/refusals',
      {
        schema: {
          tags,
          summary: 'Readings refused in the last 30 days, counted by reason and day (staff)',
          response: {
            200: Type.Array(
              Type.Object({ reason: Type.String(), day: Type.String(), count: Type.Integer() }),
            ),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) => refusalCounts(deps, actorOf(request)),
    );
  };
}
