import { DEFAULT_RETRY, type RetryPolicy } from '../../domain/notification/index.ts';
import type { MailTransport } from '../../store/smtp-mail.ts';

export type { MailTransport, OutgoingMail } from '../../store/smtp-mail.ts';

/** Posts one webhook body: resolves with the HTTP status (a network error rejects). */
export type WebhookPoster = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

export interface DeliverySettings {
  /** The From address of notifications (`MAIL_FROM`). */
  from: string;
  /** The right-hand side of our Message-IDs (`MAIL_DOMAIN`). */
  domain: string;
  /** Where people reach the server (`PUBLIC_URL`): links in mails are made absolute with it. */
  publicUrl?: string | undefined;
  retry: RetryPolicy;
  /**
   * A mail found `sending` for longer than this was interrupted (the process died between marking
   * it and recording the outcome): it is not sent again by itself but marked failed for an admin.
   */
  sendingLeaseSeconds: number;
  /** How many mails and webhook calls one pass sends at most. */
  batch: number;
}

export const DEFAULT_DELIVERY: Omit<DeliverySettings, 'from' | 'domain'> = {
  retry: DEFAULT_RETRY,
  sendingLeaseSeconds: 600,
  batch: 50,
};

/** What the delivery worker needs beyond the app's deps: SMTP (absent: mail waits) and HTTP. */
export interface Outbound {
  mail: MailTransport | undefined;
  postWebhook: WebhookPoster;
  settings: DeliverySettings;
}

/** The ordinary webhook poster: `fetch` with a timeout, no redirects followed. */
export function fetchPoster(timeoutMs = 10_000): WebhookPoster {
  return async (url, body, headers) => {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.status;
  };
}
