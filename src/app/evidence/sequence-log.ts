import { sql } from 'kysely';
import {
  appendLeaves,
  canonicalJson,
  chainDraft,
  draftEntry,
  draftMaterial,
  type Frontier,
  GENESIS_HASH,
  nodeKey,
  rangeNodes,
  type StoredNode,
  treeHeadMaterial,
} from '../../domain/evidence/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import { merkleHasher } from '../../store/merkle-hasher.ts';
import type { AppDeps } from '../context.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { recordChange } from './record-change.ts';
import { rotationMaterial } from './rotation.ts';

/** Entries integrated into the tree per transaction. */
export const SEQUENCER_BATCH = 500;
/** How long a sequencer's claim on a tenant's log lasts unless renewed. */
export const LEASE_MS = 30_000;
/** How long a caller that needs the entries linked now waits for another server's pass. */
export const ON_DEMAND_WAIT_MS = 5_000;

export interface SignedTreeHead {
  tenantId: string;
  treeSize: number;
  rootHash: string;
  signedAt: string;
  keyFingerprint: string;
  publicKey: string;
  signature: string;
  /** RFC 3161 token (DER, base64) over SHA-256 of the signed text, when a TSA is configured. */
  timestampToken: string | null;
}

export function toTreeHead(row: {
  tenant_id: string;
  tree_size: number;
  root_hash: string;
  signed_at: string;
  key_fingerprint: string;
  public_key: string;
  signature: string;
  timestamp_token: string | null;
}): SignedTreeHead {
  return {
    tenantId: row.tenant_id,
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    signedAt: row.signed_at,
    keyFingerprint: row.key_fingerprint,
    publicKey: row.public_key,
    signature: row.signature,
    timestampToken: row.timestamp_token,
  };
}

/**
 * Claims the tenant's sequencer lease for `holder` (a row with holder and expiry: any server can
 * take it once it has expired). Gives the log's size, or nothing when another holder has it.
 */
async function claimLease(deps: AppDeps, tenantId: string, holder: string): Promise<boolean> {
  const now = deps.now();
  const until = new Date(now.getTime() + LEASE_MS);
  const claimed = await sql<{ tree_size: number }>`
    INSERT INTO evidence_logs (tenant_id, tree_size, root_hash, lease_holder, lease_expires_at)
    VALUES (${tenantId}, 0, ${merkleHasher.empty}, ${holder}, ${until})
    ON CONFLICT (tenant_id) DO UPDATE
      SET lease_holder = EXCLUDED.lease_holder, lease_expires_at = EXCLUDED.lease_expires_at
      WHERE evidence_logs.lease_holder IS NULL
         OR evidence_logs.lease_holder = EXCLUDED.lease_holder
         OR evidence_logs.lease_expires_at < ${now}
    RETURNING tree_size`.execute(deps.db);
  return claimed.rows.length === 1;
}

/** The right edge of the tree of `size` (its perfect subtrees), from the stored nodes. */
export async function loadFrontier(
  db: Tx | AppDeps['db'],
  tenantId: string,
  size: number,
): Promise<Frontier> {
  const ids = rangeNodes(0, size);
  const hashes = await loadNodes(db, tenantId, ids);
  return {
    size,
    nodes: ids.map((n) => {
      const hash = hashes.get(nodeKey(n));
      if (hash === undefined) throw new Error(`tree node ${nodeKey(n)} of tenant ${tenantId} is missing`);
      return { ...n, hash };
    }),
  };
}

