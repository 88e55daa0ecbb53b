import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  addCaseMessage,
  assignCase,
  caseReceipt,
  changeCaseSeverity,
  changeCaseState,
  deleteCannedReply,
  listCannedReplies,
  listCaseHistory,
  listCaseQueue,
  markCaseRead,
  mergeCase,
  openCase,
  recordDiagnosis,
  saveCannedReply,
  showCase,
  toCaseView,
} from '../../app/case/index.ts';
import type { AppDeps } from '../../app/context.ts';
import { exportDossierAs } from '../../app/dossier/index.ts';
import type { Receipt } from '../../app/evidence/index.ts';
import { DEFAULT_PAGE_SIZE } from '../../app/pagination.ts';
import {
  CASE_KINDS,
  CASE_STATES,
  type CaseKind,
  type CaseState,
  CHANNELS,
  type Channel,
  MESSAGE_VISIBILITIES,
  type MessageVisibility,
  SEVERITIES,
  type Severity,
} from '../../domain/case/index.ts';
import { actorOf } from '../auth.ts';
import {
  CannedReplyBody,
  CannedReplySchema,
  CaseSchema,
  HistoryReply,
  QueueReply,
} from '../contracts/cases.ts';
import {
  Base64,
  IdParams,
  Instant,
  MediaType,
  PageQuery,
  STANDARD_PROBLEMS,
  Text,
  Uuid,
} from '../contracts/common.ts';
import { Nullable } from '../contracts/parties.ts';

const Kind = Type.Unsafe<CaseKind>({ type: 'string', enum: [...CASE_KINDS] });
const SeverityEnum = Type.Unsafe<Severity>({ type: 'string', enum: [...SEVERITIES] });
const StateEnum = Type.Unsafe<CaseState>({ type: 'string', enum: [...CASE_STATES] });
const ChannelEnum = Type.Unsafe<Channel>({
  type: 'string',
  enum: [...CHANNELS],
  description: 'how the request came in (portal or api when left out)',
});

const ATTACHMENTS_BODY_LIMIT = 30 * 1024 * 1024;

const AttachmentSchema = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 255 }),
    mediaType: MediaType,
    contentBase64: Base64({ maxLength: 14_000_000, description: 'the file, base64 (up to 10 MB)' }),
  },
  { additionalProperties: false },
);

