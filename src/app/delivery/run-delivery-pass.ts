import type { AppDeps } from '../context.ts';
import { dispatchOutbox } from './dispatch-outbox.ts';
import type { Outbound } from './outbound.ts';
import { type MailPassReport, sendDueMails } from './send-mail.ts';
import { sendDueWebhooks, type WebhookPassReport } from './send-webhooks.ts';

export interface DeliveryReport {
  dispatched: { notifications: number; mails: number; webhooks: number };
  mail: MailPassReport;
  webhooks: WebhookPassReport;
}

/** One pass of the delivery worker: hand the outbox out, send the mails due, call the webhooks due. */
export async function runDeliveryPass(deps: AppDeps, outbound: Outbound): Promise<DeliveryReport> {
  const dispatched = await dispatchOutbox(deps, outbound.settings.domain, outbound.settings.batch);
  const mail = await sendDueMails(deps, outbound);
  const webhooks = await sendDueWebhooks(deps, outbound);
  return { dispatched, mail, webhooks };
}
