/**
 * What a declared media type may look like: `type/subtype` (RFC 6838 token characters), nothing
 * else — no parameters, spaces, CR or LF, which could split a response header or smuggle a
 * second type in.
 */
export const MEDIA_TYPE_PATTERN =
  '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$';
const MEDIA_TYPE = new RegExp(MEDIA_TYPE_PATTERN);

export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

/**
 * The only types a browser is allowed to show in place: raster images and PDF. Everything else
 * (HTML, SVG, XML, scripts, unknown bytes) is served as a download, since shown inline from the
 * app's own address it could act as the person looking at it.
 */
export const INLINE_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
]);
