import type { Label } from '../../domain/label.ts';
import type { NotificationKind } from '../../domain/notification/index.ts';
import type { AppDeps } from '../context.ts';
import type { Tx } from '../transaction.ts';

/** A notification as a use case hands it to the outbox: the delivery worker sends it after commit. */
export interface Notification {
  tenantId: string;
  kind: NotificationKind;
  caseId: string | null;
  /** Who reads it: one user, or the users of a party in a role (`customer`, `staff`, `partner`, a user role). */
  recipientUserId?: string | null;
  recipientPartyId?: string | null;
  recipientRole?: string | null;
  /** The headline in both languages; the mail's subject (after the case number) in the reader's. */
  subject: Label;
  /** The facts the template words; keys of closed vocabularies are named there. */
  payload: Record<string, unknown>;
}

/**
 * Writes a notification into the outbox in the caller's transaction: it is sent only if the change
 * it tells of commits, and is sent once (the worker takes each row once, see deliver-outbox).
 */
export async function enqueueNotification(
  deps: Pick<AppDeps, 'now' | 'newId'>,
  trx: Tx,
  n: Notification,
): Promise<string> {
  const messageId = deps.newId();
  await trx
    .insertInto('outbox')
    .values({
      tenant_id: n.tenantId,
      message_id: messageId,
      kind: n.kind,
      case_id: n.caseId,
      recipient_user_id: n.recipientUserId ?? null,
      recipient_party_id: n.recipientPartyId ?? null,
      recipient_role: n.recipientRole ?? null,
      subject_en: n.subject.en,
      subject_zh: n.subject.zh,
      payload: JSON.stringify({ ...n.payload, ...(n.caseId ? { caseId: n.caseId } : {}) }),
      created_at: deps.now(),
      sent_at: null,
    })
    .execute();
  return messageId;
}
