import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { AppDeps } from '../app/context.ts';
import { type MailInSettings, receiveMail } from '../app/mail-in/index.ts';

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  folder: string;
  /** The service address this mailbox receives for (names the tenant). */
  address: string;
  /** How often to look again when the server does not announce new mail over IDLE. */
  pollSeconds: number;
}

export interface ImapFetcher {
  /** Fetches what is unseen now (the fetcher also does on start, on IDLE news and every pollSeconds). */
  fetchNow(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Fetches the company mailbox over IMAP: unseen mail in the folder, each handed to receiveMail and
 * flagged \Seen only once recorded (a crash between the two fetches it again next time, and the
 * Message-ID makes that harmless); it then waits in IDLE for the server to announce new mail.
 * A lost connection is made again after a pause.
 */
export async function startImapFetcher(
  deps: AppDeps,
  settings: MailInSettings,
  imap: ImapSettings,
  log: Logger,
): Promise<ImapFetcher> {
  let client: ImapFlow | undefined;
  let closing = false;
  let running: Promise<number> | undefined;
  let again = false;

  const connect = async () => {
    const c = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
      // A plain local server (tests) offers no TLS: do not insist on it there.
      ...(imap.secure ? {} : { doSTARTTLS: undefined }),
    } as ConstructorParameters<typeof ImapFlow>[0]);
    c.on('error', (error: Error) => log.warn({ err: error }, 'imap connection error'));
    c.on('exists', () => {
      void fetchNow();
    });
    c.on('close', () => {
      if (client === c) client = undefined;
      if (!closing) setTimeout(() => void ensure().catch(() => {}), 5000).unref();
    });
    await c.connect();
    await c.mailboxOpen(imap.folder);
    client = c;
    return c;
  };
  const ensure = async () => client ?? (await connect());

  const pass = async (): Promise<number> => {
    const c = await ensure();
    const uids = ((await c.search({ seen: false }, { uid: true })) || []) as number[];
    let received = 0;
    for (const uid of uids) {
      const message = await c.fetchOne(String(uid), { source: true }, { uid: true });
      if (message === false || !message.source) continue;
      try {
        const receipt = await receiveMail(
          deps,
          settings,
          { raw: message.source, via: 'imap', envelope: { mailFrom: undefined, rcptTo: [imap.address] } },
          (level, fields, text) => log[level](fields, text),
        );
        log.info({ via: 'imap', uid, ...receipt }, 'mail received');
        received += receipt.duplicate ? 0 : 1;
        await c.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      } catch (error) {
        log.error({ err: error, uid }, 'mail not recorded: left unseen, fetched again later');
      }
    }
    return received;
  };

  const fetchNow = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await pass();
      } while (again && !closing);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  await connect();
  await fetchNow().catch((error: unknown) => log.error({ err: error }, 'imap fetch failed'));
  const poll = setInterval(() => {
    fetchNow().catch((error: unknown) => log.error({ err: error }, 'imap fetch failed'));
  }, imap.pollSeconds * 1000);
  poll.unref();
  log.info({ host: imap.host, folder: imap.folder }, 'imap fetcher on');
  return {
    fetchNow,
    close: async () => {
      closing = true;
      clearInterval(poll);
      await running?.catch(() => {});
      await client?.logout().catch(() => {});
    },
  };
}
