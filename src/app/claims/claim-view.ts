import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { ClaimDecision } from '../../domain/claims/index.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import type { Database } from '../../store/schema.ts';
import type { WarrantyClaimTable } from '../../store/schema-operations.ts';
import { notFound } from '../errors.ts';
import { isStaff, partyKeys } from '../ledger/index.ts';

export const CLAIM_NOT_FOUND = { en: 'No such warranty claim.', zh: '没有该保修索赔。' };

/** Claims: the brand's staff see all; a partner sees the claims it filed. Customers none. */
export function visibleClaims(db: Kysely<Database>, actor: Actor) {
  let q = db.selectFrom('warranty_claims').where('warranty_claims.tenant_id', '=', actor.tenantId);
  if (!isStaff(actor)) q = q.where('warranty_claims.partner_party_id', '=', actor.partyId);
  return q;
}

export async function loadVisibleClaim(db: Kysely<Database>, actor: Actor, claimId: string) {
  const row = await visibleClaims(db, actor)
    .selectAll('warranty_claims')
    .where('claim_id', '=', claimId)
    .executeTakeFirst();
  if (!row) throw notFound(CLAIM_NOT_FOUND);
  return row;
}

export interface ClaimView {
  id: string;
  number: string;
  repairId: string;
  caseId: string;
  partner: { key: string; name: string };
  state: string;
  revision: number;
  submittedAt: Date;
  decision: ClaimDecision;
  claimed: string;
  approved: string;
  claimedMinor: number;
  approvedMinor: number;
  currency: string;
  answer: string | null;
  payBy: string | null;
  paidAt: Date | null;
  evidence: unknown;
}

export async function toClaimViews(
  db: Kysely<Database>,
  tenantId: string,
  rows: Selectable<WarrantyClaimTable>[],
): Promise<ClaimView[]> {
  const parties = await partyKeys(
    db,
    tenantId,
    rows.map((r) => r.partner_party_id),
  );
  return rows.map((r) => ({
    id: r.claim_id,
    number: r.number,
    repairId: r.repair_id,
    caseId: r.case_id,
    partner: parties.get(r.partner_party_id) ?? { key: '?', name: '?' },
    state: r.state,
    revision: r.revision,
    submittedAt: r.submitted_at,
    decision: r.decision,
    claimed: formatMinor(r.claimed_minor, r.currency),
    approved: formatMinor(r.approved_minor, r.currency),
    claimedMinor: r.claimed_minor,
    approvedMinor: r.approved_minor,
    currency: r.currency,
    answer: r.answer,
    payBy: r.pay_by,
    paidAt: r.paid_at,
    evidence: r.evidence,
  }));
}

export async function toClaimView(db: Kysely<Database>, actor: Actor, claimId: string): Promise<ClaimView> {
  const row = await loadVisibleClaim(db, actor, claimId);
  return (await toClaimViews(db, actor.tenantId, [row]))[0]!;
}
