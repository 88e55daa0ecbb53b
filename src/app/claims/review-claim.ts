import type { Actor } from '../../domain/access/index.ts';
import { type LineReview, reviewClaim } from '../../domain/claims/index.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import { localDateIn as localDate } from '../../domain/terms/index.ts';
import { addToDate, duration } from '../../domain/time/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce, reverseCostLines } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ClaimView, loadVisibleClaim, toClaimView } from './claim-view.ts';
import { bookClaimDecision, loadClaimFacts } from './decide-partner-claim.ts';

/**
 * The brand's reviewer decides lines of a claim by hand (approve, reduce, reject, each with a
 * reason and a clause), over the terms' proposal. What the claim booked is reversed and the
 * reviewed decision booked instead, as a resubmission does; the partner is told. A paid claim is
 * settled and is not reviewed again.
 */
export async function reviewPartnerClaim(
  deps: AppDeps,
  actor: Actor,
  claimId: string,
  input: { lines: LineReview[] },
): Promise<ClaimView> {
  requireStaffWriter(actor);
  const claim = await loadVisibleClaim(deps.db, actor, claimId);
  if (claim.state === 'paid') {
    throw new AppError('invalid_transition', {
      detail: { en: `Claim ${claim.number} is paid.`, zh: `索赔 ${claim.number} 已支付。` },
    });
  }
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const now = deps.now();
  const today = localDate(now, zone);
  const reviewer = await deps.db
    .selectFrom('users')
    .select('name')
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  const result = reviewClaim(claim.decision, input.lines, { name: reviewer?.name ?? '—', on: today });
  if (!result.ok) {
    throw invalid(
      result.problems.map((p) => ({ path: p.path, message: p.message.en, messageZh: p.message.zh })),
    );
  }
  const decision = result.decision;
  const repair = await deps.db
    .selectFrom('repairs')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('repair_id', '=', claim.repair_id)
    .executeTakeFirstOrThrow();
  const facts = await loadClaimFacts(deps, actor, repair);
  const paidWithin = facts.partner?.compensation?.claims?.paid_within;
  // The payment term counts from the first decision that approved something; a review keeps it.
  const payBy =
    decision.approvedMinor > 0
      ? (claim.pay_by ?? (paidWithin ? addToDate(today, duration(paidWithin)) : null))
      : null;
  const ref = {
    claimId,
    caseId: claim.case_id,
    partnerPartyId: claim.partner_party_id,
    number: claim.number,
  };
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('warranty_claims')
      .set({
        state: decision.outcome,
        decision: JSON.stringify(decision),
        approved_minor: decision.approvedMinor,
        pay_by: payBy,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('claim_id', '=', claimId)
      .where('revision', '=', claim.revision)
      .where('state', '=', claim.state)
      .execute()
      .then(changedOnce);
    await reverseCostLines(deps, trx, actor, { type: 'warranty_claim', id: claimId }, today);
    await bookClaimDecision(deps, trx, actor, facts, ref, decision, today);
    await recordChange(deps, trx, actor, {
      type: 'claim.reviewed',
      subject: { type: 'case', id: claim.case_id },
      payload: { claim: claim.number, revision: claim.revision, reviews: input.lines, decision },
    });
    await enqueueNotification(deps, trx, {
      tenantId: actor.tenantId,
      kind: 'claim_decided',
      caseId: claim.case_id,
      recipientPartyId: claim.partner_party_id,
      recipientRole: 'partner',
      subject: { en: `Decision on claim ${claim.number}`, zh: `索赔 ${claim.number} 审核结果` },
      payload: {
        claimNumber: claim.number,
        state: decision.outcome,
        approvedAmount:
          decision.approvedMinor > 0
            ? `${formatMinor(decision.approvedMinor, decision.currency)} ${decision.currency}`
            : null,
      },
    });
  });
  return toClaimView(deps.db, actor, claimId);
}
