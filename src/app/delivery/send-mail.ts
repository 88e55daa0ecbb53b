import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { nextAttemptAfter, renderNotification } from '../../domain/notification/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { latestTreeHead, recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import type { MailTransport, Outbound } from './outbound.ts';

const SYSTEM = (tenantId: string) => ({ tenantId, userId: null, authenticatedBy: 'system' as const });

export interface MailPassReport {
  sent: number;
  retried: number;
  failed: number;
  interrupted: number;
}

/**
 * Mails found `sending` past the lease were interrupted between being marked and being recorded
 * (the process died, or lost its database, while the SMTP server had it): SMTP cannot tell us
 * whether it was accepted, so the mail is NOT sent again by itself (it may have arrived): it goes
 * to the failed list with the reason, where an admin may send it again (same Message-ID).
 */
export async function failInterruptedMails(deps: AppDeps, leaseSeconds: number): Promise<number> {
  const before = new Date(deps.now().getTime() - leaseSeconds * 1000);
  const rows = await deps.db
    .updateTable('mail_deliveries')
    .set({
      state: 'failed',
      last_error:
        'interrupted while being handed to the SMTP server: it may have been delivered, so it is not sent again by itself',
      sending_since: null,
    })
    .where('state', '=', 'sending')
    .where('sending_since', '<', before)
    .returning('delivery_id')
    .execute();
  return rows.length;
}

