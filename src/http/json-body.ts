import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** NUL (PostgreSQL cannot store it in text) or a UTF-16 surrogate without its partner. */
const BAD_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isCleanText(text: string): boolean {
  return !BAD_TEXT.test(text);
}

function badText(path: string, message: string): AppError {
  return new AppError('invalid_text', { fields: [{ path, message }] });
}

/** The JSON pointer of the first string (key or value) that is not clean text, if any. */
function firstBadString(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isCleanText(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstBadString(item, `${path}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!isCleanText(key)) return at;
      const found = firstBadString(item, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * JSON bodies are decoded strictly: invalid UTF-8 is refused rather than silently replaced with
 * U+FFFD, and a NUL or a lone surrogate anywhere in the body (keys too) is refused at the door
 * with its path, instead of reaching the database and failing there.
 */
export function registerStrictJson(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        done(badText('/body', 'is not valid UTF-8'));
        return;
      }
      parse(request, text, (error, value) => {
        if (error) {
          done(error);
          return;
        }
        const bad = firstBadString(value, '/body');
        if (bad !== undefined) done(badText(bad, 'holds a NUL character or a lone surrogate'));
        else done(null, value);
      });
    },
  );
  // Query strings and path parameters: a NUL or bytes that are not UTF-8 are refused before routing work.
  app.addHook('onRequest', async (request) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(request.url);
    } catch {
      throw badText('/url', 'is not valid UTF-8');
    }
    if (!isCleanText(decoded)) throw badText('/url', 'holds a NUL character or a lone surrogate');
  });
}
