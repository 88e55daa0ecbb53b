import type { Actor } from '../../domain/access/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ClaimView, loadVisibleClaim, toClaimView } from './claim-view.ts';

/** The brand pays what it approved; whether on time (the agreement's `paid_within`) is on the record. */
export async function payClaim(
  deps: AppDeps,
  actor: Actor,
  claimId: string,
  input: { reference?: string | undefined },
): Promise<ClaimView> {
  requireStaffWriter(actor);
  const claim = await loadVisibleClaim(deps.db, actor, claimId);
  if (claim.state !== 'approved' && claim.state !== 'partly_approved') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `Claim ${claim.number} is ${claim.state}: nothing to pay.`,
        zh: `索赔 ${claim.number} 无应付金额。`,
      },
    });
  }
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('warranty_claims')
      .set({ state: 'paid', paid_at: now, updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('claim_id', '=', claimId)
      .where('state', '=', claim.state)
      .execute()
      .then(changedOnce);
    await recordChange(deps, trx, actor, {
      type: 'claim.paid',
      subject: { type: 'case', id: claim.case_id },
      payload: {
        claim: claim.number,
        amountMinor: claim.approved_minor,
        currency: claim.currency,
        payBy: claim.pay_by,
        reference: input.reference ?? null,
      },
    });
  });
  return toClaimView(deps.db, actor, claimId);
}
