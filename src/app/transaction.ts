import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { AppDeps } from './context.ts';

/**
 * One request's transaction. Use cases record on the evidence record through
 * `recordChange(deps, tx, ...)` in the transaction that makes the change, so both commit or
 * neither does; appends take no tenant-wide lock (migration 0045), so transactions of one tenant
 * do not queue behind each other.
 */
export type Tx = Transaction<Database>;

/**
 * Runs `work` in a transaction and commits when it returns (rolls back when it throws). Given the
 * caller's transaction (`within`), it runs in that one instead, so a use case called by another
 * commits or rolls back with it: one transaction per request.
 */
export function inTransaction<T>(
  deps: { db: Kysely<Database> },
  work: (tx: Tx) => Promise<T>,
  within?: Tx,
): Promise<T> {
  if (within) return work(within);
  return deps.db.transaction().execute((trx) => work(trx));
}

/** The database to read with: the caller's transaction when there is one (it sees its own writes). */
export function readerOf(deps: Pick<AppDeps, 'db'>, within: Tx | undefined): Kysely<Database> {
  return within ?? deps.db;
}
