import type { Actor } from '../../domain/access/index.ts';
import type { EntryType, RecordedEntry, SubjectType } from '../../domain/evidence/index.ts';
import type { AppDeps } from '../context.ts';
import type { Tx } from '../transaction.ts';
import { appendEntries, type ContentToAppend, type PersonalFields } from './append-entry.ts';

/** Who made a change: a signed-in actor, or the operator at the command line (no user). */
export type ChangeAuthor = {
  tenantId: string;
  userId: string | null;
  authenticatedBy: Actor['authenticatedBy'] | 'system';
};

const CHANNEL: Record<ChangeAuthor['authenticatedBy'], string> = {
  session: 'web',
  api_token: 'api',
  cli: 'cli',
  mail: 'email',
  system: 'worker',
};

export interface Change {
  /** One of the known entry types: a typo does not compile. */
  type: EntryType;
  subject: { type: SubjectType; id: string };
  payload: unknown;
  blobs?: string[];
  /** The payload's personal fields (a name, an e-mail, a phone): sealed so erasure keeps the hash. */
  personal?: PersonalFields;
}

function contentOf(deps: Pick<AppDeps, 'now'>, actor: ChangeAuthor, change: Change): ContentToAppend {
  return {
    personal: change.personal,
    type: change.type,
    subject: change.subject,
    actor: { userId: actor.userId, authenticatedBy: actor.authenticatedBy },
    channel: { name: CHANNEL[actor.authenticatedBy], externalIds: {} },
    occurredAt: deps.now().toISOString(),
    payload: change.payload,
    blobs: change.blobs ?? [],
    refersTo: null,
  };
}

/**
 * Records a change made through the API or the CLI on the evidence record, in the transaction
 * that makes the change. The payload says what the caller asked for, in the API's words.
 */
export function recordChange(
  deps: Pick<AppDeps, 'now'>,
  trx: Tx,
  actor: ChangeAuthor,
  change: Change,
): Promise<RecordedEntry> {
  return appendEntries(deps, trx, actor.tenantId, [contentOf(deps, actor, change)]).then((e) => e[0]!);
}

/** Records several changes, in order, as `recordChange` one after the other would, in one write. */
export function recordChanges(
  deps: Pick<AppDeps, 'now'>,
  trx: Tx,
  actor: ChangeAuthor,
  changes: readonly Change[],
): Promise<RecordedEntry[]> {
  return appendEntries(
    deps,
    trx,
    actor.tenantId,
    changes.map((change) => contentOf(deps, actor, change)),
  );
}
