import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { listDocuments, readDocumentSource } from '../../app/document/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, Instant, STANDARD_PROBLEMS, Uuid } from '../contracts/common.ts';
import { sendStoredFile } from '../stored-file.ts';

const DocumentKindSchema = Type.Union([
  Type.Literal('terms'),
  Type.Literal('calendar'),
  Type.Literal('claim'),
]);
const DocumentSchema = Type.Object({
  id: Uuid,
  kind: DocumentKindSchema,
  key: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  sourceName: Type.String(),
  sha256: Type.String(),
  loadedAt: Instant,
});

export function documentRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['documents'];
    app.get(
      '/documents',
      {
        schema: {
          tags,
          summary: 'Terms, calendar and claim files kept as documents',
          querystring: Type.Object(
            { kind: Type.Optional(DocumentKindSchema) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(DocumentSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listDocuments(deps, actorOf(request), request.query.kind) }),
    );
    app.get(
      '/documents/:id/source',
      {
        schema: {
          tags,
          summary: 'The original file, byte for byte',
          params: IdParams,
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', description: 'The file as it was loaded' }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request, reply) => {
        const source = await readDocumentSource(deps, actorOf(request), request.params.id);
        return sendStoredFile(reply, {
          name: source.sourceName,
          bytes: source.bytes,
          recordedType: source.mediaType,
        });
      },
    );
  };
}
