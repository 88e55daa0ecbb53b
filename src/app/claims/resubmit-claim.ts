import type { Actor } from '../../domain/access/access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/record-change.ts';
import { changedOnce, localDate, reverseCostLines } from '../ledger/operations-support.ts';
import { requireRepairWriter } from '../repair/repair-view.ts';
import { type ClaimView, loadVisibleClaim, toClaimView } from './claim-view.ts';
import {
  type ClaimLineInput,
  claimedLines,
  decideAndBook,
  type EvidenceInput,
  loadClaimFacts,
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
  const claim = await loadVisibleClaim(deps.db, actor, claimId);
  requireRepairWriter(actor, claim.partner_party_id);
  if (claim.state === 'approved' || claim.state === 'paid') {
    throw new AppError('conflict', {
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
  const previous =
    (claim.evidence as {
      evidence: string;
      sha256: string;
      name: string;
      mediaType: string;
      size: number;
    }[]) ?? [];
  await deps.db.transaction().execute(async (trx) => {
    await reverseCostLines(
      deps,
      trx,
      actor.tenantId,
      { type: 'warranty_claim', id: claimId },
      localDate(now),
    );
    // Files given before still count as evidence; new ones are added to them.
    const { decision, stored, payBy } = await decideAndBook(
      deps,
      trx,
      actor,
      facts,
      { claimId, caseId: claim.case_id, partnerPartyId: claim.partner_party_id, number: claim.number },
      lines,
      input.evidence ?? [],
      localDate(claim.submitted_at),
      previous.map((p) => p.evidence),
    );
    const evidence = [...previous, ...stored];
    const finalDecision = decision;
    await trx
      .updateTable('warranty_claims')
      .set({
        state: finalDecision.outcome,
        revision: claim.revision + 1,
        lines: JSON.stringify(input.lines),
        evidence: JSON.stringify(evidence),
        decision: JSON.stringify(finalDecision),
        claimed_minor: finalDecision.claimedMinor,
        approved_minor: finalDecision.approvedMinor,
        answer: input.answer,
        pay_by: payBy,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('claim_id', '=', claimId)
      .where('revision', '=', claim.revision)
      .execute()
      .then(changedOnce);
    await recordChange(deps, trx, actor, {
      type: 'claim.resubmitted',
      subject: { type: 'case', id: claim.case_id },
      payload: {
        claim: claim.number,
        revision: claim.revision + 1,
        answer: input.answer,
        lines: input.lines,
        evidence: stored.map((s) => ({ evidence: s.evidence, sha256: s.sha256 })),
      },
      blobs: stored.map((s) => s.sha256),
    });
    await recordChange(deps, trx, actor, {
      type: 'claim.decided',
      subject: { type: 'case', id: claim.case_id },
      payload: { claim: claim.number, revision: claim.revision + 1, decision: finalDecision },
    });
  });
  return toClaimView(deps.db, actor, claimId);
}
