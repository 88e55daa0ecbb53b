import { sql } from 'kysely';
import { nextAttemptAfter } from '../../domain/notification/index.ts';
import type { AppDeps } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import type { Outbound } from './outbound.ts';
import { webhookSignature } from './webhook-signature.ts';

export interface WebhookPassReport {
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Calls the webhooks that are due, one at a time, as mails are sent: claimed (`FOR UPDATE SKIP
 * LOCKED`) and marked `sending`, POSTed with `Servicebook-Signature: t=…,v1=…` (HMAC-SHA256 of
 * `t.body` with the subscription's secret), a 2xx answer marks it delivered; anything else is
 * retried with exponential backoff until the limit marks it failed. Receivers deduplicate by the
 * event id (`Servicebook-Event-Id`): a call interrupted by a crash is made again (at least once).
 */
export async function sendDueWebhooks(deps: AppDeps, outbound: Outbound): Promise<WebhookPassReport> {
  const report: WebhookPassReport = { delivered: 0, retried: 0, failed: 0 };
  // Calls left `sending` by a process that died are made again: webhooks are at-least-once.
  const before = new Date(deps.now().getTime() - outbound.settings.sendingLeaseSeconds * 1000);
  await deps.db
    .updateTable('webhook_deliveries')
    .set({ state: 'queued', sending_since: null })
    .where('state', '=', 'sending')
    .where('sending_since', '<', before)
    .execute();
  for (let i = 0; i < outbound.settings.batch; i++) {
    const now = deps.now();
    const d = await inTransaction(deps, async (trx) => {
      const row = await trx
        .selectFrom('webhook_deliveries')
        .innerJoin('webhook_subscriptions', (j) =>
          j
            .onRef('webhook_subscriptions.tenant_id', '=', 'webhook_deliveries.tenant_id')
            .onRef('webhook_subscriptions.subscription_id', '=', 'webhook_deliveries.subscription_id'),
        )
        .selectAll('webhook_deliveries')
        .select(['webhook_subscriptions.url', 'webhook_subscriptions.secret'])
        .where('webhook_deliveries.state', '=', 'queued')
        .where('webhook_deliveries.next_attempt_at', '<=', now)
        .orderBy('webhook_deliveries.next_attempt_at')
        .limit(1)
        .forUpdate('webhook_deliveries')
        .skipLocked()
        .executeTakeFirst();
      if (!row) return undefined;
      await trx
        .updateTable('webhook_deliveries')
        .set({ state: 'sending', sending_since: now, attempts: sql<number>`attempts + 1` })
        .where('tenant_id', '=', row.tenant_id)
        .where('delivery_id', '=', row.delivery_id)
        .execute();
      return { ...row, attempts: row.attempts + 1 };
    });
    if (!d) break;
    const t = Math.floor(deps.now().getTime() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await outbound.postWebhook(d.url, d.body, {
        'content-type': 'application/json',
        'user-agent': 'Servicebook-Webhooks/1',
        'servicebook-event-id': d.outbox_message_id,
        'servicebook-event-type': d.kind,
        'servicebook-delivery-attempt': String(d.attempts),
        'servicebook-signature': webhookSignature(d.secret, t, d.body),
      });
      if (status < 200 || status > 299) error = `answered ${status}`;
    } catch (e) {
      error =
        e instanceof Error
          ? e.cause instanceof Error
            ? `${e.message}: ${e.cause.message}`
            : e.message
          : String(e);
    }
    const retryAt = error ? nextAttemptAfter(d.attempts, deps.now(), outbound.settings.retry) : undefined;
    await deps.db
      .updateTable('webhook_deliveries')
      .set(
        !error
          ? {
              state: 'sent',
              delivered_at: deps.now(),
              sending_since: null,
              last_status: status,
              last_error: null,
            }
          : retryAt
            ? {
                state: 'queued',
                next_attempt_at: retryAt,
                sending_since: null,
                last_status: status,
                last_error: error,
              }
            : { state: 'failed', sending_since: null, last_status: status, last_error: error },
      )
      .where('tenant_id', '=', d.tenant_id)
      .where('delivery_id', '=', d.delivery_id)
      .execute();
    if (!error) report.delivered++;
    else if (retryAt) report.retried++;
    else report.failed++;
  }
  return report;
}
