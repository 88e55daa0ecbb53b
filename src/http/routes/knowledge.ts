import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { notFound } from '../../app/errors.ts';
import {
  attachArticleFiles,
  caseSuggestions,
  changeArticleState,
  createArticle,
  listArticles,
  listSynonyms,
  previewArticle,
  readArticle,
  readArticleFile,
  readDraftArticleFile,
  searchArticles,
  setSynonyms,
  showArticle,
  showArticleVersion,
  similarCases,
  updateArticle,
} from '../../app/knowledge/index.ts';
import { DEFAULT_PAGE_SIZE } from '../../app/pagination.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS, Uuid } from '../contracts/common.ts';
import {
  ArticleListQuery,
  ArticlePage,
  ArticleSchema,
  ArticleWithVersionsSchema,
  AttachArticleFilesBody,
  ChangeArticleStateBody,
  CreateArticleBody,
  LangQuery,
  PreviewBody,
  PreviewResult,
  PublishedArticleSchema,
  SearchQuery,
  SearchResult,
  SimilarCasesResult,
  SynonymsBody,
  SynonymsResult,
  UpdateArticleBody,
} from '../contracts/knowledge.ts';
import { sendStoredFile } from '../stored-file.ts';

const FILES_BODY_LIMIT = 150 * 1024 * 1024;
const KeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }) });
const FileParams = Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
const FileBody = Type.Unsafe<Buffer>({ type: 'string', description: 'the file' });

/** The knowledge base: authoring (brand staff), reading and search (every party, by visibility). */
export function knowledgeRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['knowledge base'];
    app.get(
      '/kb/articles',
      {
        schema: {
          tags,
          summary: 'Articles for their authors, newest change first',
          querystring: ArticleListQuery,
          response: { 200: ArticlePage, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listArticles(deps, actorOf(request), {
          limit: request.query.limit ?? DEFAULT_PAGE_SIZE,
          cursor: request.query.cursor,
          state: request.query.state,
        }),
    );
    app.post(
      '/kb/articles',
      {
        schema: {
          tags,
          summary: 'Write a new article (a draft)',
          body: CreateArticleBody,
          response: { 201: ArticleSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createArticle(deps, actorOf(request), request.body)),
    );
    app.get(
      '/kb/articles/:id',
      {
        schema: {
          tags,
          summary: 'An article’s working copy and its published versions',
          params: IdParams,
          response: { 200: ArticleWithVersionsSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showArticle(deps, actorOf(request), request.params.id),
    );
    app.patch(
      '/kb/articles/:id',
      {
        schema: {
          tags,
          summary: 'Edit a draft (or an article in review)',
          params: IdParams,
          body: UpdateArticleBody,
          response: { 200: ArticleSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateArticle(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/kb/articles/:id/state',
      {
        schema: {
          tags,
          summary: 'Send to review, publish (now or at publishAt), back to draft, archive',
          params: IdParams,
          body: ChangeArticleStateBody,
          response: { 200: ArticleSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => changeArticleState(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/kb/articles/:id/files',
      {
        bodyLimit: FILES_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Attach images and files to a draft; the body names them as file:NAME',
          params: IdParams,
          body: AttachArticleFilesBody,
          response: { 200: ArticleSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => attachArticleFiles(deps, actorOf(request), request.params.id, request.body.files),
    );
    app.get(
      '/kb/articles/:id/files/:sha256',
      {
        schema: {
          tags,
          summary: 'A file of a draft, for its authors',
          params: Type.Object({ id: Uuid, sha256: FileParams.properties.sha256 }),
          response: { 200: FileBody, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const { file, bytes } = await readDraftArticleFile(
          deps,
          actorOf(request),
          request.params.id,
          request.params.sha256,
        );
        if (!bytes) throw notFound({ en: 'No such file.', zh: '没有该文件。' });
        return sendStoredFile(reply, { name: file.name, bytes, recordedType: file.mediaType });
      },
    );
    app.get(
      '/kb/articles/:id/versions/:version',
      {
        schema: {
          tags,
          summary: 'One published version, as readers saw it',
          params: Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) }),
          querystring: LangQuery,
          response: { 200: PublishedArticleSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        showArticleVersion(
          deps,
          actorOf(request),
          request.params.id,
          request.params.version,
          request.query.lang ?? 'en',
        ),
    );
    app.post(
      '/kb/preview',
      {
        schema: {
          tags,
          summary: 'Render a Markdown body as readers will see it',
          body: PreviewBody,
          response: { 200: PreviewResult, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => previewArticle(deps, actorOf(request), request.body.body, request.body.articleId),
    );
    app.get(
      '/kb/read/:key',
      {
        schema: {
          tags,
          summary:
            'A published article as the caller may read it, in a language (the other shown when missing)',
          params: KeyParams,
          querystring: LangQuery,
          response: { 200: PublishedArticleSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => readArticle(deps, actorOf(request), request.params.key, request.query.lang ?? 'en'),
    );
    app.get(
      '/kb/read/:key/files/:sha256',
      {
        schema: {
          tags,
          summary: 'A file of a published article',
          params: Type.Object({ key: KeyParams.properties.key, sha256: FileParams.properties.sha256 }),
          response: { 200: FileBody, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const { file, bytes } = await readArticleFile(
          deps,
          actorOf(request),
          request.params.key,
          request.params.sha256,
        );
        if (!bytes) throw notFound({ en: 'No such file.', zh: '没有该文件。' });
        return sendStoredFile(reply, { name: file.name, bytes, recordedType: file.mediaType });
      },
    );
    app.get(
      '/kb/search',
      {
        schema: {
          tags,
          summary: 'Search the articles the caller may read (Chinese and English, synonyms, typos)',
          querystring: SearchQuery,
          response: { 200: SearchResult, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({
        items: await searchArticles(deps, actorOf(request), {
          query: request.query.q,
          lang: request.query.lang ?? 'en',
          limit: request.query.limit ?? 5,
          productModel: request.query.product,
        }),
      }),
    );
    app.get(
      '/kb/cases/:id/suggestions',
      {
        schema: {
          tags,
          summary: 'Articles for a case, from its product, fault and text',
          params: IdParams,
          querystring: LangQuery,
          response: { 200: SearchResult, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({
        items: await caseSuggestions(deps, actorOf(request), request.params.id, request.query.lang ?? 'en'),
      }),
    );
    app.get(
      '/kb/cases/:id/similar',
      {
        schema: {
          tags,
          summary: 'Resolved cases like this one (same product and fault), with diagnosis and parts',
          params: IdParams,
          response: { 200: SimilarCasesResult, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await similarCases(deps, actorOf(request), request.params.id) }),
    );
    app.get(
      '/kb/synonyms',
      {
        schema: {
          tags,
          summary: 'The tenant’s search synonyms',
          response: { 200: SynonymsResult, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ groups: await listSynonyms(deps, actorOf(request)) }),
    );
    app.put(
      '/kb/synonyms',
      {
        schema: {
          tags,
          summary: 'Replace the tenant’s search synonyms (groups of words that find each other)',
          body: SynonymsBody,
          response: { 200: SynonymsResult, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ groups: await setSynonyms(deps, actorOf(request), request.body.groups) }),
    );
  };
}
