import { parseNotificationMessageId } from '../../domain/notification/index.ts';
import type { AppDeps } from '../context.ts';

/**
 * For inbound mail: a bounce (DSN) of one of our notifications marks that mail failed with the
 * reason, so an admin sees it in the failed list; nothing new is sent because of a bounce.
 * Returns whether a mail of ours was found for the Message-ID and recipient.
 */
export async function recordMailBounce(
  deps: AppDeps,
  tenantId: string,
  bounced: { messageId: string; recipient: string; reason: string },
): Promise<boolean> {
  const ours = parseNotificationMessageId(bounced.messageId);
  if (!ours) return false;
  const rows = await deps.db
    .updateTable('mail_deliveries')
    .set({ state: 'failed', last_error: `bounced: ${bounced.reason}`.slice(0, 2000), sending_since: null })
    .where('tenant_id', '=', tenantId)
    .where('outbox_message_id', '=', ours.outboxMessageId)
    .where((eb) => eb(eb.fn('lower', ['address']), '=', bounced.recipient.toLowerCase()))
    .returning('delivery_id')
    .execute();
  return rows.length > 0;
}
