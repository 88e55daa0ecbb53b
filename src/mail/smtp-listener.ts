import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { AppDeps } from '../app/context.ts';
import { type MailInSettings, MailRefused, receiveMail, tenantForRecipients } from '../app/mail-in/index.ts';

/**
 * The SMTP listener inside the server (on when MAIL_INBOUND_PORT is set): it accepts mail for the
 * configured service addresses only (others are refused at RCPT TO with 550), refuses mail over
 * the size limit with 552 while it is sent (the sender's server bounces it), and answers 250 only
 * once the mail is recorded: a failure answers 451 so the sender tries again later, and a retry
 * of a mail already recorded does nothing new (Message-ID).
 */
export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

export async function startSmtpListener(
  deps: AppDeps,
  settings: MailInSettings,
  options: { port: number; host: string; log: Logger },
): Promise<SmtpListener> {
  const { log } = options;
  const server = new SMTPServer({
    name: settings.hostname,
    banner: 'Servicebook',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: settings.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      tenantForRecipients(deps.db, settings, [address.address])
        .then((tenant) => {
          if (tenant) return callback();
          const error = new Error('No service mailbox at this address') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
        })
        .catch((error: Error) => callback(error));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          log.warn(
            { from: session.envelope.mailFrom, limit: settings.maxBytes },
            'mail refused: larger than the limit',
          );
          const error = new Error(`Message exceeds the limit of ${settings.maxBytes} bytes`) as Error & {
            responseCode: number;
          };
          error.responseCode = 552;
          return callback(error);
        }
        const mailFrom = session.envelope.mailFrom;
        receiveMail(
          deps,
          settings,
          {
            raw: Buffer.concat(chunks),
            via: 'smtp',
            envelope: {
              mailFrom: mailFrom === false ? '' : mailFrom.address,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              remoteAddress: session.remoteAddress,
              helo: session.hostNameAppearsAs,
            },
          },
          (level, fields, message) => log[level](fields, message),
        )
          .then((receipt) => {
            log.info({ via: 'smtp', ...receipt }, 'mail received');
            callback(null, `Received ${receipt.caseNumber ?? receipt.outcome}`);
          })
          .catch((error: Error) => {
            const refused = error instanceof MailRefused;
            log.error(
              { err: error },
              refused ? 'mail refused' : 'mail not recorded: the sender will try again',
            );
            const answer = new Error(
              refused ? error.message : 'Temporary failure, try again later',
            ) as Error & {
              responseCode: number;
            };
            answer.responseCode = refused ? error.code : 451;
            callback(answer);
          });
      });
    },
  });
  server.on('error', (error) => log.error({ err: error }, 'smtp listener error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log.info({ port }, 'smtp listener on');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
