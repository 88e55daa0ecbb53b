import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { Database } from '../../store/schema.ts';
import type { StoredAttachment } from '../files/index.ts';

/** A file attached to a case, with who attached it, when, and with what. */
export interface CaseAttachment extends StoredAttachment {
  /** The request's opening, or a message (reply, customer message, internal note). */
  addedWith: 'opening' | 'message';
  addedBy: { name: string; party: string } | null;
  addedAt: Date;
  /** Where the caller downloads it: the case's file route, which checks access again. */
  href: string;
}

/** What of the case the listing needs, as `loadVisibleCase` gives it. */
interface CaseRow {
  tenant_id: string;
  case_id: string;
  customer_party_id: string;
  opened_at: Date;
  opened_by_user_id: string | null;
}

/**
 * The files attached to a case the actor may see, oldest first: the opening's (named by its
 * `case.opened` entry, found through the timeline's by-subject index) and the messages' (a
 * customer sees the public messages' only).
 */
export async function caseAttachments(
  db: Kysely<Database>,
  actor: Actor,
  row: CaseRow,
): Promise<CaseAttachment[]> {
  const t = row.tenant_id;
  const customer = visibilityOf(actor).kind === 'party' && row.customer_party_id === actor.partyId;
  const href = (sha256: string) => `/api/v1/cases/${row.case_id}/files/${sha256}`;
  const openingQuery = db
    .selectFrom('timeline_entries')
    .select('payload')
    .where('tenant_id', '=', t)
    .where('subject_type', '=', 'case')
    .where('subject_id', '=', row.case_id)
    .where('entry_type', '=', 'case.opened')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  let query = db
    .selectFrom('case_messages as m')
    .innerJoin('timeline_entries as e', (j) =>
      j.onRef('e.tenant_id', '=', 'm.tenant_id').onRef('e.seq', '=', 'm.evidence_seq'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.user_id', '=', 'm.author_user_id'),
    )
    .leftJoin('parties as p', (j) =>
      j.onRef('p.tenant_id', '=', 'u.tenant_id').onRef('p.party_id', '=', 'u.party_id'),
    )
    .select(['m.created_at', 'u.name', 'p.name as party_name', 'e.payload'])
    .where('m.tenant_id', '=', t)
    .where('m.case_id', '=', row.case_id);
  if (customer) query = query.where('m.visibility', '=', 'public');
  // The opening's entry and the messages are read at once; the opener's name only when needed.
  const [opening, messages] = await Promise.all([
    openingQuery,
    query.orderBy('m.created_at').orderBy('m.evidence_seq').execute(),
  ]);
  const openingFiles = opening ? filesOf(opening.payload) : [];
  const opener =
    openingFiles.length > 0 && row.opened_by_user_id
      ? await db
          .selectFrom('users as u')
          .innerJoin('parties as p', (j) =>
            j.onRef('p.tenant_id', '=', 'u.tenant_id').onRef('p.party_id', '=', 'u.party_id'),
          )
          .select(['u.name', 'p.name as party_name'])
          .where('u.tenant_id', '=', t)
          .where('u.user_id', '=', row.opened_by_user_id)
          .executeTakeFirst()
      : undefined;
  return [
    ...openingFiles.map((f) => ({
      ...f,
      addedWith: 'opening' as const,
      addedBy: opener ? { name: opener.name, party: opener.party_name } : null,
      addedAt: row.opened_at,
      href: href(f.sha256),
    })),
    ...messages.flatMap((m) =>
      filesOf(m.payload).map((f) => ({
        ...f,
        addedWith: 'message' as const,
        addedBy: m.name ? { name: m.name, party: m.party_name ?? '' } : null,
        addedAt: m.created_at,
        href: href(f.sha256),
      })),
    ),
  ];
}

function filesOf(payload: string): StoredAttachment[] {
  const files = (JSON.parse(payload) as { attachments?: StoredAttachment[] }).attachments ?? [];
  return files.map((f) => ({ name: f.name, mediaType: f.mediaType, sha256: f.sha256, size: f.size }));
}
