/**
 * How a mail finds its case, as rules on its headers (no I/O). Outgoing mail names its case in
 * its Message-ID by the contract shared with the delivery worker:
 * `<sb.{caseId}.{outboxMessageId}@{MAIL_DOMAIN}>`.
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OUTGOING = new RegExp(`^sb\\.(${UUID})\\.(${UUID})@(.+)$`, 'i');

/** A Message-ID as compared: without angle brackets or spaces, lower case. */
export function normalMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, '').trim().toLowerCase();
}

/** Every Message-ID in a header value such as References (`<a@x> <b@y>`), in order. */
export function messageIdsIn(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const found = text.match(/<[^<>\s]+>/g) ?? (text.trim() ? text.trim().split(/\s+/) : []);
  return found.map(normalMessageId).filter((id) => id.length > 0);
}

export interface OutgoingRef {
  caseId: string;
  outboxMessageId: string;
}

/** The case and outbox row named by one of our own Message-IDs, when it is one (for our domain). */
export function parseOutgoingMessageId(id: string, mailDomain: string | undefined): OutgoingRef | undefined {
  const m = OUTGOING.exec(normalMessageId(id));
  if (!m) return undefined;
  if (mailDomain && m[3] !== mailDomain.toLowerCase()) return undefined;
  return { caseId: m[1]!, outboxMessageId: m[2]! };
}

/** The Message-ID the delivery worker gives an outgoing message (the shared contract). */
export function outgoingMessageId(caseId: string, outboxMessageId: string, mailDomain: string): string {
  return `<sb.${caseId}.${outboxMessageId}@${mailDomain}>`;
}

/**
 * The Message-IDs a reply names, most specific first: In-Reply-To, then References from the
 * newest back (a follow-up whose References name an earlier mail finds its case).
 */
export function referencedIds(
  inReplyTo: string | undefined,
  references: string | readonly string[] | undefined,
): string[] {
  const ids = [...messageIdsIn(inReplyTo), ...messageIdsIn(references).reverse()];
  return [...new Set(ids)];
}

/**
 * The case number in a subject, `[C-000123]`, or the public reference customers are given,
 * `[R-7F3A-09BC-E41D]` (brackets required: a number in passing is no thread).
 */
export function caseNumberInSubject(subject: string): string | undefined {
  const m = /\[\s*(C-\d{6,}|R-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})\s*\]/i.exec(subject);
  return m ? m[1]!.toUpperCase() : undefined;
}

/**
 * Words in a text that could be a unit's serial (letters and digits joined by dashes, with a digit,
 * such as CH9-2024-00031), at most `limit`, in order of appearance.
 */
export function serialCandidates(text: string, limit = 20): string[] {
  const found = text.toUpperCase().match(/\b[A-Z0-9]{2,}(?:-[A-Z0-9]+){1,4}\b/g) ?? [];
  return [...new Set(found.filter((w) => /\d/.test(w) && !/^C-\d+$/.test(w)))].slice(0, limit);
}

/** The key a mail is unique by in a tenant: its Message-ID, or the hash of its bytes when it has none. */
export function messageKey(messageId: string | undefined, rawSha256: string): string {
  const id = messageId ? normalMessageId(messageId) : '';
  return id ? id : `sha256:${rawSha256}`;
}

/**
 * The supplier request a subject names: `SR-000123`, as the request's own mails say it ("Support
 * request SR-000123: …", "Re: 支持请求 SR-000123：…"). Whoever sends it must still see the request.
 */
export function supplierRequestInSubject(subject: string): string | undefined {
  const m = /(?:^|[^A-Z0-9-])(SR-\d{6,})(?![0-9])/i.exec(subject);
  return m ? m[1]!.toUpperCase() : undefined;
}
