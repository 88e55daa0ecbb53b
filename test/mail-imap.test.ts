import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailInSettings, receiveMail } from '../src/app/mail-in/index.ts';
import {
  type ImapFetcher,
  type SmtpListener,
  startImapFetcher,
  startSmtpListener,
} from '../src/mail/index.ts';
import { type DemoServer, startDemoServer } from './support/http.ts';
import { type Dovecot, memoryResolver, startDovecot, swaks } from './support/mail.ts';

let server: DemoServer;
let dovecot: Dovecot;
let fetcher: ImapFetcher;
let smtp: SmtpListener;
let settings: MailInSettings;
const SERVICE = 'service@acme.example';

beforeAll(async () => {
  [server, dovecot] = await Promise.all([startDemoServer(), startDovecot()]);
  settings = {
    addresses: { [SERVICE]: 'acme' },
    mailDomain: 'mail.acme.test',
    maxBytes: 300_000,
    floodLimit: 0,
    floodWindowSeconds: 3600,
    hostname: 'mx.acme.test',
    resolver: memoryResolver({}),
  };
  smtp = await startSmtpListener(server.db.deps, settings, {
    port: 0,
    host: '127.0.0.1',
    log: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await fetcher?.close();
  await smtp?.close();
  await dovecot?.stop();
  await server?.close();
});

/** Delivers into the Dovecot mailbox as a mail server would, by IMAP APPEND. */
async function deliver(raw: string): Promise<void> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  await client.append('INBOX', raw);
  await client.logout();
}

const mail = (id: string, subject: string, body: string) =>
  [
    'From: 张伟 Zhang Wei <zhang.wei@example.com>',
    `To: ${SERVICE}`,
    `Subject: ${subject}`,
    `Message-ID: ${id}`,
    `Date: ${new Date().toUTCString()}`,
    'Received: from mx.example.com (mx.example.com [192.0.2.10]) by imap.acme.test; Mon, 30 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');

async function until<T>(read: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const rowOf = (id: string) =>
  server.db.deps.db
    .selectFrom('mail_inbound')
    .selectAll()
    .where('message_key', '=', id.slice(1, -1).toLowerCase())
    .executeTakeFirst();

describe('e-mail in from a company mailbox (Dovecot over IMAP)', () => {
  it('fetches unseen mail on start, opens its case, marks it seen, and hears new mail over IDLE', async () => {
    const first = `<${randomUUID()}@example.com>`;
    await deliver(mail(first, 'Filter PA3-2026-118842 noisy', 'It rattles at night.'));
    fetcher = await startImapFetcher(
      server.db.deps,
      settings,
      {
        host: '127.0.0.1',
        port: dovecot.port,
        secure: false,
        user: dovecot.user,
        password: dovecot.password,
        folder: 'INBOX',
        address: SERVICE,
        pollSeconds: 3600,
      },
      pino({ level: 'silent' }),
    );
    const row = await until(() => rowOf(first));
    expect(row).toMatchObject({ via: 'imap', outcome: 'case_opened' });
    const opened = await server.db.deps.db
      .selectFrom('cases')
      .selectAll()
      .where('case_id', '=', row.case_id!)
      .executeTakeFirstOrThrow();
    expect(opened).toMatchObject({ channel: 'email', kind: 'repair' });
    // The IMAP path checked authentication by the Received header (no DNS here: SPF none, not a hang).
    expect((row.authentication as { spf: { result: string } }).spf.result).toBeTruthy();

    // New mail while the fetcher idles: IDLE announces it, no poll needed (the poll is an hour).
    const second = `<${randomUUID()}@example.com>`;
    await deliver(mail(second, 'Re: filter', 'Still noisy.'));
    const next = await until(() => rowOf(second));
    expect(next.via).toBe('imap');
  });

  it('never opens a second case for a mail fetched twice or arriving over SMTP too (Frappe Helpdesk #2310)', async () => {
    const id = `<${randomUUID()}@example.com>`;
    const raw = mail(id, 'Filter PA3-2026-118842 again', 'Both ways in.');
    // Over SMTP first, then the same mail lands in the mailbox (twice, as a copy would).
    const file = `/tmp/servicebook-imap-${randomUUID()}.eml`;
    await import('node:fs/promises').then((fs) => fs.writeFile(file, raw));
    expect(
      (await swaks(smtp.port, ['--to', SERVICE, '--from', 'zhang.wei@example.com', '--data', `@${file}`]))
        .code,
    ).toBe(0);
    await deliver(raw);
    await deliver(raw);
    await fetcher.fetchNow();
    const byKey = await server.db.deps.db
      .selectFrom('mail_inbound')
      .selectAll()
      .where('message_key', '=', id.slice(1, -1).toLowerCase())
      .execute();
    expect(byKey).toHaveLength(1);
    expect(byKey[0]!.via).toBe('smtp');
    const cases = await server.db.deps.db
      .selectFrom('cases')
      .select('case_id')
      .where('description', 'like', '%Both ways in.%')
      .execute();
    expect(cases).toHaveLength(1);
    // And at the same moment from both sides: still one.
    const racing = `<${randomUUID()}@example.com>`;
    const racingRaw = Buffer.from(mail(racing, 'Filter PA3-2026-118842 race', 'Racing.'));
    const receipts = await Promise.all(
      (['smtp', 'imap'] as const).map((via) =>
        receiveMail(server.db.deps, settings, {
          raw: racingRaw,
          via,
          envelope: { mailFrom: undefined, rcptTo: [SERVICE] },
        }),
      ),
    );
    expect(receipts.filter((r) => r.duplicate)).toHaveLength(1);
    expect(new Set(receipts.map((r) => r.caseId)).size).toBe(1);
    await import('node:fs/promises').then((fs) => fs.rm(file, { force: true }));
  });

  it('leaves nothing unseen in the mailbox', async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    await client.connect();
    await client.mailboxOpen('INBOX');
    const unseen = await client.search({ seen: false });
    await client.logout();
    expect(unseen).toEqual([]);
  });
});
