import { AppError } from './errors.ts';

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Cursors are opaque to clients: the sort key of the last row they saw. */
export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What each value of a cursor must be: any text, a row id, a time, or a whole number. */
export type CursorPart = 'text' | 'uuid' | 'instant' | 'integer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// NUL (PostgreSQL cannot compare with it) or a UTF-16 surrogate without its partner.
const BAD_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function fits(value: string, part: CursorPart): boolean {
  if (value.length > 1000 || BAD_TEXT.test(value)) return false;
  switch (part) {
    case 'text':
      return true;
    case 'uuid':
      return UUID.test(value);
    case 'instant': {
      const time = new Date(value).getTime();
      return /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(time);
    }
    case 'integer':
      return /^-?\d{1,16}$/.test(value) && Number.isSafeInteger(Number(value));
  }
}

/**
 * The sort key a cursor carries, each value checked against what the query compares it with: a
 * forged cursor is refused with `invalid_cursor` (400), never handed to the database to fail on.
 */
export function decodeCursor(cursor: string | undefined, parts: readonly CursorPart[]): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === parts.length &&
      values.every((v, i) => typeof v === 'string' && fits(v, parts[i]!))
    ) {
      return values as string[];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid_cursor', {
    fields: [{ path: '/querystring/cursor', message: 'not a cursor we issued' }],
  });
}

/**
 * A page from rows fetched one more than asked (that extra row says a next page exists) and the
 * items made from the first `limit` of them; the cursor is the last shown row's sort key.
 */
export function pageOf<Row, T>(rows: Row[], limit: number, items: T[], key: (row: Row) => string[]): Page<T> {
  const last = rows.slice(0, limit).at(-1);
  return rows.length > limit && last !== undefined
    ? { items, nextCursor: encodeCursor(key(last)) }
    : { items };
}

/** As `pageOf`, mapping each row to its item. */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  map: (row: Row) => T,
  key: (row: Row) => string[],
): Page<T> {
  return pageOf(rows, limit, rows.slice(0, limit).map(map), key);
}
