import { randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/access/index.ts';
import type { Label } from '../../domain/label.ts';
import { labelOf } from '../../domain/label.ts';
import {
  DELIVERY_STATE_LABELS,
  NOTIFICATION_KIND_LABELS,
  type NotificationKind,
} from '../../domain/notification/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { invalid, notFound, notInVocabulary } from '../errors.ts';
import { requireAdmin } from './require-admin.ts';

export interface WebhookSubscriptionView {
  id: string;
  url: string;
  kinds: NotificationKind[];
  kindNames: Label[];
  description: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookInput {
  url?: string | undefined;
  kinds?: string[] | undefined;
  description?: string | undefined;
  active?: boolean | undefined;
}

const KINDS = Object.keys(NOTIFICATION_KIND_LABELS) as NotificationKind[];
const NOT_FOUND = { en: 'No such webhook subscription.', zh: '没有该 Webhook 订阅。' };

function checkInput(input: WebhookInput): void {
  if (input.url !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(input.url);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw invalid([{ path: '/body/url', message: 'an http(s) URL', messageZh: 'http(s) 地址' }]);
  }
  for (const [i, kind] of (input.kinds ?? []).entries())
    if (!KINDS.includes(kind as NotificationKind))
      throw notInVocabulary(`/body/kinds/${i}`, kind, { en: 'a kind of event', zh: '事件类型' }, KINDS);
}

type Row = {
  subscription_id: string;
  url: string;
  kinds: unknown;
  description: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
};

const view = (r: Row): WebhookSubscriptionView => {
  const kinds = readJson(r.kinds) as NotificationKind[];
  return {
    id: r.subscription_id,
    url: r.url,
    kinds,
    kindNames: kinds.map((k) => labelOf(NOTIFICATION_KIND_LABELS, k)),
    description: r.description,
    active: r.active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

/** Subscribes an URL to kinds of event; the signing secret is shown this once. */
export async function createWebhookSubscription(
  deps: AppDeps,
  actor: Actor,
  input: WebhookInput & { url: string; kinds: string[] },
): Promise<WebhookSubscriptionView & { secret: string }> {
  requireAdmin(actor);
  checkInput(input);
  const now = deps.now();
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const row = await deps.db
    .insertInto('webhook_subscriptions')
    .values({
      tenant_id: actor.tenantId,
      subscription_id: deps.newId(),
      url: input.url,
      secret,
      kinds: JSON.stringify([...new Set(input.kinds)]),
      description: input.description ?? '',
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...view(row), secret };
}

export async function listWebhookSubscriptions(
  deps: AppDeps,
  actor: Actor,
): Promise<WebhookSubscriptionView[]> {
  requireAdmin(actor);
  const rows = await deps.db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('created_at')
    .execute();
  return rows.map(view);
}

export async function updateWebhookSubscription(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: WebhookInput,
): Promise<WebhookSubscriptionView> {
  requireAdmin(actor);
  checkInput(input);
  const row = await deps.db
    .updateTable('webhook_subscriptions')
    .set({
      updated_at: deps.now(),
      ...(input.url !== undefined && { url: input.url }),
      ...(input.kinds !== undefined && { kinds: JSON.stringify([...new Set(input.kinds)]) }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.active !== undefined && { active: input.active }),
    })
    .where('tenant_id', '=', actor.tenantId)
    .where('subscription_id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound(NOT_FOUND);
  return view(row);
}

/** Removes a subscription and its delivery log. */
export async function deleteWebhookSubscription(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor);
  const row = await deps.db
    .deleteFrom('webhook_subscriptions')
    .where('tenant_id', '=', actor.tenantId)
    .where('subscription_id', '=', id)
    .returning('subscription_id')
    .executeTakeFirst();
  if (!row) throw notFound(NOT_FOUND);
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  kind: string;
  kindName: Label;
  state: string;
  stateName: Label;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** The delivery log of one subscription, newest first. */
export async function listWebhookDeliveries(
  deps: AppDeps,
  actor: Actor,
  id: string,
  limit = 100,
): Promise<WebhookDeliveryView[]> {
  requireAdmin(actor);
  const sub = await deps.db
    .selectFrom('webhook_subscriptions')
    .select('subscription_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('subscription_id', '=', id)
    .executeTakeFirst();
  if (!sub) throw notFound(NOT_FOUND);
  const rows = await deps.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('subscription_id', '=', id)
    .orderBy('created_at', 'desc')
    .limit(Math.min(limit, 500))
    .execute();
  return rows.map((r) => ({
    id: r.delivery_id,
    eventId: r.outbox_message_id,
    kind: r.kind,
    kindName: labelOf(NOTIFICATION_KIND_LABELS, r.kind),
    state: r.state,
    stateName: DELIVERY_STATE_LABELS[r.state],
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    nextAttemptAt: r.state === 'queued' ? r.next_attempt_at : null,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  }));
}
