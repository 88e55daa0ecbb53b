import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { decideEntitlementForClaim } from '../../app/entitlement/index.ts';
import {
  acceptMarkup,
  type CheckFormat,
  cautionsText,
  checkTenantTerms,
  confirmDraft,
  diffAgreementVersions,
  importAgreements,
  listAgreements,
  markupDocx,
  markupHtml,
  readAgreementSource,
  readDraftAs,
  readReviewData,
  renderCheck,
  reviewTenantTerms,
  showAgreement,
  summaryHtml,
  triggersText,
  updateReviewData,
} from '../../app/terms/index.ts';
import { actorOf } from '../auth.ts';
import { STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  AcceptMarkupBody,
  AgreementParams,
  AgreementSummarySchema,
  CheckBody,
  CheckQuery,
  ConfirmDraftBody,
  DecideBody,
  DiffQuery,
  ImportBody,
  ImportedSchema,
  ListQuery,
  OpenObject,
  ReadDraftBody,
  ReviewBody,
  ReviewDataBody,
  ReviewDataSchema,
  ShowQuery,
  VersionDetailSchema,
  VersionParams,
} from '../contracts/terms.ts';
import { languageOf } from '../problem.ts';
import { sendStoredFile } from '../stored-file.ts';

const TEXT_OR_JSON = {
  200: Type.Unsafe<unknown>({
    description: 'The report (JSON), or the summary as text/plain or text/html',
  }),
  ...STANDARD_PROBLEMS,
};