/** Stored subtree hashes by `nodeKey`, in one round trip. */
export async function loadNodes(
  db: Tx | AppDeps['db'],
  tenantId: string,
  ids: readonly { level: number; index: number }[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  // The keys as two arrays joined to the primary key: one plan whatever their number (an OR of
  // pairs cost a planning pass per pair), each key one index probe.
  const rows = (
    await sql<{ level: number; idx: number; hash: string }>`
      SELECT n.level, n.idx, n.hash
      FROM unnest(${ids.map((n) => n.level)}::smallint[], ${ids.map((n) => n.index)}::bigint[]) AS k(level, idx)
      JOIN evidence_log_nodes n ON n.tenant_id = ${tenantId} AND n.level = k.level AND n.idx = k.idx`.execute(
      db,
    )
  ).rows;
  return new Map(rows.map((r) => [nodeKey({ level: Number(r.level), index: Number(r.idx) }), r.hash]));
}

/**
 * Chains and integrates one batch of the tenant's committed entries, under the lease. The row of
 * `evidence_logs` is locked for the batch and updated only while `holder` still holds the lease,
 * so two sequencers never integrate the same size twice.
 *
 * Order and gaplessness: an entry takes its number from the tenant's sequence when it is appended
 * (migration 0045), without waiting for other transactions, and is written as a draft without its
 * link. The sequencer takes entries strictly in number order from `tree_size + 1`: it completes
 * each draft with `seq` and the previous entry's hash (the chain), hashes it, and adds its leaf to
 * the tree, so leaf i is entry i+1. A number missing below a committed one was taken by a
 * transaction that rolled back, or by one still running: the sequencer writes an
 * `evidence.number_unused` entry at that number, and PostgreSQL makes that write wait for a
 * running transaction that holds the number, so the entry appears only when the number is truly
 * unused (if the holder commits, its entry stands and nothing is written). Entries therefore keep
 * the order of their numbers, not of their commits.
 */
async function integrateBatch(
  deps: AppDeps,
  tenantId: string,
  holder: string,
  batch: number,
): Promise<number> {
  return inTransaction(deps, async (trx) => {
    const log = await trx
      .selectFrom('evidence_logs')
      .select(['tree_size', 'lease_holder'])
      .where('tenant_id', '=', tenantId)
      .forUpdate()
      .executeTakeFirst();
    if (!log || log.lease_holder !== holder) return 0;
    const size = Number(log.tree_size);
    // From the entry at the tree's size (its hash is the next link) to a batch beyond it.
    const rows = await trx
      .selectFrom('timeline_entries')
      .select(['seq', 'material', 'hash'])
      .where('tenant_id', '=', tenantId)
      .where('seq', '>=', Math.max(size, 1))
      .orderBy('seq')
      .limit(batch + 1)
      .execute();
    let previous = { seq: 0, hash: GENESIS_HASH };
    if (size > 0) {
      const at = rows.shift();
      if (!at || Number(at.seq) !== size || at.hash === null)
        throw new Error(`entry ${size} of tenant ${tenantId}, the tree's last, is missing or not chained`);
      previous = { seq: size, hash: at.hash };
    }
    const leaves: string[] = [];
    const chained: { seq: number; material: string; prevHash: string; hash: string }[] = [];
    let unused: number[] = [];
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== previous.seq + 1) {
        for (let n = previous.seq + 1; n < seq; n++) unused.push(n);
        break;
      }
      let material = row.material;
      let hash = row.hash;
      if (hash === null) {
        const link = chainDraft(sha256Hex, previous, row.material);
        chained.push({ seq, material: link.material, prevHash: previous.hash, hash: link.hash });
        material = link.material;
        hash = link.hash;
      }
      leaves.push(merkleHasher.leaf(material));
      previous = { seq, hash };
    }
    if (chained.length > 0) await completeDrafts(trx, tenantId, chained);
    if (leaves.length > 0) {
      await trx
        .insertInto('timeline_heads')
        .values({ tenant_id: tenantId, seq: previous.seq, hash: previous.hash })
        .onConflict((oc) =>
          oc
            .column('tenant_id')
            .doUpdateSet({ seq: previous.seq, hash: previous.hash })
            .where('timeline_heads.seq', '<', previous.seq),
        )
        .execute();
      const frontier = await loadFrontier(trx, tenantId, size);
      const grown = appendLeaves(merkleHasher, frontier, leaves);
      await insertNodes(trx, tenantId, grown.created);
      await trx
        .updateTable('evidence_logs')
        .set({ tree_size: grown.frontier.size, root_hash: grown.root })
        .where('tenant_id', '=', tenantId)
        .execute();
      return leaves.length;
    }
    if (unused.length === 0) return 0;
    // Nothing chained before the gap: record its numbers as unused (each write waits for a
    // transaction still holding its number), and go on with the next batch.
    unused = unused.slice(0, batch);
    await recordUnusedNumbers(deps, trx, tenantId, unused);
    return -unused.length;
  });
}

