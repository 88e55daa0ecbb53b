import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  getNotificationPreferences,
  listMailDeliveries,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  retryMailDelivery,
  setNotificationPreferences,
  updateWebhookSubscription,
} from '../../app/delivery/index.ts';
import {
  DELIVERY_STATE_LABELS,
  NOTIFICATION_CHANNEL_LABELS,
  NOTIFICATION_KIND_LABELS,
} from '../../domain/notification/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, Instant, STANDARD_PROBLEMS, Text, Uuid } from '../contracts/common.ts';
import { Nullable } from '../contracts/parties.ts';

const KINDS = Object.keys(NOTIFICATION_KIND_LABELS);
const Kind = Type.Unsafe<string>({
  type: 'string',
  enum: KINDS,
  description: KINDS.map(
    (k) => `${k}: ${NOTIFICATION_KIND_LABELS[k as keyof typeof NOTIFICATION_KIND_LABELS].en}`,
  ).join('; '),
});
const Channel = Type.Unsafe<'email' | 'none'>({
  type: 'string',
  enum: Object.keys(NOTIFICATION_CHANNEL_LABELS),
});
const DeliveryState = Type.Unsafe<string>({ type: 'string', enum: Object.keys(DELIVERY_STATE_LABELS) });
const Name = Type.Object({ en: Type.String(), zh: Type.String() });

const PreferenceSchema = Type.Object({ kind: Kind, kindName: Name, channel: Channel, channelName: Name });
const PreferencesBody = Type.Object(Object.fromEntries(KINDS.map((k) => [k, Type.Optional(Channel)])), {
  additionalProperties: false,
  description: 'For each kind of notification named: by e-mail, or not at all',
});

const MailDeliverySchema = Type.Object({
  id: Uuid,
  notificationId: Uuid,
  kind: Type.String(),
  kindName: Name,
  caseId: Nullable(Uuid),
  caseNumber: Nullable(Type.String()),
  to: Type.String(),
  recipientName: Nullable(Type.String()),
  language: Type.String(),
  messageId: Type.String(),
  state: DeliveryState,
  stateName: Name,
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Instant),
  lastError: Nullable(Type.String()),
  sentAt: Nullable(Instant),
  sha256: Nullable(Type.String()),
  createdAt: Instant,
});

const WebhookSchema = Type.Object({
  id: Uuid,
  url: Type.String(),
  kinds: Type.Array(Kind),
  kindNames: Type.Array(Name),
  description: Type.String(),
  active: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
const WebhookUrl = Type.String({
  minLength: 8,
  maxLength: 2000,
  format: 'uri',
  description: 'http(s) URL that receives POSTs',
});
const WebhookCreate = Type.Object(
  {
    url: WebhookUrl,
    kinds: Type.Array(Kind, { minItems: 1, maxItems: KINDS.length }),
    description: Type.Optional(Text({ maxLength: 500 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const WebhookPatch = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    kinds: Type.Optional(Type.Array(Kind, { minItems: 1, maxItems: KINDS.length })),
    description: Type.Optional(Text({ maxLength: 500 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const WebhookDeliverySchema = Type.Object({
  id: Uuid,
  eventId: Uuid,
  kind: Type.String(),
  kindName: Name,
  state: DeliveryState,
  stateName: Name,
  attempts: Type.Integer(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Nullable(Instant),
  deliveredAt: Nullable(Instant),
  createdAt: Instant,
});

/**
 * Notifications: your own preferences; for admins, the mail deliveries (failed ones to send again)
 * and the webhook subscriptions with their delivery log. Webhook calls carry
 * `Servicebook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the secret>`.
 */
export function deliveryRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/notification-preferences',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Which notifications you get by e-mail',
          response: { 200: Type.Object({ items: Type.Array(PreferenceSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await getNotificationPreferences(deps, actorOf(request)) }),
    );
    app.put(
      '/me/notification-preferences',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Choose, per kind of notification, e-mail or none',
          body: PreferencesBody,
          response: { 200: Type.Object({ items: Type.Array(PreferenceSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({
        items: await setNotificationPreferences(
          deps,
          actorOf(request),
          request.body as Record<string, string>,
        ),
      }),
    );
    app.get(
      '/mail-deliveries',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Mail deliveries in a state (admins); by default the failed ones, given up on',
          querystring: Type.Object(
            {
              state: Type.Optional(DeliveryState),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(MailDeliverySchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listMailDeliveries(deps, actorOf(request), request.query) }),
    );
    app.post(
      '/mail-deliveries/:id/retry',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Send a failed mail again, under the same Message-ID (admins)',
          params: IdParams,
          response: { 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        await retryMailDelivery(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/webhooks',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Webhook subscriptions of your company (admins)',
          response: { 200: Type.Object({ items: Type.Array(WebhookSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listWebhookSubscriptions(deps, actorOf(request)) }),
    );
    app.post(
      '/webhooks',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Subscribe an URL to kinds of event; the signing secret is in this answer only',
          body: WebhookCreate,
          response: {
            201: Type.Intersect([WebhookSchema, Type.Object({ secret: Type.String() })]),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request, reply) => {
        const created = await createWebhookSubscription(deps, actorOf(request), request.body);
        return reply.status(201).send(created);
      },
    );
    app.patch(
      '/webhooks/:id',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Change a subscription: URL, kinds, description, on or off',
          params: IdParams,
          body: WebhookPatch,
          response: { 200: WebhookSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateWebhookSubscription(deps, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      '/webhooks/:id',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Remove a subscription and its delivery log',
          params: IdParams,
          response: { 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        await deleteWebhookSubscription(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'The delivery log of a subscription: each event, its attempts, the last answer',
          params: IdParams,
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(WebhookDeliverySchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({
        items: await listWebhookDeliveries(deps, actorOf(request), request.params.id, request.query.limit),
      }),
    );
  };
}
