import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleCase } from './case-view.ts';
import { weighCaseTriggers } from './weigh-case-triggers.ts';

/**
 * Staff record that the customer or distributor of a case disputes an invoice or withholds
 * payment: written on the case's evidence record with the reason, and weighed at once against the
 * management triggers (`payment_disputed: true`), so management hears of it before anyone
 * suspends service. Recording it again raises nothing new (one escalation per case and rule).
 */
export async function recordPaymentDispute(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { reason: string },
): Promise<{ recorded: true; escalations: number }> {
  await loadVisibleCase(deps.db, actor, caseId);
  if (visibilityOf(actor).kind !== 'tenant' || actor.role === 'counsel') throw new AppError('forbidden');
  const reason = input.reason.trim();
  if (reason.length === 0) throw invalid([{ path: '/body/reason', message: 'say what is disputed' }]);
  const escalations = await inTransaction(deps, async (trx) => {
    await recordChange(deps, trx, actor, {
      type: 'case.payment_disputed',
      subject: { type: 'case', id: caseId },
      payload: { reason },
    });
    return weighCaseTriggers(deps, trx, actor, { caseId, paymentDisputed: true });
  });
  return { recorded: true, escalations };
}