export function termsRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['terms'];

    async function check(
      request: FastifyRequest,
      reply: FastifyReply,
      options: {
        files?: { name: string; text: string }[] | undefined;
        format?: CheckFormat | undefined;
        lang?: 'en' | 'zh' | undefined;
      },
    ) {
      const report = await checkTenantTerms(deps, actorOf(request), options.files);
      const lang = options.lang ?? (languageOf(request) === 'zh' ? 'zh' : 'en');
      const { rendered } = renderCheck(report, options.format ?? 'json', lang);
      if (rendered === null) return reply.type('application/json').send(JSON.stringify(report));
      return reply
        .type(`${options.format === 'html' ? 'text/html' : 'text/plain'}; charset=utf-8`)
        .send(rendered);
    }

    app.post(
      '/agreements/import',
      {
        schema: {
          tags,
          summary:
            'Import terms files (YAML or JSON texts): all or nothing; errors name file, line, column and key',
          body: ImportBody,
          response: { 201: Type.Object({ items: Type.Array(ImportedSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ items: await importAgreements(deps, actorOf(request), request.body.files) }),
    );
    app.get(
      '/agreements',
      {
        schema: {
          tags,
          summary: 'Agreements with every stored version',
          querystring: ListQuery,
          response: { 200: Type.Object({ items: Type.Array(AgreementSummarySchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listAgreements(deps, actorOf(request), request.query) }),
    );
    app.get(
      '/agreements/:id',
      {
        schema: {
          tags,
          summary: 'One version of an agreement (the latest unless ?version=), with its content',
          params: AgreementParams,
          querystring: ShowQuery,
          response: { 200: VersionDetailSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showAgreement(deps, actorOf(request), request.params.id, request.query.version),
    );
    app.get(
      '/agreements/:id/versions/:version/source',
      {
        schema: {
          tags,
          summary: 'The file of a version exactly as imported',
          params: VersionParams,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string' }), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const source = await readAgreementSource(
          deps,
          actorOf(request),
          request.params.id,
          request.params.version,
        );
        return sendStoredFile(reply, {
          name: source.sourceName,
          bytes: source.text,
          recordedType: source.mediaType,
        });
      },
    );
    app.get(
      '/agreements/:id/diff',
      {
        schema: {
          tags,
          summary: 'What changed between two versions, clause by clause (by ref)',
          params: AgreementParams,
          querystring: DiffQuery,
          response: { 200: OpenObject, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        diffAgreementVersions(
          deps,
          actorOf(request),
          request.params.id,
          request.query.from,
          request.query.to,
        ),
    );
    app.post(
      '/entitlements/decide',
      {
        schema: {
          tags,
          summary:
            'Decide a claim by the agreements in force at its events: covered, suspended, remedy, cost bearers, cites, cover ends, supplier recovery',
          body: DecideBody,
          response: { 200: OpenObject, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const { expected: _expected, ...claim } = request.body;
        return decideEntitlementForClaim(deps, actorOf(request), claim);
      },
    );
    app.post(
      '/terms/check',
      {
        schema: {
          tags,
          summary:
            'The service risk summary of the given files, or of the stored agreements when no files are given',
          body: CheckBody,
          response: TEXT_OR_JSON,
        },
      },
      async (request, reply) => check(request, reply, request.body),
    );
    app.get(
      '/terms/check',
      {
        schema: {
          tags,
          summary: 'The service risk summary of the stored agreements (?format=html&lang=zh for people)',
          querystring: CheckQuery,
          response: TEXT_OR_JSON,
        },
      },
      async (request, reply) => check(request, reply, request.query),
    );
    app.post(
      '/terms/review',
      {
        schema: {
          tags,
          summary:
            'The first-pass review of the given files (or the stored agreements): one-page summary (HTML), mark-up (Word with tracked changes, or HTML redline), cautions, triggers, or the whole review as JSON',
          body: ReviewBody,
          response: TEXT_OR_JSON,
        },
      },
      async (request, reply) => {
        const body = request.body;
        const review = await reviewTenantTerms(deps, actorOf(request), {
          files: body.files,
          data: body.data,
        });
        const lang = body.lang ?? (languageOf(request) === 'zh' ? 'zh' : 'en');
        const html = (text: string) => reply.type('text/html; charset=utf-8').send(text);
        const plain = (text: string) => reply.type('text/plain; charset=utf-8').send(text);
        switch (body.output ?? 'json') {
          case 'summary':
            return html(summaryHtml(review, lang));
          case 'markup_html':
            return html(markupHtml(review, lang));
          case 'markup_docx':
            return reply
              .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
              .header('content-disposition', 'attachment; filename="markup.docx"')
              .send(await markupDocx(review, lang, deps.now().toISOString()));
          case 'cautions':
            return plain(cautionsText(review, lang));
          case 'triggers':
            return plain(triggersText(review, lang));
          default:
            return reply.type('application/json').send(JSON.stringify(review));
        }
      },
    );
    app.get(
      '/terms/review-data',
      {
        schema: {
          tags,
          summary:
            "The tenant's review data (installed base, part costs, rates, assumptions) and the assumptions and rates in effect",
          response: { 200: ReviewDataSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => readReviewData(deps, actorOf(request)),
    );
    app.put(
      '/terms/review-data',
      {
        schema: {
          tags,
          summary:
            'Replace the review data (YAML text or object); a review given no data uses it. With revision, 409 when changed meanwhile',
          body: ReviewDataBody,
          response: { 200: ReviewDataSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateReviewData(deps, actorOf(request), request.body as never),
    );
    app.post(
      '/terms/review/accept',
      {
        schema: {
          tags,
          summary:
            "Accept the review's mark-up: the proposed next version of each agreement (or those named) imported from effectiveFrom, recorded with the findings it cures",
          body: AcceptMarkupBody,
          response: { 201: Type.Object({ items: Type.Array(OpenObject) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ items: await acceptMarkup(deps, actorOf(request), request.body) }),
    );
    app.post(
      '/terms/drafts/read',
      {
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Read a draft (.docx or text) into clauses by numbering, each with the values its wording suggests (durations, territories, percentages) and the words they came from; nothing is stored',
          body: ReadDraftBody,
          response: { 200: Type.Object({ clauses: Type.Array(OpenObject) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const content = Buffer.from(request.body.contentBase64, 'base64');
        return { clauses: await readDraftAs(actorOf(request), request.body.name, content) };
      },
    );
    app.post(
      '/terms/drafts/confirm',
      {
        schema: {
          tags,
          summary:
            "A draft's confirmed or corrected values as terms: the next version of a stored agreement or a new one; answers the YAML and its check, and imports it when store is true",
          body: ConfirmDraftBody,
          response: { 200: OpenObject, 201: OpenObject, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const confirmed = await confirmDraft(deps, actorOf(request), request.body as never);
        return reply.status(confirmed.imported ? 201 : 200).send(confirmed);
      },
    );
  };
}
