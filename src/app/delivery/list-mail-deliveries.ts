import type { Actor } from '../../domain/access/index.ts';
import type { Label } from '../../domain/label.ts';
import { labelOf } from '../../domain/label.ts';
import { DELIVERY_STATE_LABELS, NOTIFICATION_KIND_LABELS } from '../../domain/notification/index.ts';
import type { DeliveryState } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { notInVocabulary } from '../errors.ts';
import { requireAdmin } from './require-admin.ts';

export interface MailDeliveryView {
  id: string;
  notificationId: string;
  kind: string;
  kindName: Label;
  caseId: string | null;
  caseNumber: string | null;
  to: string;
  recipientName: string | null;
  language: 'en' | 'zh';
  messageId: string;
  state: DeliveryState;
  stateName: Label;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  sha256: string | null;
  createdAt: Date;
}

const STATES = Object.keys(DELIVERY_STATE_LABELS) as DeliveryState[];

/**
 * The tenant's mail deliveries in one state, newest first (admins): `failed` is the list of mails
 * given up on, each with its last error, for an admin to send again.
 */
export async function listMailDeliveries(
  deps: AppDeps,
  actor: Actor,
  query: { state?: string | undefined; limit?: number | undefined },
): Promise<MailDeliveryView[]> {
  requireAdmin(actor);
  const state = (query.state ?? 'failed') as DeliveryState;
  if (!STATES.includes(state))
    throw notInVocabulary('/query/state', state, { en: 'a delivery state', zh: '发送状态' }, STATES);
  const rows = await deps.db
    .selectFrom('mail_deliveries as d')
    .leftJoin('cases as c', (j) =>
      j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.case_id', '=', 'd.case_id'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'd.tenant_id').onRef('u.user_id', '=', 'd.user_id'),
    )
    .selectAll('d')
    .select(['c.number', 'u.name'])
    .where('d.tenant_id', '=', actor.tenantId)
    .where('d.state', '=', state)
    .orderBy('d.created_at', 'desc')
    .limit(Math.min(query.limit ?? 100, 500))
    .execute();
  return rows.map((r) => ({
    id: r.delivery_id,
    notificationId: r.outbox_message_id,
    kind: r.kind,
    kindName: labelOf(NOTIFICATION_KIND_LABELS, r.kind),
    caseId: r.case_id,
    caseNumber: r.number ?? null,
    to: r.address,
    recipientName: r.name ?? null,
    language: r.locale,
    messageId: r.message_id_header,
    state: r.state,
    stateName: DELIVERY_STATE_LABELS[r.state],
    attempts: r.attempts,
    nextAttemptAt: r.state === 'queued' ? r.next_attempt_at : null,
    lastError: r.last_error,
    sentAt: r.sent_at,
    sha256: r.sha256,
    createdAt: r.created_at,
  }));
}
