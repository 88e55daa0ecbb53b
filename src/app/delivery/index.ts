export { caseOf, dispatchOutbox, recipientsOf } from './dispatch-outbox.ts';
export { enqueueNotification, type Notification } from './enqueue-notification.ts';
export { listMailDeliveries, type MailDeliveryView } from './list-mail-deliveries.ts';
export {
  getNotificationPreferences,
  type NotificationPreference,
  setNotificationPreferences,
} from './notification-preferences.ts';
export {
  DEFAULT_DELIVERY,
  type DeliverySettings,
  fetchPoster,
  type MailTransport,
  type Outbound,
  type OutgoingMail,
  type WebhookPoster,
} from './outbound.ts';
export { recordMailBounce } from './record-bounce.ts';
export { retryMailDelivery } from './retry-mail-delivery.ts';
export { type DeliveryReport, runDeliveryPass } from './run-delivery-pass.ts';
export { failInterruptedMails, type MailPassReport, sendDueMails } from './send-mail.ts';
export { sendDueWebhooks, type WebhookPassReport } from './send-webhooks.ts';
export { verifyWebhookSignature, webhookSignature } from './webhook-signature.ts';
export {
  createWebhookSubscription,
  deleteWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  updateWebhookSubscription,
  type WebhookDeliveryView,
  type WebhookInput,
  type WebhookSubscriptionView,
} from './webhook-subscriptions.ts';
