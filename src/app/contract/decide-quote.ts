import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleQuote, type QuoteView, toQuoteView } from './quote-view.ts';

/**
 * The customer accepts or declines a quote (in the portal; the brand's agent may record a decision
 * given by phone). The decision is evidence: who (the signed-in user, how authenticated), when (the
 * server's time), what (the quote's number and total). A declined quote stops the work: the repair
 * cannot be completed on that case (`quote_not_accepted`) unless a later quote is accepted.
 */
export async function decideQuote(
  deps: AppDeps,
  actor: Actor,
  quoteId: string,
  input: { decision: 'accepted' | 'declined'; reason?: string | undefined },
): Promise<QuoteView> {
  const q = await loadVisibleQuote(deps.db, actor, quoteId);
  const customer = actor.role === 'customer' && actor.partyId === q.customer_party_id;
  const staff = visibilityOf(actor).kind === 'tenant' && actor.role !== 'counsel';
  if (!customer && !staff) throw new AppError('forbidden');
  if (q.state !== 'sent') throw new AppError('invalid_transition');
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const changed = await trx
      .updateTable('quotes')
      .set({
        state: input.decision,
        decided_at: now,
        decided_by_user_id: actor.userId,
        decline_reason: input.decision === 'declined' ? (input.reason ?? null) : null,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('quote_id', '=', quoteId)
      .where('state', '=', 'sent')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new AppError('changed_meanwhile');
    await recordChange(deps, trx, actor, {
      type: input.decision === 'accepted' ? 'quote.accepted' : 'quote.declined',
      subject: { type: 'case', id: q.case_id },
      payload: {
        quote: q.number,
        totalMinor: Number(q.total_minor),
        currency: q.currency,
        decidedBy: { userId: actor.userId, role: actor.role, onBehalfOfCustomer: !customer },
        decidedAt: now.toISOString(),
        ...(input.decision === 'declined' && input.reason ? { reason: input.reason } : {}),
      },
      ...(input.decision === 'declined' && input.reason
        ? { personal: { partyId: q.customer_party_id, fields: ['reason'] } }
        : {}),
    });
  });
  return toQuoteView(await loadVisibleQuote(deps.db, actor, quoteId));
}
