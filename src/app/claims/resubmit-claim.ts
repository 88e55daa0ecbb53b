import type { Actor } from '../../domain/access/index.ts';
import { localDateIn as localDate } from '../../domain/terms/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { changedOnce, reverseCostLines } from '../ledger/index.ts';
import { requireRepairWriter } from '../repair/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ClaimView, loadVisibleClaim, toClaimView } from './claim-view.ts';
import {
  type ClaimLineInput,
  claimedLines,
  decideAndBook,
  type EvidenceInput,
  loadClaimFacts,
  recordFilingAndDecision,
  type StoredEvidence,
} from './decide-partner-claim.ts';

/**
 * The partner answers a decision and resubmits: new lines, more evidence. The claim is decided
 * again; the submission window still counts from the first submission (answering is part of the
 * same claim); what the earlier decision booked is reversed and the new answer booked.
 */
export async function resubmitClaim(
  deps: AppDeps,
  actor: Actor,
  claimId: string,
  input: { answer: string; lines: ClaimLineInput[]; evidence?: EvidenceInput[] | undefined },
): Promise<ClaimView> {
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const claim = await loadVisibleClaim(deps.db, actor, claimId);
  requireRepairWriter(actor, claim.partner_party_id);
  if (claim.state === 'approved' || claim.state === 'paid') {
    throw new AppError('invalid_transition', {
      detail: { en: `Claim ${claim.number} is ${claim.state}.`, zh: `索赔 ${claim.number} 已结。` },
    });
  }
  const repair = await deps.db
    .selectFrom('repairs')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('repair_id', '=', claim.repair_id)
    .executeTakeFirstOrThrow();
  const facts = await loadClaimFacts(deps, actor, repair);
  const lines = claimedLines(input.lines, facts.partner?.currency ?? 'CNY');
  const now = deps.now();
  const previous = (claim.evidence as StoredEvidence[] | null) ?? [];
  await inTransaction(deps, async (trx) => {
    await reverseCostLines(deps, trx, actor, { type: 'warranty_claim', id: claimId }, localDate(now, zone));
    // Files given before still count as evidence; new ones are added to them.
    const { decision, stored, payBy } = await decideAndBook(
      deps,
      trx,
      actor,
      facts,
      { claimId, caseId: claim.case_id, partnerPartyId: claim.partner_party_id, number: claim.number },
      lines,
      input.evidence ?? [],
      localDate(claim.submitted_at, zone),
      previous.map((p) => p.evidence),
    );
    const evidence = [...previous, ...stored];
    await trx
      .updateTable('warranty_claims')
      .set({
        state: decision.outcome,
        revision: claim.revision + 1,
        lines: JSON.stringify(input.lines),
        evidence: JSON.stringify(evidence),
        decision: JSON.stringify(decision),
        claimed_minor: decision.claimedMinor,
        approved_minor: decision.approvedMinor,
        answer: input.answer,
        pay_by: payBy,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('claim_id', '=', claimId)
      .where('revision', '=', claim.revision)
      .execute()
      .then(changedOnce);
    await recordFilingAndDecision(deps, trx, actor, {
      type: 'claim.resubmitted',
      caseId: claim.case_id,
      claim: claim.number,
      revision: claim.revision + 1,
      details: { revision: claim.revision + 1, answer: input.answer, lines: input.lines },
      stored,
      decision,
      partnerPartyId: claim.partner_party_id,
    });
  });
  return toClaimView(deps.db, actor, claimId);
}
