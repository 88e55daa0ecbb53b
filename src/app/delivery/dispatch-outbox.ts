import type { Kysely } from 'kysely';
import { notificationMessageId } from '../../domain/notification/index.ts';
import { type Database, readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { inTransaction } from '../transaction.ts';

/**
 * Which user roles a recipient role of the outbox reaches (users of the named party, or of the
 * tenant's own party when none is named). A user role reaches itself.
 */
const ROLES_OF: Record<string, string[]> = {
  customer: ['customer'],
  staff: ['agent', 'manager', 'admin'],
  partner: ['partner', 'technician'],
  supervisor: ['manager'],
  management: ['manager', 'admin'],
  legal: ['counsel'],
};

export interface Recipient {
  user_id: string;
  email: string;
  locale: 'en' | 'zh';
}

type OutboxRow = {
  tenant_id: string;
  message_id: string;
  kind: string;
  case_id?: string | null | undefined;
  recipient_user_id?: string | null | undefined;
  recipient_party_id: string | null;
  recipient_role: string | null;
  payload: unknown;
};

/** The case a notification is about: its column, or (rows written before 0013) its payload. */
export function caseOf(row: OutboxRow): string | null {
  if (row.case_id) return row.case_id;
  const payload = readJson(row.payload) as Record<string, unknown> | null;
  const id = payload?.caseId;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

/** The people a notification goes to (enabled accounts only). */
export async function recipientsOf(db: Kysely<Database>, row: OutboxRow): Promise<Recipient[]> {
  let q = db
    .selectFrom('users')
    .select(['user_id', 'email', 'locale'])
    .where('tenant_id', '=', row.tenant_id)
    .where('disabled_at', 'is', null);
  if (row.recipient_user_id) return q.where('user_id', '=', row.recipient_user_id).execute();
  let partyId = row.recipient_party_id;
  if (!partyId) {
    const tenant = await db
      .selectFrom('tenants')
      .select('home_party_id')
      .where('tenant_id', '=', row.tenant_id)
      .executeTakeFirst();
    partyId = tenant?.home_party_id ?? null;
  }
  if (!partyId) return [];
  q = q.where('party_id', '=', partyId);
  const role = row.recipient_role;
  if (role) {
    const roles = ROLES_OF[role] ?? [role];
    q = q.where('role', 'in', roles as Database['users']['role'][]);
  }
  return q.orderBy('user_id').execute();
}

/**
 * Hands the outbox out to its queues: each notification not yet handed out (claimed with
 * `FOR UPDATE SKIP LOCKED`, so several servers may run this) becomes one mail per recipient who
 * wants that kind by e-mail, and one webhook call per subscription to its kind; then the row is
 * marked (`sent_at`). All of one row in one transaction: it is handed out once.
 */
export async function dispatchOutbox(
  deps: AppDeps,
  domain: string,
  limit = 100,
): Promise<{ notifications: number; mails: number; webhooks: number }> {
  const now = deps.now();
  const tally = { notifications: 0, mails: 0, webhooks: 0 };
  await inTransaction(deps, async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .orderBy('created_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of rows) {
      tally.notifications++;
      const caseId = caseOf(row);
      const people = await recipientsOf(trx, row);
      const off = new Set(
        people.length === 0
          ? []
          : (
              await trx
                .selectFrom('notification_preferences')
                .select('user_id')
                .where('tenant_id', '=', row.tenant_id)
                .where('kind', '=', row.kind)
                .where('channel', '=', 'none')
                .where(
                  'user_id',
                  'in',
                  people.map((p) => p.user_id),
                )
                .execute()
            ).map((r) => r.user_id),
      );
      // An address a bounce marked as failed (e-mail in) gets no more mail: no loop of bounces.
      const bounced = new Set(
        people.length === 0
          ? []
          : (
              await trx
                .selectFrom('mail_bounced_addresses')
                .select('address')
                .where('tenant_id', '=', row.tenant_id)
                .where(
                  'address',
                  'in',
                  people.map((p) => p.email.toLowerCase()),
                )
                .execute()
            ).map((r) => r.address),
      );
      const wanted = people.filter((p) => !off.has(p.user_id) && !bounced.has(p.email.toLowerCase()));
      if (wanted.length > 0) {
        const inserted = await trx
          .insertInto('mail_deliveries')
          .values(
            wanted.map((p) => ({
              tenant_id: row.tenant_id,
              delivery_id: deps.newId(),
              outbox_message_id: row.message_id,
              kind: row.kind,
              case_id: caseId,
              user_id: p.user_id,
              address: p.email,
              locale: p.locale,
              message_id_header: notificationMessageId(caseId, row.message_id, domain),
              state: 'queued' as const,
              next_attempt_at: now,
              sending_since: null,
              last_error: null,
              sent_at: null,
              sha256: null,
              created_at: row.created_at,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .returning('delivery_id')
          .execute();
        tally.mails += inserted.length;
      }
      const subscriptions = (
        await trx
          .selectFrom('webhook_subscriptions')
          .select(['subscription_id', 'kinds'])
          .where('tenant_id', '=', row.tenant_id)
          .where('active', '=', true)
          .execute()
      ).filter((s) => (readJson(s.kinds) as string[]).includes(row.kind));
      if (subscriptions.length > 0) {
        const event = {
          id: row.message_id,
          type: row.kind,
          createdAt: row.created_at.toISOString(),
          caseId,
          subject: { en: row.subject_en, zh: row.subject_zh },
          data: readJson(row.payload),
        };
        const inserted = await trx
          .insertInto('webhook_deliveries')
          .values(
            subscriptions.map((s) => ({
              tenant_id: row.tenant_id,
              delivery_id: deps.newId(),
              subscription_id: s.subscription_id,
              outbox_message_id: row.message_id,
              kind: row.kind,
              body: JSON.stringify(event),
              state: 'queued' as const,
              next_attempt_at: now,
              sending_since: null,
              last_status: null,
              last_error: null,
              delivered_at: null,
              created_at: now,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .returning('delivery_id')
          .execute();
        tally.webhooks += inserted.length;
      }
      await trx
        .updateTable('outbox')
        .set({ sent_at: now })
        .where('tenant_id', '=', row.tenant_id)
        .where('message_id', '=', row.message_id)
        .execute();
    }
  });
  return tally;
}
