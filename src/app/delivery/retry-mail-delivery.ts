import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { requireAdmin } from './require-admin.ts';

/**
 * An admin sends a failed mail again: it is queued now with a fresh count of attempts, under the
 * same Message-ID (a mail that did arrive before is recognisable as the same message).
 * Only a failed mail: one sent is never sent again.
 */
export async function retryMailDelivery(deps: AppDeps, actor: Actor, deliveryId: string): Promise<void> {
  requireAdmin(actor);
  const row = await deps.db
    .selectFrom('mail_deliveries')
    .select('state')
    .where('tenant_id', '=', actor.tenantId)
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) throw notFound({ en: 'No such mail delivery.', zh: '没有该邮件发送记录。' });
  const moved = await deps.db
    .updateTable('mail_deliveries')
    .set({ state: 'queued', attempts: 0, next_attempt_at: deps.now(), last_error: null })
    .where('tenant_id', '=', actor.tenantId)
    .where('delivery_id', '=', deliveryId)
    .where('state', '=', 'failed')
    .returning('delivery_id')
    .executeTakeFirst();
  if (!moved)
    throw new AppError('invalid_transition', {
      detail: {
        en: 'Only a failed mail can be sent again; this one is not failed.',
        zh: '只有发送失败的邮件可以重新发送；该邮件不是失败状态。',
      },
    });
}
