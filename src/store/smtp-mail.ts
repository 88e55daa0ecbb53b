import nodemailer from 'nodemailer';

/** A message as the delivery worker asks for it to be built (and DKIM-signed when a key is configured). */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  date: Date;
  headers: Record<string, string>;
  /** Files sent with the mail (the record receipt the reader keeps). */
  attachments?: { filename: string; contentType: string; content: string }[] | undefined;
}

/**
 * The mail system as the delivery worker sees it: `compose` builds the exact bytes (signed), `send`
 * hands them to the SMTP server; an error from `send` means it was not accepted.
 */
export interface MailTransport {
  compose(mail: OutgoingMail): Promise<Buffer>;
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<void>;
  close(): void;
}

export interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * The mail transport over nodemailer: messages are built (and DKIM-signed when a key is given) by
 * a stream transport, so the worker holds the exact bytes it sends and can hash them; those bytes
 * go out unchanged over SMTP (`raw`).
 */
export function smtpMailTransport(options: { url: string; dkim?: DkimKey | undefined }): MailTransport {
  const composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    ...(options.dkim ? { dkim: options.dkim } : {}),
  });
  const smtp = nodemailer.createTransport(options.url);
  return {
    async compose(mail: OutgoingMail): Promise<Buffer> {
      const info = await composer.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: mail.date,
        headers: mail.headers,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references && mail.references.length > 0 ? { references: mail.references } : {}),
        ...(mail.attachments && mail.attachments.length > 0 ? { attachments: mail.attachments } : {}),
      });
      return info.message as Buffer;
    },
    async send(envelope, raw) {
      await smtp.sendMail({ envelope, raw });
    },
    close() {
      smtp.close();
      composer.close();
    },
  };
}