/** Writes each draft's link, once (the trigger of migration 0045 allows exactly that). */
async function completeDrafts(
  trx: Tx,
  tenantId: string,
  chained: readonly { seq: number; material: string; prevHash: string; hash: string }[],
): Promise<void> {
  for (let i = 0; i < chained.length; i += 1000) {
    const values = chained
      .slice(i, i + 1000)
      .map((c) => sql`(${c.seq}::bigint, ${c.material}, ${c.prevHash}, ${c.hash})`);
    await sql`UPDATE timeline_entries e
      SET material = v.material, prev_hash = v.prev_hash, hash = v.hash
      FROM (VALUES ${sql.join(values)}) AS v(seq, material, prev_hash, hash)
      WHERE e.tenant_id = ${tenantId} AND e.seq = v.seq AND e.hash IS NULL`.execute(trx);
  }
}

/**
 * Records numbers no committed entry holds as unused, each an entry of its own. The insert of a
 * number a running transaction has written waits for that transaction: when it commits, its own
 * entry stands and nothing is written here.
 */
async function recordUnusedNumbers(
  deps: AppDeps,
  trx: Tx,
  tenantId: string,
  numbers: readonly number[],
): Promise<void> {
  const recordedAt = deps.now().toISOString();
  await trx
    .insertInto('timeline_entries')
    .values(
      numbers.map((seq) => {
        const { draft, payload } = draftEntry(
          sha256Hex,
          {
            type: 'evidence.number_unused',
            subject: { type: 'tenant', id: tenantId },
            actor: { userId: null, authenticatedBy: 'system' },
            channel: { name: 'worker', externalIds: {} },
            occurredAt: recordedAt,
            payload: { seq },
            blobs: [],
            refersTo: null,
          },
          tenantId,
          recordedAt,
        );
        return {
          tenant_id: tenantId,
          seq,
          entry_type: draft.type,
          subject_type: draft.subject.type,
          subject_id: draft.subject.id,
          recorded_at: recordedAt,
          material: draftMaterial(draft),
          payload: canonicalJson(payload),
          prev_hash: null,
          hash: null,
        };
      }),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'seq']).doNothing())
    .execute();
}

async function insertNodes(trx: Tx, tenantId: string, nodes: readonly StoredNode[]): Promise<void> {
  // In slices: a statement's parameters are limited (65535 in PostgreSQL's protocol).
  for (let i = 0; i < nodes.length; i += 5000) {
    await trx
      .insertInto('evidence_log_nodes')
      .values(
        nodes
          .slice(i, i + 5000)
          .map((n) => ({ tenant_id: tenantId, level: n.level, idx: n.index, hash: n.hash })),
      )
      .execute();
  }
}

/**
 * Runs the tenant's sequencer once: takes the lease (or gives up when another server holds it),
 * integrates every committed entry into the tree a batch at a time, and lets the lease go. Gives
 * the number of entries integrated, or null when another holder has the lease.
 */
export async function sequenceLog(
  deps: AppDeps,
  tenantId: string,
  options: { holder?: string; batch?: number; waitMs?: number } = {},
): Promise<number | null> {
  const holder = options.holder ?? `${process.pid}-${deps.newId()}`;
  // A caller that needs the entries linked now (a verification, a checkpoint, a receipt) waits
  // for another server's pass to end (they are short), then runs its own.
  const giveUpAt = Date.now() + (options.waitMs ?? 0);
  while (!(await claimLease(deps, tenantId, holder))) {
    if (Date.now() >= giveUpAt) return null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  let total = 0;
  try {
    for (;;) {
      const n = await integrateBatch(deps, tenantId, holder, options.batch ?? SEQUENCER_BATCH);
      if (n === 0) break;
      // A negative count: that many unused numbers recorded, to be chained by the next batch.
      if (n > 0) total += n;
    }
  } finally {
    await deps.db
      .updateTable('evidence_logs')
      .set({ lease_holder: null, lease_expires_at: null })
      .where('tenant_id', '=', tenantId)
      .where('lease_holder', '=', holder)
      .execute();
  }
  return total;
}

/**
 * Runs the sequencer of every tenant with entries still to chain (found through the partial index
 * of unchained entries, migration 0045: nothing already chained is read). The server's periodic
 * job; a tenant another server is sequencing is left to it. Gives the entries chained.
 */
export async function sequencePendingTenants(deps: AppDeps): Promise<number> {
  const pending = await deps.db
    .selectFrom('tenants as t')
    .select('t.tenant_id')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('timeline_entries as e')
          .select('e.seq')
          .whereRef('e.tenant_id', '=', 't.tenant_id')
          .where('e.hash', 'is', null),
      ),
    )
    .execute();
  let chained = 0;
  for (const { tenant_id } of pending) chained += (await sequenceLog(deps, tenant_id)) ?? 0;
  return chained;
}

