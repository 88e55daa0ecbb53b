import type { FastifyReply } from 'fastify';
import { sniffMediaType } from '../app/files/index.ts';
import { INLINE_MEDIA_TYPES } from '../domain/files/index.ts';

/**
 * Types the server itself wrote (terms and document sources), kept as text when downloaded so that
 * an editor opens them; never shown in place.
 */
const SERVER_TEXT_TYPES: ReadonlySet<string> = new Set([
  'application/yaml',
  'text/yaml',
  'text/markdown',
  'text/plain',
  'text/csv',
]);

/**
 * A stored file's response never runs anything: no script, no plugin, no form, in an opaque
 * origin. An image needs its own bytes and the browser's inline styles of its image view; a PDF
 * needs the browser's viewer (a plugin, object-src), which a sandboxed page may not start; its
 * bytes begin as a PDF and nosniff holds, so the browser never reads them as a page. A PDF may be
 * framed by our own pages only (the case page's viewer); every other file keeps the site-wide
 * `frame-ancestors 'none'` and X-Frame-Options DENY, so an HTML or SVG upload is never shown inline.
 */
const IMAGE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
const PDF_POLICY = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
const DOWNLOAD_POLICY = "default-src 'none'; sandbox";

/** A name safe inside a header: no quotes, backslashes, separators or control characters. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[\\/"<>:|?*;]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned === '' ? 'file' : cleaned;
}

function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const safe = safeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

export interface StoredFileReply {
  /** The name the uploader or importer gave it. */
  name: string;
  bytes: Buffer;
  /** The media type on record; believed only for the server's own text sources. */
  recordedType: string;
  cacheControl?: string;
}

/**
 * Every stored file (attachments, visit-report photos and signatures, document and terms sources)
 * is answered through here. The type comes from the bytes, not from the uploader: only a raster
 * image or a PDF is shown in place; anything else is a download with a sandboxing policy, so that
 * an HTML page uploaded by one party cannot act as the person who opens it.
 */
export async function sendStoredFile(reply: FastifyReply, file: StoredFileReply): Promise<FastifyReply> {
  const sniffed = await sniffMediaType(file.bytes);
  const recorded = file.recordedType.toLowerCase();
  reply.header('x-content-type-options', 'nosniff');
  if (file.cacheControl) reply.header('cache-control', file.cacheControl);
  if (sniffed && INLINE_MEDIA_TYPES.has(sniffed)) {
    if (sniffed === 'application/pdf') reply.header('x-frame-options', 'SAMEORIGIN');
    return reply
      .type(sniffed)
      .header('content-security-policy', sniffed === 'application/pdf' ? PDF_POLICY : IMAGE_POLICY)
      .header('content-disposition', contentDisposition('inline', file.name))
      .send(file.bytes);
  }
  const type =
    sniffed ?? (SERVER_TEXT_TYPES.has(recorded) ? `${recorded}; charset=utf-8` : 'application/octet-stream');
  return reply
    .type(type)
    .header('content-security-policy', DOWNLOAD_POLICY)
    .header('content-disposition', contentDisposition('attachment', file.name))
    .send(file.bytes);
}
