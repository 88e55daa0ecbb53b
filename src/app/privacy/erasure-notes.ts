import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface ErasureNote {
  partyId: string;
  request: string;
  reason: string;
  fields: string[];
  erasedAt: string;
  evidenceSeq: number;
}

/** The erasures of the given people (a case's customer), for a dossier's redaction notes. */
export async function erasureNotes(
  db: Kysely<Database>,
  tenantId: string,
  partyIds: readonly string[],
): Promise<ErasureNote[]> {
  if (partyIds.length === 0) return [];
  const rows = await db
    .selectFrom('personal_data_erasures')
    .select(['party_id', 'request_ref', 'reason', 'fields', 'erased_at', 'evidence_seq'])
    .where('tenant_id', '=', tenantId)
    .where('party_id', 'in', partyIds)
    .orderBy('erased_at')
    .execute();
  return rows.map((r) => ({
    partyId: r.party_id,
    request: r.request_ref,
    reason: r.reason,
    fields: r.fields,
    erasedAt: r.erased_at.toISOString(),
    evidenceSeq: Number(r.evidence_seq),
  }));
}
