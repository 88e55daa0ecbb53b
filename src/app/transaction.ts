import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { AppDeps } from './context.ts';

/** The head of a tenant's evidence chain as this transaction holds it once it has claimed it. */
export interface HeldHead {
  seq: number;
  hash: string;
}

/**
 * One request's transaction. It owns what the evidence record needs across the use cases that
 * run in it: the chain heads it has claimed (their rows stay locked until commit or rollback), so
 * a later append in the same transaction continues the chain without claiming it again, and a
 * savepoint that is rolled back puts them back. Use cases never handle this themselves: they
 * record through `recordChange(deps, tx, ...)`, which only accepts a `Tx`.
 */
export type Tx = Transaction<Database> & { readonly heldHeads: Map<string, HeldHead> };

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
  return deps.db
    .transaction()
    .execute((trx) => work(Object.assign(trx, { heldHeads: new Map<string, HeldHead>() })));
}

/** The database to read with: the caller's transaction when there is one (it sees its own writes). */
export function readerOf(deps: Pick<AppDeps, 'db'>, within: Tx | undefined): Kysely<Database> {
  return within ?? deps.db;
}
