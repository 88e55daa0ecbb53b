import type { Actor } from '../../domain/access/index.ts';
import { localDateIn as localDate } from '../../domain/terms/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { nextNumber } from '../ledger/index.ts';
import { loadVisibleRepair, requireRepairWriter } from '../repair/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ClaimView, toClaimView } from './claim-view.ts';
import {
  type ClaimLineInput,
  claimedLines,
  decideAndBook,
  type EvidenceInput,
  loadClaimFacts,
  recordFilingAndDecision,
} from './decide-partner-claim.ts';

/**
 * A partner files its warranty claim for a repair it did: labor, travel, parts, and the files its
 * agreement asks for. The claim is checked at once against the customer's cover and the partner
 * agreement; the answer (approved, partly approved line by line, or rejected) is recorded, and the
 * approved amounts are booked as owed to the partner.
 */
export async function submitClaim(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  input: { lines: ClaimLineInput[]; evidence?: EvidenceInput[] | undefined; note?: string | undefined },
): Promise<ClaimView> {
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const repair = await loadVisibleRepair(deps.db, actor, repairId);
  requireRepairWriter(actor, repair.service_party_id);
  if (!repair.service_party_id)
    throw invalid([{ path: '/params/id', message: 'no service partner did this repair' }]);
  if (repair.state !== 'completed') {
    throw new AppError('repair_not_completed', {
      detail: {
        en: `Repair ${repair.number} is not completed: claim it once it is.`,
        zh: `维修单 ${repair.number} 尚未完成，完成后方可索赔。`,
      },
    });
  }
  if (input.lines.length === 0) throw invalid([{ path: '/body/lines', message: 'claim at least one line' }]);
  const existing = await deps.db
    .selectFrom('warranty_claims')
    .select('number')
    .where('tenant_id', '=', actor.tenantId)
    .where('repair_id', '=', repairId)
    .executeTakeFirst();
  if (existing) {
    throw new AppError('claim_exists', {
      detail: {
        en: `Claim ${existing.number} exists for this repair: answer it and resubmit.`,
        zh: `该维修已有索赔 ${existing.number}：请答复后重新提交。`,
      },
    });
  }
  const facts = await loadClaimFacts(deps, actor, repair);
  const lines = claimedLines(input.lines, facts.partner?.currency ?? 'CNY');
  const claimId = deps.newId();
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const number = await nextNumber(trx, actor.tenantId, 'warranty_claim', 'WC');
    const { decision, stored, payBy } = await decideAndBook(
      deps,
      trx,
      actor,
      facts,
      { claimId, caseId: repair.case_id, partnerPartyId: repair.service_party_id!, number },
      lines,
      input.evidence ?? [],
      localDate(now, zone),
    );
    await trx
      .insertInto('warranty_claims')
      .values({
        tenant_id: actor.tenantId,
        claim_id: claimId,
        number,
        repair_id: repairId,
        case_id: repair.case_id,
        partner_party_id: repair.service_party_id!,
        state: decision.outcome,
        revision: 1,
        submitted_at: now,
        lines: JSON.stringify(input.lines),
        evidence: JSON.stringify(stored),
        decision: JSON.stringify(decision),
        claimed_minor: decision.claimedMinor,
        approved_minor: decision.approvedMinor,
        currency: decision.currency,
        answer: input.note ?? null,
        pay_by: payBy,
        paid_at: null,
        updated_at: now,
      })
      .execute();
    await recordFilingAndDecision(deps, trx, actor, {
      type: 'claim.submitted',
      caseId: repair.case_id,
      claim: number,
      revision: 1,
      details: { repair: repair.number, lines: input.lines },
      stored,
      decision,
      partnerPartyId: repair.service_party_id!,
    });
  });
  return toClaimView(deps.db, actor, claimId);
}
