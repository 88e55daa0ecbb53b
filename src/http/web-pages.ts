import fs from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Hashed file names (Vite's `assets/name-HASH.js`) never change content: cache them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page itself is checked every time, so a new build is picked up at once. */
const REVALIDATE = 'no-cache';

/**
 * Compression for every reply (the pages' files are precompressed at build time, brotli and gzip,
 * and served as such; API replies are compressed on the fly above 1 KB).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Brotli's default quality (11) costs too much per request; 4 is about gzip's speed, smaller.
    brotliOptions: { params: { [(await import('node:zlib')).constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}

/**
 * Serves the built web pages (web/dist) at `/`: hashed assets immutable, index.html no-cache,
 * and index.html for any other GET of a page (client routes), but never for `/api/*`, whose
 * unknown routes keep their problem+json 404.
 */
export async function registerWebPages(app: FastifyInstance, root: string): Promise<boolean> {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    preCompressed: true,
    index: false,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      reply.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`) ? IMMUTABLE : REVALIDATE,
      );
    },
  });
  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', REVALIDATE).type('text/html; charset=utf-8').sendFile('index.html');
  app.get('/', { schema: { hide: true } }, sendIndex);
  return true;
}

/** True for a request a browser makes for a page of the app (not the API, not a file). */
export function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const url = request.url.split('?')[0] ?? '';
  if (url.startsWith('/api/') || url === '/api' || url.startsWith('/healthz') || url.startsWith('/readyz'))
    return false;
  if (url.startsWith('/assets/')) return false;
  return !path.posix.basename(url).includes('.');
}
