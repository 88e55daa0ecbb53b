import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { decideEntitlementForClaim } from '../../app/entitlement/index.ts';
import {
  type CheckFormat,
  cautionsText,
  checkTenantTerms,
  diffAgreementVersions,
  importAgreements,
  listAgreements,
  markupDocx,
  markupHtml,
  readAgreementSource,
  renderCheck,
  reviewTenantTerms,
  showAgreement,
  summaryHtml,
  triggersText,
} from '../../app/terms/index.ts';
import { actorOf } from '../auth.ts';
import { STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  AgreementParams,
  AgreementSummarySchema,
  CheckBody,
  CheckQuery,
  DecideBody,
  DiffQuery,
  ImportBody,
  ImportedSchema,
  ListQuery,
  OpenObject,
  ReviewBody,
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
  };
}
