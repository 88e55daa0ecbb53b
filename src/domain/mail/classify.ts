/**
 * What kind of mail this is before anyone reads it: an automatic reply, a bounce, a loop, or mail
 * from a person. Rules on headers only (RFC 3834 Auto-Submitted, Precedence, RFC 3464 reports).
 */

export type HeaderValue = string | readonly string[] | undefined;
export type Headers = (name: string) => HeaderValue;

const first = (v: HeaderValue) => (typeof v === 'string' ? v : v?.[0]);

export type MailKind =
  | { kind: 'person' }
  | { kind: 'auto_reply'; because: string }
  | { kind: 'bounce' }
  | { kind: 'loop'; because: string };

export interface ClassifyInput {
  header: Headers;
  /** The top-level content type with its parameters, e.g. `multipart/report; report-type=delivery-status`. */
  contentType: string;
  /** The envelope sender (MAIL FROM); `''` for the null sender of bounces. */
  envelopeFrom: string | undefined;
  fromAddress: string | undefined;
  /** The addresses mail comes in on: mail from them is our own coming back. */
  serviceAddresses: readonly string[];
}

export function classifyMail(input: ClassifyInput): MailKind {
  const h = (name: string) => (first(input.header(name)) ?? '').toString().trim().toLowerCase();
  const type = input.contentType.toLowerCase();
  if (type.startsWith('multipart/report') && /report-type\s*=\s*"?delivery-status/.test(type)) {
    return { kind: 'bounce' };
  }
  const from = (input.fromAddress ?? '').toLowerCase();
  if (/^(mailer-daemon|postmaster)@/.test(from) && input.envelopeFrom === '') return { kind: 'bounce' };
  if (from && input.serviceAddresses.some((a) => a.toLowerCase() === from)) {
    return { kind: 'loop', because: 'from our own service address' };
  }
  if (h('x-servicebook-loop')) return { kind: 'loop', because: 'X-Servicebook-Loop' };
  const auto = h('auto-submitted');
  if (auto && auto !== 'no') return { kind: 'auto_reply', because: `Auto-Submitted: ${auto}` };
  const precedence = h('precedence');
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) {
    return { kind: 'auto_reply', because: `Precedence: ${precedence}` };
  }
  if (h('x-autoreply') || h('x-autorespond')) return { kind: 'auto_reply', because: 'X-Autoreply' };
  const suppress = h('x-auto-response-suppress');
  if (suppress === 'all' || suppress.includes('autoreply'))
    return { kind: 'auto_reply', because: `X-Auto-Response-Suppress: ${suppress}` };
  if (h('list-id') || h('list-unsubscribe')) return { kind: 'auto_reply', because: 'mailing list' };
  return { kind: 'person' };
}

export interface BounceReport {
  /** The addresses that failed (Final-Recipient with Action: failed). */
  failed: { address: string; status: string | undefined }[];
  /** Message-IDs of the original message named in the report. */
  originalMessageIds: string[];
}

/**
 * Reads an RFC 3464 delivery report from the raw text of the mail: the failed recipients of its
 * message/delivery-status part and the Message-ID of the returned message (or its headers).
 */
export function readBounce(raw: string): BounceReport {
  const failed: BounceReport['failed'] = [];
  // Per-recipient groups are blank-line separated fields; unfold continuation lines first.
  const text = raw.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  const groups = text.split(/\n\s*\n/);
  for (const group of groups) {
    const recipient = /^final-recipient:\s*(?:rfc822\s*;)?\s*<?([^\s<>]+@[^\s<>]+)>?/im.exec(group);
    if (!recipient) continue;
    const action = /^action:\s*(\S+)/im.exec(group)?.[1]?.toLowerCase();
    if (action && action !== 'failed') continue;
    const status = /^status:\s*(\S+)/im.exec(group)?.[1];
    failed.push({ address: recipient[1]!.toLowerCase(), status });
  }
  const originalMessageIds = [...text.matchAll(/^message-id:\s*(<[^>\s]+>)/gim)].map((m) =>
    m[1]!.slice(1, -1).toLowerCase(),
  );
  return { failed, originalMessageIds };
}

/** A sender sending more than `limit` mails within the window is flooding: the rest wait for a person. */
export function isFlood(receivedInWindow: number, limit: number): boolean {
  return limit > 0 && receivedInWindow >= limit;
}
