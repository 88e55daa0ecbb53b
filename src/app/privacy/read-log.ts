import { type Actor, readsBrandInternals } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { loadPerson } from './person.ts';

/**
 * Notes that a member of the brand's staff read a person's data (a case of theirs, their contact
 * record). One insert beside the read; people reading their own data are not logged.
 */
export async function recordPersonalRead(
  deps: Pick<AppDeps, 'db' | 'now' | 'newId'>,
  actor: Actor,
  read: { partyId: string; what: 'case' | 'party' | 'export'; subjectId: string },
): Promise<void> {
  if (!readsBrandInternals(actor) && read.what !== 'export') return;
  await deps.db
    .insertInto('personal_data_reads')
    .values({
      tenant_id: actor.tenantId,
      read_id: deps.newId(),
      party_id: read.partyId,
      reader_user_id: actor.userId,
      what: read.what,
      subject_id: read.subjectId,
      read_at: deps.now(),
    })
    .execute();
}

export interface PersonalRead {
  readAt: Date;
  reader: { id: string; name: string };
  what: 'case' | 'party' | 'export';
  subjectId: string;
}

/** Who read a person's data, newest first (by the index on tenant, person, time). */
export async function listPersonalReads(
  deps: AppDeps,
  actor: Actor,
  partyId: string,
  limit = 200,
): Promise<PersonalRead[]> {
  // The brand's staff, and the person themselves (nobody else sees the person at all).
  await loadPerson(deps.db, actor, partyId);
  const rows = await deps.db
    .selectFrom('personal_data_reads as r')
    .leftJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.user_id', '=', 'r.reader_user_id'),
    )
    .select(['r.read_at', 'r.reader_user_id', 'u.name', 'r.what', 'r.subject_id'])
    .where('r.tenant_id', '=', actor.tenantId)
    .where('r.party_id', '=', partyId)
    .orderBy('r.read_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    readAt: r.read_at,
    reader: { id: r.reader_user_id, name: r.name ?? '' },
    what: r.what,
    subjectId: r.subject_id,
  }));
}
