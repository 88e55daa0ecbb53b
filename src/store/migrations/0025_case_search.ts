// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Intake and the queue (issue 14).
 *
 * - `cases.search_doc`: the case's search document (number, customer's names, serial, description
 *   and public messages), a tsvector of the 'simple' configuration over text the application has
 *   segmented into words (Chinese by `Intl.Segmenter`, which SQL cannot do), kept by the use cases
 *   that write a case or a message; a GIN index answers a search without reading the cases.
 *   Rows written before this migration get their text unsegmented: a Chinese run is one token
 *   there, still found by a search for its first word (searches match word prefixes).
 * - Resolved and closed cases, newest first per state, for the queue's state filter.
 * - The customer lookup of "New case": prefixes of the Chinese name, the e-mail address and the
 *   phone number's digits (the English name's prefix has `parties_by_lower_name`, migration 0015).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cases ADD COLUMN search_doc tsvector;
    UPDATE cases SET search_doc = to_tsvector('simple', lower(concat_ws(' ', cases.number, p.name, p.name_zh,
        (SELECT u.serial FROM units u WHERE u.tenant_id = cases.tenant_id AND u.unit_id = cases.unit_id),
        cases.description)))
      FROM parties p WHERE p.tenant_id = cases.tenant_id AND p.party_id = cases.customer_party_id;
    UPDATE cases SET search_doc = cases.search_doc || to_tsvector('simple', lower(m.body))
      FROM (SELECT tenant_id, case_id, string_agg(body, ' ') AS body FROM case_messages
            WHERE visibility = 'public' GROUP BY tenant_id, case_id) m
      WHERE m.tenant_id = cases.tenant_id AND m.case_id = cases.case_id;
    CREATE INDEX cases_search ON cases USING gin (search_doc);
    CREATE INDEX cases_done_by_state ON cases (tenant_id, state, case_id DESC)
      WHERE state IN ('resolved', 'closed');
    CREATE INDEX parties_by_lower_name_zh ON parties (tenant_id, lower(name_zh) text_pattern_ops);
    CREATE INDEX parties_by_lower_email ON parties (tenant_id, lower(email) text_pattern_ops);
    CREATE INDEX parties_by_phone_digits ON parties (tenant_id, regexp_replace(phone, '[^0-9]', '', 'g') text_pattern_ops);
  `.execute(db);
}
