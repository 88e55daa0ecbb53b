// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Deadlines of returns and defective-part returns as clocks the worker watches: one row per
 * return's approval deadline and per defective part owed back, with its warning point, the
 * party who must act, the clause that set it, and the worker's marks (each recorded once).
 * Rows for returns and defective returns made before this migration are filled in from them
 * (warning at the default 75%; a late one is warned and breached on the worker's first pass).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE deadline_clocks (
      tenant_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('return_approval', 'defective_return')),
      -- The return or the defective-part return the deadline belongs to.
      subject_id uuid NOT NULL,
      case_id uuid NOT NULL,
      label text NOT NULL,
      -- Who must act before the deadline: the brand for a return, the partner holding the part.
      party_id uuid,
      agreement_id text,
      ref text,
      started_at timestamptz NOT NULL,
      warn_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      warned_at timestamptz,
      breached_at timestamptz,
      stopped_at timestamptz,
      stopped_by text,
      next_check_at timestamptz,
      PRIMARY KEY (tenant_id, kind, subject_id),
      CHECK (warn_at <= due_at)
    );
    CREATE INDEX deadline_clocks_due ON deadline_clocks (next_check_at) WHERE next_check_at IS NOT NULL;

    INSERT INTO deadline_clocks (tenant_id, kind, subject_id, case_id, label, party_id, agreement_id, ref,
      started_at, warn_at, due_at, stopped_at, stopped_by, next_check_at)
    SELECT r.tenant_id, 'return_approval', r.return_id, r.case_id, r.number, t.home_party_id,
      r.terms_check -> 'agreement' ->> 'id', r.terms_check -> 'cites' ->> 0,
      r.requested_at,
      LEAST(r.decide_by, r.requested_at + (r.decide_by - r.requested_at) * 0.75),
      GREATEST(r.decide_by, r.requested_at),
      CASE WHEN r.state = 'requested' THEN NULL ELSE COALESCE(r.decided_at, r.updated_at) END,
      CASE WHEN r.state = 'requested' THEN NULL ELSE r.state END,
      CASE WHEN r.state = 'requested' THEN r.requested_at ELSE NULL END
    FROM returns r JOIN tenants t ON t.tenant_id = r.tenant_id
    WHERE r.decide_by IS NOT NULL;

    INSERT INTO deadline_clocks (tenant_id, kind, subject_id, case_id, label, party_id, agreement_id, ref,
      started_at, warn_at, due_at, stopped_at, stopped_by, next_check_at)
    SELECT d.tenant_id, 'defective_return', d.defective_id, d.case_id, d.part_number, d.holder_party_id,
      d.agreement_id, d.ref,
      d.created_at,
      LEAST(x.due_at, d.created_at + (x.due_at - d.created_at) * 0.75),
      GREATEST(x.due_at, d.created_at),
      CASE WHEN d.state = 'pending' THEN NULL ELSE COALESCE(d.shipped_at, d.received_at) END,
      CASE WHEN d.state = 'pending' THEN NULL ELSE d.state END,
      CASE WHEN d.state = 'pending' THEN d.created_at ELSE NULL END
    FROM defective_returns d
    CROSS JOIN LATERAL (
      -- The part may be handed over on its due day: the deadline is the end of that day in the terms' zone.
      SELECT ((d.due_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS due_at
    ) x;
  `.execute(db);
}
