import { type Kysely, sql } from 'kysely';
import { searchDocumentText } from '../../domain/case/index.ts';
import type { Database } from '../../store/schema.ts';

/**
 * The search document of a case just opened: its number, the customer's names, the unit's serial
 * and the description, segmented into words here (SQL cannot cut Chinese into words) and stored as
 * a 'simple' tsvector (migration 0025), in the opening's transaction.
 */
export async function indexOpenedCase(db: Kysely<Database>, tenantId: string, caseId: string): Promise<void> {
  const row = await db
    .selectFrom('cases')
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'cases.tenant_id')
        .onRef('parties.party_id', '=', 'cases.customer_party_id'),
    )
    .leftJoin('units', (j) =>
      j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
    )
    .select(['cases.number', 'cases.description', 'parties.name', 'parties.name_zh', 'units.serial'])
    .where('cases.tenant_id', '=', tenantId)
    .where('cases.case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  const text = searchDocumentText([row.number, row.name, row.name_zh, row.serial, row.description]);
  await sql`UPDATE cases SET search_doc = to_tsvector('simple', ${text})
    WHERE tenant_id = ${tenantId} AND case_id = ${caseId}`.execute(db);
}

/**
 * A public message's words added to its case's search document. Internal notes are left out: a
 * search must not tell a customer or partner that a note holds a word.
 */
export async function indexCaseMessage(
  db: Kysely<Database>,
  tenantId: string,
  caseId: string,
  body: string,
): Promise<void> {
  const text = searchDocumentText([body]);
  if (!text) return;
  await sql`UPDATE cases SET search_doc = coalesce(search_doc, ''::tsvector) || to_tsvector('simple', ${text})
    WHERE tenant_id = ${tenantId} AND case_id = ${caseId}`.execute(db);
}
