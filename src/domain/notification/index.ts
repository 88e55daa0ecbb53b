export type { RetryPolicy } from './delivery.ts';
export {
  DEFAULT_RETRY,
  nextAttemptAfter,
  notificationMessageId,
  parseNotificationMessageId,
} from './delivery.ts';
export type { NotificationChannel, NotificationKind } from './labels.ts';
export { DELIVERY_STATE_LABELS, NOTIFICATION_CHANNEL_LABELS, NOTIFICATION_KIND_LABELS } from './labels.ts';
export type { MailFacts, RenderedMail } from './render.ts';
export { renderNotification, whenInWords } from './render.ts';
