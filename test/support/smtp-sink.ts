import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  messageId: string | undefined;
  header(name: string): string | undefined;
}

/**
 * A real SMTP server for tests (the receiving MTA): keeps every message it accepts. `refuse` makes
 * it answer a temporary error to the recipients it names; `hold` is awaited after a message's
 * data arrived and before it is answered (to kill a sender mid-delivery).
 */
export async function startSmtpSink(
  options: {
    refuse?: (rcpt: string) => boolean;
    hold?: (mail: ReceivedMail) => Promise<void> | undefined;
  } = {},
) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        const error = new Error('mailbox busy, try again later') as Error & { responseCode: number };
        error.responseCode = 451;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const head = raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
        const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
        const header = (name: string) =>
          new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1]?.trim();
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId: header('Message-ID'),
          header,
        };
        received.push(mail);
        const held = options.hold?.(mail);
        if (held) held.then(() => callback(), callback);
        else callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
