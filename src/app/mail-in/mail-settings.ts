/** How e-mail comes in, as configured (see config.ts: MAIL_INBOUND_*). */
export interface MailInSettings {
  /** Each service address (lower case) and the slug of the tenant whose mail it receives. */
  addresses: Readonly<Record<string, string>>;
  /** Our own domain in outgoing Message-IDs (`<sb.{caseId}.{outboxId}@{mailDomain}>`). */
  mailDomain: string | undefined;
  /** The largest mail accepted, in bytes. */
  maxBytes: number;
  /** At most this many mails from one sender in `floodWindowSeconds`; the rest open nothing. */
  floodLimit: number;
  floodWindowSeconds: number;
  /** This host's name, as the receiving MTA in authentication results. */
  hostname: string;
  /** DNS for DKIM, SPF, DMARC and ARC (`dns.promises.resolve`'s shape); tests give their own. */
  resolver: DnsResolver;
}

export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

/** Where a mail came from: the SMTP envelope, or what an IMAP mailbox knows. */
export interface Envelope {
  /** MAIL FROM; `''` is the null sender of bounces; undefined when unknown (IMAP). */
  mailFrom: string | undefined;
  rcptTo: string[];
  remoteAddress?: string | undefined;
  helo?: string | undefined;
}

export interface IncomingMail {
  raw: Buffer;
  via: 'smtp' | 'imap';
  envelope: Envelope;
}

export type MailOutcome =
  | 'case_opened'
  | 'case_message'
  | 'supplier_request_message'
  | 'triage'
  | 'auto_reply'
  | 'bounce'
  | 'loop'
  | 'flood';

export interface MailReceipt {
  mailId: string;
  tenantId: string;
  outcome: MailOutcome;
  reason: string | null;
  caseId: string | null;
  caseNumber: string | null;
  /** True when this mail had been received before (by Message-ID, or its bytes): nothing new was done. */
  duplicate: boolean;
}