/** Claims the next mail that is due: marks it `sending` with the attempt counted, and commits. */
async function claimNext(deps: AppDeps) {
  const now = deps.now();
  return inTransaction(deps, async (trx) => {
    const row = await trx
      .selectFrom('mail_deliveries')
      .selectAll()
      .where('state', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return undefined;
    await trx
      .updateTable('mail_deliveries')
      .set({ state: 'sending', sending_since: now, attempts: sql<number>`attempts + 1` })
      .where('tenant_id', '=', row.tenant_id)
      .where('delivery_id', '=', row.delivery_id)
      .execute();
    return { ...row, attempts: row.attempts + 1 };
  });
}

const STAFF_ROLES: ReadonlySet<string> = new Set(['admin', 'manager', 'agent', 'counsel']);

type Claimed = NonNullable<Awaited<ReturnType<typeof claimNext>>>;

/** The mail of one delivery, in its reader's language, threaded under the case's earlier mail. */
async function compose(deps: AppDeps, mail: MailTransport, outbound: Outbound, d: Claimed) {
  const [outbox, user, tenant, kase, head] = await Promise.all([
    deps.db
      .selectFrom('outbox')
      .select(['subject_en', 'subject_zh', 'payload', 'created_at'])
      .where('tenant_id', '=', d.tenant_id)
      .where('message_id', '=', d.outbox_message_id)
      .executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('users')
      .select(['name', 'role', 'party_id'])
      .where('tenant_id', '=', d.tenant_id)
      .where('user_id', '=', d.user_id)
      .executeTakeFirst(),
    deps.db
      .selectFrom('tenants')
      .select(['name', 'home_party_id'])
      .where('tenant_id', '=', d.tenant_id)
      .executeTakeFirstOrThrow(),
    d.case_id
      ? deps.db
          .selectFrom('cases')
          .select(['number', 'public_ref'])
          .where('tenant_id', '=', d.tenant_id)
          .where('case_id', '=', d.case_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    latestTreeHead(deps.db, d.tenant_id),
  ]);
  // Earlier mail on the case (to anyone: one thread per case), oldest first, for the thread headers.
  const references = d.case_id
    ? (
        await deps.db
          .selectFrom('mail_deliveries')
          .select(['message_id_header'])
          .select((eb) => eb.fn.min('created_at').as('first'))
          .where('tenant_id', '=', d.tenant_id)
          .where('case_id', '=', d.case_id)
          .where('created_at', '<=', d.created_at)
          .where('outbox_message_id', '<>', d.outbox_message_id)
          .groupBy('message_id_header')
          .orderBy('first')
          .execute()
      ).map((r) => r.message_id_header)
    : [];
  // The brand's staff read the internal number; customers and partners the case's public reference,
  // wherever the number was written into the notification.
  const staff = !!user && user.party_id === tenant.home_party_id && STAFF_ROLES.has(user.role);
  const shown = kase ? (staff ? kase.number : kase.public_ref) : null;
  const swap = (text: string) => (kase && !staff ? text.replaceAll(kase.number, kase.public_ref) : text);
  const payload = (readJson(outbox.payload) as Record<string, unknown>) ?? {};
  const rendered = renderNotification({
    kind: d.kind,
    locale: d.locale,
    recipientName: user?.name ?? d.address,
    senderName: tenant.name,
    caseNumber: shown,
    headline: { en: swap(outbox.subject_en), zh: swap(outbox.subject_zh) },
    payload: staff ? payload : (JSON.parse(swap(JSON.stringify(payload))) as Record<string, unknown>),
    receipt: head,
    publicUrl: outbound.settings.publicUrl,
  });
  const raw = await mail.compose({
    from: outbound.settings.from,
    to: d.address,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: d.message_id_header,
    inReplyTo: references.at(-1),
    references: references.slice(-10),
    date: outbox.created_at,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'Content-Language': d.locale === 'zh' ? 'zh-CN' : 'en',
      ...(shown ? { 'X-Servicebook-Case': shown } : {}),
    },
    // The same receipt GET /cases/{id}/receipt gives, without an inclusion proof: the newest head
    // may not cover this case's newest entry yet; any later head proves consistent with it.
    attachments: head
      ? [
          {
            filename: 'servicebook-receipt.json',
            contentType: 'application/json',
            content: `${JSON.stringify({ kind: 'servicebook-receipt-v1', head }, null, 2)}\n`,
          },
        ]
      : undefined,
  });
  return raw;
}

/**
 * Sends the mails that are due, one at a time: each is claimed and marked `sending` (committed),
 * built, handed to SMTP, and then marked `sent` with the SHA-256 of the bytes sent and recorded on
 * the evidence record (Message-ID, recipient, hash) in one transaction. A refusal or a network
 * error puts it back with exponential backoff, until the retry limit marks it failed.
 */
export async function sendDueMails(deps: AppDeps, outbound: Outbound): Promise<MailPassReport> {
  const report: MailPassReport = { sent: 0, retried: 0, failed: 0, interrupted: 0 };
  const mail = outbound.mail;
  if (!mail) return report;
  report.interrupted = await failInterruptedMails(deps, outbound.settings.sendingLeaseSeconds);
  for (let i = 0; i < outbound.settings.batch; i++) {
    const d = await claimNext(deps);
    if (!d) break;
    let raw: Buffer;
    try {
      raw = await compose(deps, mail, outbound, d);
      await mail.send({ from: outbound.settings.from, to: [d.address] }, raw);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryAt = nextAttemptAfter(d.attempts, deps.now(), outbound.settings.retry);
      await deps.db
        .updateTable('mail_deliveries')
        .set(
          retryAt
            ? {
                state: 'queued',
                next_attempt_at: retryAt,
                sending_since: null,
                last_error: message.slice(0, 2000),
              }
            : { state: 'failed', sending_since: null, last_error: message.slice(0, 2000) },
        )
        .where('tenant_id', '=', d.tenant_id)
        .where('delivery_id', '=', d.delivery_id)
        .where('state', '=', 'sending')
        .execute();
      if (retryAt) report.retried++;
      else report.failed++;
      continue;
    }
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const sentAt = deps.now();
    await inTransaction(deps, async (trx) => {
      await trx
        .updateTable('mail_deliveries')
        .set({ state: 'sent', sent_at: sentAt, sending_since: null, sha256, last_error: null })
        .where('tenant_id', '=', d.tenant_id)
        .where('delivery_id', '=', d.delivery_id)
        .execute();
      await recordChange(deps, trx, SYSTEM(d.tenant_id), {
        type: 'mail.sent',
        subject: d.case_id ? { type: 'case', id: d.case_id } : { type: 'tenant', id: d.tenant_id },
        payload: {
          messageId: d.message_id_header,
          kind: d.kind,
          to: d.address,
          userId: d.user_id,
          outboxMessageId: d.outbox_message_id,
          sha256,
          bytes: raw.length,
          attempt: d.attempts,
        },
      });
    });
    report.sent++;
  }
  return report;
}