/** The newest signed head of the tenant's log, if any. */
export async function latestTreeHead(
  db: AppDeps['db'],
  tenantId: string,
): Promise<SignedTreeHead | undefined> {
  const row = await db
    .selectFrom('evidence_tree_heads')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toTreeHead(row) : undefined;
}

/**
 * Integrates what is new and signs the tree head (Ed25519), once per size. When the key that
 * signs differs from the one that signed the last head, the rotation is first recorded in the
 * log itself (an entry naming the old and the new key), so the first head of the new key covers
 * it. `timestamp`, when given, obtains an RFC 3161 token for the signed text.
 */
export async function signTreeHead(
  deps: AppDeps,
  tenantId: string,
  options: { timestamp?: (signedText: string) => Promise<string | null> } = {},
): Promise<SignedTreeHead | undefined> {
  const signer = deps.evidenceSigner;
  const last = await latestTreeHead(deps.db, tenantId);
  if (last && last.keyFingerprint !== signer.fingerprint) {
    const alreadyRecorded = await deps.db
      .selectFrom('timeline_entries')
      .select('seq')
      .where('tenant_id', '=', tenantId)
      .where('entry_type', '=', 'evidence.signing_key_rotated')
      .where('seq', '>', last.treeSize)
      .limit(1)
      .executeTakeFirst();
    if (!alreadyRecorded) {
      await inTransaction(deps, (trx) =>
        recordChange(
          deps,
          trx,
          { tenantId, userId: null, authenticatedBy: 'system' },
          {
            type: 'evidence.signing_key_rotated',
            subject: { type: 'tenant', id: tenantId },
            payload: {
              previousKeyFingerprint: last.keyFingerprint,
              keyFingerprint: signer.fingerprint,
              publicKey: signer.publicKeyPem,
              // The old key vouches for the new one, so a verifier pinned to the old key follows.
              endorsement:
                signer.previous?.fingerprint === last.keyFingerprint
                  ? signer.previous.sign(
                      rotationMaterial({
                        tenantId,
                        previousKeyFingerprint: last.keyFingerprint,
                        keyFingerprint: signer.fingerprint,
                      }),
                    )
                  : null,
            },
          },
        ),
      );
    }
  }
  const integrated = await sequenceLog(deps, tenantId, { waitMs: ON_DEMAND_WAIT_MS });
  if (integrated === null) return last; // another server is sequencing; it signs
  const log = await deps.db
    .selectFrom('evidence_logs')
    .select(['tree_size', 'root_hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const size = Number(log?.tree_size ?? 0);
  if (!log || size === 0) return undefined;
  const current = await latestTreeHead(deps.db, tenantId);
  if (current && current.treeSize >= size) return current;
  const signedAt = deps.now().toISOString();
  const material = treeHeadMaterial({ tenantId, treeSize: size, rootHash: log.root_hash, signedAt });
  const token = options.timestamp ? await options.timestamp(material) : null;
  const row = {
    tenant_id: tenantId,
    tree_size: size,
    root_hash: log.root_hash,
    signed_at: signedAt,
    key_fingerprint: signer.fingerprint,
    public_key: signer.publicKeyPem,
    signature: signer.sign(material),
    timestamp_token: token,
  };
  await deps.db
    .insertInto('evidence_tree_heads')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'tree_size']).doNothing())
    .execute();
  return toTreeHead(row);
}
