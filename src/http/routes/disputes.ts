import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  bookServiceCredits,
  changeMatterStage,
  computeRecoveryClaim,
  issueNotice,
  listMatters,
  listNotices,
  listSupplierRequests,
  matterView,
  noticeLetter,
  noticeView,
  openMatter,
  openSupplierRequest,
  postSupplierRequestMessage,
  readSupplierRequestFile,
  recordNoticeAnswer,
  recordSettlement,
  sendNotice,
  supplierRequestView,
} from '../../app/disputes/index.ts';
import { exportDossierAs } from '../../app/dossier/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  IssueNoticeBody,
  MatterSchema,
  MatterStageBody,
  NoticeAnswerBody,
  NoticeSchema,
  OpenMatterBody,
  OpenSupplierRequestBody,
  REQUEST_FILES_BODY_LIMIT,
  RequestMessageBody,
  SendNoticeBody,
  ServiceCreditsBody,
  ServiceCreditsSchema,
  SettlementBody,
  SupplierRequestSchema,
} from '../contracts/disputes.ts';
import { FileParams } from '../contracts/portal.ts';
import { sendStoredFile } from '../stored-file.ts';

/** Issue 16: supplier support requests, formal notices, dispute matters and service credits. */
export function disputeRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['disputes'];
    const request = { params: IdParams, response: { 200: SupplierRequestSchema, ...STANDARD_PROBLEMS } };
    const notice = { params: IdParams, response: { 200: NoticeSchema, ...STANDARD_PROBLEMS } };
    const matter = { params: IdParams, response: { 200: MatterSchema, ...STANDARD_PROBLEMS } };

    app.get(
      '/supplier-requests',
      {
        schema: {
          tags,
          summary: 'Support requests to suppliers (staff: all; a supplier: those addressed to it)',
          response: { 200: Type.Object({ items: Type.Array(SupplierRequestSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (req) => listSupplierRequests(deps, actorOf(req)),
    );
    app.post(
      '/supplier-requests',
      {
        bodyLimit: REQUEST_FILES_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Open a support request to a supplier under its supply agreement; its response clock starts',
          body: OpenSupplierRequestBody,
          response: { 201: SupplierRequestSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req, reply) => reply.status(201).send(await openSupplierRequest(deps, actorOf(req), req.body)),
    );
    app.get(
      '/supplier-requests/:id',
      { schema: { tags, summary: 'One supplier request', ...request } },
      async (req) => supplierRequestView(deps, actorOf(req), req.params.id),
    );
    app.post(
      '/supplier-requests/:id/messages',
      {
        bodyLimit: REQUEST_FILES_BODY_LIMIT,
        schema: {
          tags,
          summary: 'A message: from staff it starts a new response clock; from the supplier it answers',
          params: IdParams,
          body: RequestMessageBody,
          response: { 200: SupplierRequestSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => postSupplierRequestMessage(deps, actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/supplier-requests/:id/files/:sha256',
      {
        schema: {
          tags,
          summary: 'A file attached to a request message (staff, or the supplier it is addressed to)',
          params: FileParams,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...STANDARD_PROBLEMS },
        },
      },
      async (req, reply) => {
        const file = await readSupplierRequestFile(deps, actorOf(req), req.params.id, req.params.sha256);
        return sendStoredFile(reply, {
          name: file.name,
          bytes: file.bytes,
          recordedType: file.mediaType,
          cacheControl: 'private, max-age=3600',
        });
      },
    );

    app.get(
      '/notices',
      {
        schema: {
          tags,
          summary: 'Formal notices (staff: all; the addressee: those sent to it)',
          response: { 200: Type.Object({ items: Type.Array(NoticeSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (req) => listNotices(deps, actorOf(req)),
    );
    app.post(
      '/notices',
      {
        schema: {
          tags,
          summary: 'Draw up a notice of breach or formal complaint from the record',
          body: IssueNoticeBody,
          response: { 201: NoticeSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req, reply) => reply.status(201).send(await issueNotice(deps, actorOf(req), req.body)),
    );
    app.get('/notices/:id', { schema: { tags, summary: 'One notice', ...notice } }, async (req) =>
      noticeView(deps, actorOf(req), req.params.id),
    );
    app.get(
      '/notices/:id/letter',
      {
        schema: {
          tags,
          summary:
            'The letter in English and Chinese, as HTML, Word, or PDF (Word converted by LibreOffice; 503 when it is absent)',
          params: IdParams,
          querystring: Type.Object(
            {
              format: Type.Optional(
                Type.Unsafe<'html' | 'docx' | 'pdf'>({ type: 'string', enum: ['html', 'docx', 'pdf'] }),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (req, reply) => {
        const letter = await noticeLetter(deps, actorOf(req), req.params.id, req.query.format ?? 'html');
        return reply
          .type(letter.mediaType)
          .header('content-disposition', `attachment; filename="${letter.name}"`)
          .send(letter.body);
      },
    );
    app.post(
      '/notices/:id/send',
      {
        schema: {
          tags,
          summary: 'Send by e-mail or recorded delivery (waybill); the cure-period clock starts',
          params: IdParams,
          body: SendNoticeBody,
          response: { 200: NoticeSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => sendNotice(deps, actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/notices/:id/answer',
      {
        schema: {
          tags,
          summary: 'The addressee’s answer, which stops the cure-period clock',
          params: IdParams,
          body: NoticeAnswerBody,
          response: { 200: NoticeSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => recordNoticeAnswer(deps, actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/disputes',
      {
        schema: {
          tags,
          summary: 'Dispute matters (the brand’s staff only)',
          response: { 200: Type.Object({ items: Type.Array(MatterSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (req) => listMatters(deps, actorOf(req)),
    );
    app.post(
      '/disputes',
      {
        schema: {
          tags,
          summary: 'Open a dispute matter with the agreement’s dispute clause',
          body: OpenMatterBody,
          response: { 201: MatterSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req, reply) => reply.status(201).send(await openMatter(deps, actorOf(req), req.body)),
    );
    app.get('/disputes/:id', { schema: { tags, summary: 'One dispute matter', ...matter } }, async (req) =>
      matterView(deps, actorOf(req), req.params.id),
    );
    app.post(
      '/disputes/:id/claim',
      { schema: { tags, summary: 'Compute the recovery claim from the ledger', ...matter } },
      async (req) => computeRecoveryClaim(deps, actorOf(req), req.params.id),
    );
    app.post(
      '/disputes/:id/stage',
      {
        schema: {
          tags,
          summary: 'Move to another stage; the forum’s deadlines are set',
          params: IdParams,
          body: MatterStageBody,
          response: { 200: MatterSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => changeMatterStage(deps, actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/disputes/:id/settlement',
      {
        schema: {
          tags,
          summary: 'Record the settlement and book it on the ledger',
          params: IdParams,
          body: SettlementBody,
          response: { 200: MatterSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => recordSettlement(deps, actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/disputes/:id/dossier',
      { schema: { tags, summary: 'The matter’s dossier (zip), verifiable offline', params: IdParams } },
      async (req, reply) => {
        const actor = actorOf(req);
        const view = await matterView(deps, actor, req.params.id);
        const stream = new PassThrough();
        exportDossierAs(deps, actor, { type: 'matter', number: view.number }, stream).catch(
          (error: unknown) => {
            req.log.error({ err: error }, 'dossier export failed');
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
      '/disputes/cases/:id/service-credits',
      {
        schema: {
          tags,
          summary: 'Compute and book the customer’s service credits and the partner’s back-to-back penalty',
          params: IdParams,
          body: ServiceCreditsBody,
          response: { 200: ServiceCreditsSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => bookServiceCredits(deps, actorOf(req), req.params.id, req.body),
    );
  };
}
