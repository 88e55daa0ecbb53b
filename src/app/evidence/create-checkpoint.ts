import { checkpointMaterial } from '../../domain/evidence/index.ts';
import type { AppDeps } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { sequencePendingTenants, signTreeHead } from './sequence-log.ts';

export interface Checkpoint {
  tenantId: string;
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  publicKey: string;
  signature: string;
}

/**
 * Signs the head of a tenant's chain. A head already signed is not signed again; an empty
 * chain has nothing to sign. A later rewrite of any entry up to `seq` no longer matches.
 */
export async function createCheckpoint(deps: AppDeps, tenantId: string): Promise<Checkpoint | undefined> {
  // The Merkle log: chain and integrate what is committed, and sign its tree head (with a
  // timestamp when a TSA is set); then the chain head the sequencer reached is signed too.
  await signTreeHead(deps, tenantId, deps.timestamper ? { timestamp: deps.timestamper } : {});
  return signChainHead(deps, tenantId);
}

function signChainHead(deps: AppDeps, tenantId: string): Promise<Checkpoint | undefined> {
  return inTransaction(deps, async (trx) => {
    const head = await trx
      .selectFrom('timeline_heads')
      .select(['seq', 'hash'])
      .where('tenant_id', '=', tenantId)
      .forUpdate()
      .executeTakeFirst();
    if (!head || Number(head.seq) === 0) return undefined;
    const existing = await trx
      .selectFrom('timeline_checkpoints')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('seq', '=', head.seq)
      .executeTakeFirst();
    if (existing) return toCheckpoint(existing);
    const signedAt = deps.now().toISOString();
    const material = checkpointMaterial({ tenantId, seq: Number(head.seq), hash: head.hash, signedAt });
    const row = {
      tenant_id: tenantId,
      seq: Number(head.seq),
      hash: head.hash,
      signed_at: signedAt,
      key_id: deps.evidenceSigner.keyId,
      public_key: deps.evidenceSigner.publicKeyPem,
      signature: deps.evidenceSigner.sign(material),
    };
    await trx.insertInto('timeline_checkpoints').values(row).execute();
    return toCheckpoint(row);
  });
}

/** Checkpoints every tenant whose chain moved since its last checkpoint; the periodic job. */
export async function checkpointAllTenants(deps: AppDeps): Promise<Checkpoint[]> {
  await sequencePendingTenants(deps);
  const heads = await deps.db
    .selectFrom('timeline_heads')
    .leftJoin('timeline_checkpoints', (j) =>
      j
        .onRef('timeline_checkpoints.tenant_id', '=', 'timeline_heads.tenant_id')
        .onRef('timeline_checkpoints.seq', '=', 'timeline_heads.seq'),
    )
    .select('timeline_heads.tenant_id')
    .where('timeline_checkpoints.seq', 'is', null)
    .where('timeline_heads.seq', '>', 0)
    .execute();
  const made: Checkpoint[] = [];
  for (const { tenant_id } of heads) {
    const checkpoint = await createCheckpoint(deps, tenant_id);
    if (checkpoint) made.push(checkpoint);
  }
  return made;
}

export function toCheckpoint(row: {
  tenant_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  key_id: string;
  public_key: string;
  signature: string;
}): Checkpoint {
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    hash: row.hash,
    signedAt: row.signed_at,
    keyId: row.key_id,
    publicKey: row.public_key,
    signature: row.signature,
  };
}
