export type { MailAuthentication } from './authenticate-mail.ts';
export { authenticateMail } from './authenticate-mail.ts';
export { declareMissingCharsets, guessCharset } from './decode-charsets.ts';
export type {
  DnsResolver,
  Envelope,
  IncomingMail,
  MailInSettings,
  MailOutcome,
  MailReceipt,
} from './mail-settings.ts';
export { headerLines, type MailLog, MailRefused, receiveMail, tenantForRecipients } from './receive-mail.ts';
export { assignTriage, discardTriage, listTriage, type TriageEntry } from './triage.ts';
