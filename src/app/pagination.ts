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

export function decodeCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string')) {
      return values as string[];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid_input', {
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