export const OpenCaseBody = Type.Object(
  {
    kind: Kind,
    severity: SeverityEnum,
    customer: Type.Optional(Type.String({ description: 'party key; customers open for themselves' })),
    serial: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
    description: Text({ minLength: 1, maxLength: 20_000 }),
    channel: Type.Optional(ChannelEnum),
    failure: Type.Optional(
      Type.Object(
        { partCategory: Text({ minLength: 1, maxLength: 63 }), cause: Text({ minLength: 1, maxLength: 63 }) },
        { additionalProperties: false },
      ),
    ),
    account: Type.Optional(
      Type.Object(
        { paymentOverdueDays: Type.Optional(Type.Integer({ minimum: 0 })) },
        { additionalProperties: false },
      ),
    ),
    attachments: Type.Optional(Type.Array(AttachmentSchema, { maxItems: 20 })),
    safetyIssue: Type.Optional(Type.Boolean({ description: 'someone could be hurt' })),
    threats: Type.Optional(
      Type.Array(
        Type.Unsafe<'media' | 'regulator' | 'legal_action'>({
          type: 'string',
          enum: ['media', 'regulator', 'legal_action'],
        }),
        {
          description: 'what the customer threatens: media, regulator, legal_action',
          maxItems: 3,
          uniqueItems: true,
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export function caseRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['cases'];
    app.post(
      '/cases',
      {
        // Room for attachments (base64 adds a third).
        bodyLimit: ATTACHMENTS_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Open a case: entitlement decided, SLA clocks started, recorded',
          body: OpenCaseBody,
          response: { 201: CaseSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const body = request.body;
        const view = await openCase(deps, actor, {
          ...body,
          channel: body.channel ?? (actor.authenticatedBy === 'api_token' ? 'api' : 'portal'),
        });
        return reply.status(201).send(view);
      },
    );
    app.get(
      '/cases/queue',
      {
        schema: {
          tags,
          summary:
            'Open cases, most at risk of breaching first (resolved or closed ones, newest first, by naming the state)',
          querystring: Type.Object(
            {
              state: Type.Optional(StateEnum),
              severity: Type.Optional(SeverityEnum),
              product: Type.Optional(Type.String()),
              territory: Type.Optional(Type.String()),
              party: Type.Optional(Type.String()),
              breached: Type.Optional(Type.Boolean()),
              assignee: Type.Optional(Uuid),
              q: Type.Optional(
                Text({
                  maxLength: 200,
                  description:
                    'words (English or Chinese) in the number, customer, serial, description or public messages; each matches as a word prefix',
                }),
              ),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: {
            200: QueueReply,
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) => {
        const { limit, ...filter } = request.query;
        return listCaseQueue(deps, actorOf(request), { ...filter, limit: limit ?? DEFAULT_PAGE_SIZE });
      },
    );
    app.get(
      '/cases/history',
      {
        schema: {
          tags,
          summary: 'Resolved and closed cases, the most recently changed first',
          querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
          response: { 200: HistoryReply, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listCaseHistory(deps, actorOf(request), {
          cursor: request.query.cursor,
          limit: request.query.limit ?? DEFAULT_PAGE_SIZE,
        }),
    );
    app.get(
      '/cases/:id',
      {
        schema: {
          tags,
          summary: 'One case with its decision and clocks',
          params: IdParams,
          response: { 200: CaseSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showCase(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/cases/:id/read',
      {
        schema: {
          tags,
          summary:
            'Mark the case read by the signed-in user: lists stop showing it unread until something new comes',
          params: IdParams,
          response: { 200: Type.Object({ readAt: Instant }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => markCaseRead(deps, actorOf(request), request.params.id),
    );
    app.get(
      '/canned-replies',
      {
        schema: {
          tags,
          summary: "The tenant's saved replies (staff); with `case`, each also filled in for that case",
          querystring: Type.Object({ case: Type.Optional(Uuid) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(CannedReplySchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listCannedReplies(deps, actorOf(request), request.query.case),
    );
    app.post(
      '/canned-replies',
      {
        schema: {
          tags,
          summary: 'Save a reply for reuse (admin, manager, agent)',
          body: CannedReplyBody,
          response: { 201: CannedReplySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await saveCannedReply(deps, actorOf(request), request.body)),
    );
    app.put(
      '/canned-replies/:id',
      {
        schema: {
          tags,
          summary: 'Change a saved reply',
          params: IdParams,
          body: CannedReplyBody,
          response: { 200: CannedReplySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => saveCannedReply(deps, actorOf(request), request.body, request.params.id),
    );
    app.delete(
      '/canned-replies/:id',
      {
        schema: {
          tags,
          summary: 'Remove a saved reply',
          params: IdParams,
          response: { 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        await deleteCannedReply(deps, actorOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/cases/:id/receipt',
      {
        schema: {
          tags,
          summary:
            'A receipt to keep: the evidence log’s signed tree head now, with the proof it covers the case’s newest entry (RFC 9162)',
          params: IdParams,
          response: {
            200: Type.Unsafe<Receipt>({ type: 'object', additionalProperties: true }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) => caseReceipt(deps, actorOf(request), request.params.id),
    );
    app.get(
      '/cases/:id/dossier',
      {
        schema: {
          tags,
          summary:
            'Download the dossier of the case (zip): entries, files, agreements, SLA recomputation, manifest, checkpoints',
          params: IdParams,
          response: {
            200: Type.Unsafe<PassThrough>({ type: 'string', format: 'binary' }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const view = await toCaseView(deps.db, actor, request.params.id, deps.now());
        const stream = new PassThrough();
        // Access is checked before the first byte; a failure later ends the download short.
        exportDossierAs(deps, actor, { type: 'case', number: view.number }, stream).catch(
          (error: unknown) => {
            request.log.error({ err: error }, 'dossier export failed');
            stream.destroy(error as Error);
          },
        );
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="dossier-${view.number}.zip"`)
          .send(stream);
      },
    );
    app.post(
      '/cases/:id/state',
      {
        schema: {
          tags,
          summary: 'Change the state or the site-access flag; clocks pause and resume as the terms say',
          params: IdParams,
          body: Type.Object(
            {
              state: Type.Optional(StateEnum),
              siteNotAccessible: Type.Optional(Type.Boolean()),
              reason: Type.Optional(Text({ maxLength: 2000 })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: CaseSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => changeCaseState(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/messages',
      {
        bodyLimit: ATTACHMENTS_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'A message, a note shared with the partner, or a note for the brand only; the first public reply meets the response clock',
          params: IdParams,
          body: Type.Object(
            {
              body: Text({ minLength: 1, maxLength: 50_000 }),
              attachments: Type.Optional(Type.Array(AttachmentSchema, { maxItems: 20 })),
              visibility: Type.Optional(
                Type.Unsafe<MessageVisibility>({
                  type: 'string',
                  enum: [...MESSAGE_VISIBILITIES],
                  description:
                    "public: to the customer; internal: a note shared with the partner; brand: a note for the brand's staff only",
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: CaseSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        addCaseMessage(deps, actorOf(request), request.params.id, {
          body: request.body.body,
          attachments: request.body.attachments,
          visibility: request.body.visibility ?? 'public',
        }),
    );
    app.post(
      '/cases/:id/severity',
      {
        schema: {
          tags,
          summary:
            'Change the severity; running clocks take the new targets and the moved deadlines are recorded',
          params: IdParams,
          body: Type.Object(
            { severity: SeverityEnum, reason: Type.Optional(Text({ maxLength: 2000 })) },
            { additionalProperties: false },
          ),
          response: { 200: CaseSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => changeCaseSeverity(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/merge',
      {
        schema: {
          tags,
          summary:
            'Merge a duplicate case into another open case of the unit (staff): closed as merged, its clocks stopped, its record kept',
          params: IdParams,
          body: Type.Object({ into: Uuid }, { additionalProperties: false }),
          response: { 200: CaseSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => mergeCase(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/diagnosis',
      {
        schema: {
          tags,
          summary: 'Record what failed and why; the entitlement is decided again, both answers recorded',
          params: IdParams,
          body: Type.Object(
            {
              partCategory: Text({ minLength: 1, maxLength: 63 }),
              cause: Text({ minLength: 1, maxLength: 63 }),
              note: Type.Optional(Text({ maxLength: 5000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: CaseSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => recordDiagnosis(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/assignment',
      {
        schema: {
          tags,
          summary:
            'Assign an agent and/or a service partner (whose commitment clocks start beside the promise)',
          params: IdParams,
          body: Type.Object(
            {
              agentUserId: Type.Optional(Nullable(Uuid)),
              servicePartner: Type.Optional(Nullable(Type.String())),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: CaseSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => assignCase(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
