import type { Actor } from '../../domain/access/index.ts';
import { canTakeRecoveryStep } from '../../domain/claims/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce, writeCostLines } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadRecovery, type RecoveryView, toRecoveryViews } from './recovery-view.ts';

export type RecoveryStep =
  | { step: 'sent'; reference?: string | undefined }
  | { step: 'credited'; amount: string; reference?: string | undefined }
  | { step: 'rejected'; note: string };

/**
 * Tracks a recovery claim to the supplier: sent (with the supplier's reference), credited (a credit
 * line borne by the supplier and paid to the brand, citing the supply clause) or rejected.
 */
export async function advanceRecovery(
  deps: AppDeps,
  actor: Actor,
  recoveryId: string,
  input: RecoveryStep,
): Promise<RecoveryView> {
  requireStaffWriter(actor);
  const r = await loadRecovery(deps.db, actor, recoveryId);
  if (!canTakeRecoveryStep(r.state, input.step)) {
    throw new AppError('invalid_transition', {
      detail: {
        en: `Recovery ${r.number} is ${r.state}; it cannot be ${input.step}.`,
        zh: `追偿单 ${r.number} 当前状态不允许该操作。`,
      },
    });
  }
  let credited: number | null = null;
  if (input.step === 'credited') {
    try {
      credited = toMinor(input.amount, r.currency);
    } catch (error) {
      throw invalid([{ path: '/body/amount', message: (error as Error).message }]);
    }
  }
  const brand = await deps.db
    .selectFrom('tenants')
    .select('home_party_id')
    .where('tenant_id', '=', actor.tenantId)
    .executeTakeFirstOrThrow();
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('recovery_claims')
      .set({
        state: input.step,
        credited_minor: credited,
        reference: 'reference' in input && input.reference ? input.reference : r.reference,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('recovery_id', '=', recoveryId)
      .where('state', '=', r.state)
      .execute()
      .then(changedOnce);
    if (credited !== null && brand.home_party_id) {
      await writeCostLines(deps, trx, actor, [
        {
          kind: 'credit',
          amountMinor: credited,
          currency: r.currency,
          caseId: r.case_id,
          source: { type: 'recovery', id: recoveryId },
          bearerPartyId: r.supplier_party_id,
          payeePartyId: brand.home_party_id,
          ref: r.cites[0] ?? null,
          agreement: { id: r.agreement_id, version: r.agreement_version },
          description: `Supplier credit on ${r.number}${r.part_number ? ` (${r.part_number})` : ''}`,
          occurredOn: localDateIn(now, await tenantTermsZone(trx, actor.tenantId)),
        },
      ]);
    }
    await recordChange(deps, trx, actor, {
      type: `recovery.${input.step}`,
      subject: { type: 'case', id: r.case_id },
      payload: { recovery: r.number, ...input, creditedMinor: credited },
    });
  });
  const row = await loadRecovery(deps.db, actor, recoveryId);
  return (await toRecoveryViews(deps.db, actor.tenantId, [row]))[0]!;
}
