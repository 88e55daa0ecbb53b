import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDueClocks } from '../src/app/case/index.ts';
import { fetchPoster, type Outbound, runDeliveryPass } from '../src/app/delivery/index.ts';
import type { MailInSettings } from '../src/app/mail-in/index.ts';
import { type SmtpListener, startSmtpListener } from '../src/mail/index.ts';
import { smtpMailTransport } from '../src/store/smtp-mail.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { dkimKey, memoryResolver, signDkim, swaks } from './support/mail.ts';
import { type ReceivedMail, startSmtpSink } from './support/smtp-sink.ts';
import { readZip } from './support/zip.ts';

/**
 * Issue 22's flow, both ways through real SMTP: Ruijin Hospital e-mails the service address about
 * its chiller (swaks to the listener); a case opens with its clocks; the acknowledgement with the
 * promise reaches the customer's mailbox (a real SMTP server standing in for it); the agent replies
 * in the console and the reply goes out threaded; the customer answers by e-mail and the answer
 * lands on the case; the SLA warning reaches the case's owner; the dossier lists each mail received
 * with its authentication result; a bounce of a notification marks it failed and sends nothing.
 */
const SERVICE = 'service@acme.example';
const DOMAIN = 'acme.example';
const ruijinKey = dkimKey('ruijin.example', 's2026');
let now = new Date('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai
let server: DemoServer;
let smtp: SmtpListener;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let outbound: Outbound;
let tmp: string;

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-mail-flow-'));
  const settings: MailInSettings = {
    addresses: { [SERVICE]: 'acme' },
    mailDomain: DOMAIN,
    maxBytes: 1_000_000,
    floodLimit: 20,
    floodWindowSeconds: 3600,
    hostname: 'mx.acme.test',
    resolver: memoryResolver(ruijinKey.record),
  };
  smtp = await startSmtpListener(server.db.deps, settings, {
    port: 0,
    host: '127.0.0.1',
    log: pino({ level: 'silent' }),
  });
  sink = await startSmtpSink();
  outbound = {
    mail: smtpMailTransport({ url: sink.url }),
    postWebhook: fetchPoster(5000),
    settings: {
      from: `ACME Service <${SERVICE}>`,
      domain: DOMAIN,
      retry: { maxAttempts: 3, baseSeconds: 60, capSeconds: 3600 },
      sendingLeaseSeconds: 600,
      batch: 50,
    },
  };
  await drain(); // what the demo left in the outbox
  sink.received.length = 0;
});
afterAll(async () => {
  outbound?.mail?.close();
  await sink?.close();
  await smtp?.close();
  await server?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function drain() {
  for (let i = 0; i < 20; i++) {
    const r = await runDeliveryPass(server.db.deps, outbound);
    if (r.dispatched.notifications + r.mail.sent + r.mail.retried + r.mail.failed === 0) return;
  }
}

async function send(headers: Record<string, string>, body: string) {
  const head = Object.entries({
    'MIME-Version': '1.0',
    Date: now.toUTCString(),
    From: 'Dr. Li Fang <customer@ruijin.example>',
    To: SERVICE,
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  const raw = await signDkim(`${head}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`, ruijinKey);
  const file = path.join(tmp, `${randomUUID()}.eml`);
  await fs.writeFile(file, raw);
  return swaks(smtp.port, ['--to', SERVICE, '--from', 'customer@ruijin.example', '--data', `@${file}`]);
}

const ofCase = (caseId: string) => sink.received.filter((m) => m.messageId?.includes(`sb.${caseId}.`));
const textOf = async (m: ReceivedMail) => (await simpleParser(m.raw)).text ?? '';

describe(`a customer's e-mail, answered and kept as evidence, on ${ENGINE}`, () => {
  let caseId = '';
  let number = '';
  let reply: ReceivedMail;

  it('opens a case with clocks from a DKIM-signed mail naming the serial, and acknowledges it with the promise', async () => {
    const sent = await send(
      { Subject: 'Chiller CH9-2024-00031: no cooling', 'Message-ID': `<${randomUUID()}@ruijin.example>` },
      'The chiller of ward 3 stopped cooling this morning.\n三号病区冷水机组今早停止制冷。',
    );
    expect(sent.code, sent.transcript).toBe(0);
    // The sender is answered with the case's public reference; staff know the case by its number.
    const received = /250 Received (R-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(sent.transcript);
    expect(received, sent.transcript).not.toBeNull();
    const row = await server.db.deps.db
      .selectFrom('cases')
      .select(['case_id', 'number'])
      .where('public_ref', '=', received![1]!)
      .executeTakeFirstOrThrow();
    caseId = row.case_id;
    number = row.number;
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = (await agent.get(`/api/v1/cases/${caseId}`)).json();
    expect(opened).toMatchObject({ channel: 'email', unit: { serial: 'CH9-2024-00031' } });
    expect(opened.customer.key).toBe('ruijin-hospital');
    expect(opened.clocks.filter((c: { side: string }) => c.side === 'promise').length).toBeGreaterThan(0);

    await drain();
    const [ack, ...more] = ofCase(caseId);
    expect(more).toEqual([]);
    expect(ack!.to).toEqual(['customer@ruijin.example']);
    const text = await textOf(ack!);
    // The customer is given the case's public reference, not the sequential number.
    expect(text).toContain(opened.reference);
    expect(text).not.toContain(number);
    expect(text).toContain('我们的服务承诺');
  });

  it("sends the agent's reply from the console to the customer, threaded under the acknowledgement", async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const [ack] = ofCase(caseId);
    const answered = await agent.post(`/api/v1/cases/${caseId}/messages`, {
      body: 'Our engineer will call you within the hour. / 工程师将在一小时内致电。',
      visibility: 'public',
    });
    expect(answered.statusCode, answered.body).toBeLessThan(300);
    await drain();
    const mails = ofCase(caseId);
    expect(mails).toHaveLength(2);
    reply = mails[1]!;
    expect(reply.to).toEqual(['customer@ruijin.example']);
    expect(reply.header('In-Reply-To')).toBe(ack!.messageId);
    expect(reply.header('Subject')).toBeDefined();
    expect(await textOf(reply)).toContain('工程师将在一小时内致电');
  });

  it("puts the customer's e-mail answer on the case by In-Reply-To, and sends nothing back for it", async () => {
    const sent = await send(
      {
        Subject: `Re: [${number}] reply`,
        'Message-ID': `<${randomUUID()}@ruijin.example>`,
        'In-Reply-To': reply.messageId!,
        References: reply.messageId!,
      },
      'Thank you, we are in ward 3 all day.\n谢谢，我们全天都在三号病区。',
    );
    expect(sent.code, sent.transcript).toBe(0);
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const activity = (await ruijin.get(`/api/v1/cases/${caseId}/activity`)).json();
    const answer = activity.messages.find((m: { body: string }) => m.body.includes('全天都在三号病区'));
    expect(answer).toMatchObject({ direction: 'in', visibility: 'public' });
    await drain();
    expect(ofCase(caseId)).toHaveLength(2);
  });

  it("warns the case's owner by e-mail before a promise runs out", async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const me = (await agent.get('/api/v1/me')).json();
    const assigned = await agent.post(`/api/v1/cases/${caseId}/assignment`, { agentUserId: me.user.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    // Hour by hour until the worker finds a warning due (business time: nights and weekends do not count).
    let warnings = 0;
    for (let hour = 0; hour < 24 * 21 && warnings === 0; hour++) {
      now = new Date(now.getTime() + 3_600_000);
      warnings = (await processDueClocks(server.db.deps)).warnings;
    }
    expect(warnings).toBeGreaterThan(0);
    await drain();
    const toOwner = ofCase(caseId).filter((m) => m.to.includes('agent@acme.example'));
    expect(toOwner.length).toBeGreaterThan(0);
    expect(await textOf(toOwner[0]!)).toContain(number);
  });

  it('lists each mail received on the case in its dossier with its authentication result', async () => {
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    const response = await counsel.get(`/api/v1/cases/${caseId}/dossier`);
    expect(response.statusCode).toBe(200);
    const file = path.join(tmp, 'dossier.zip');
    await fs.writeFile(file, response.rawPayload);
    const files = await readZip(file);
    const mails = JSON.parse(files.get('mail/index.json')!.toString('utf8')) as Record<string, unknown>[];
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      expect(files.has(mail.raw as string)).toBe(true);
      // A DKIM failure here was seen once in CI and not reproduced since (3 runs, 300 offline
      // sign-and-verify rounds): the raw as kept is printed with the failure to find its cause.
      expect(mail, files.get(mail.raw as string)!.toString('utf8')).toMatchObject({
        dkim: 'ruijin.example: pass',
        authenticatedDomain: 'ruijin.example',
      });
    }
  });

  it('marks a notification failed when its bounce comes back, and sends nothing for the bounce', async () => {
    const before = sink.received.length;
    const [ack] = ofCase(caseId);
    const boundary = 'dsn-boundary';
    const head = [
      'MIME-Version: 1.0',
      `Date: ${now.toUTCString()}`,
      'From: Mail Delivery System <MAILER-DAEMON@ruijin.example>',
      `To: ${SERVICE}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${randomUUID()}@ruijin.example>`,
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    ].join('\r\n');
    const body = [
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.ruijin.example',
      '',
      'Final-Recipient: rfc822; customer@ruijin.example',
      'Action: failed',
      'Status: 5.1.1',
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${ack!.messageId}`,
      `From: ${SERVICE}`,
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const file = path.join(tmp, 'bounce.eml');
    await fs.writeFile(file, `${head}\r\n\r\n${body}`);
    const sent = await swaks(smtp.port, ['--to', SERVICE, '--from', '<>', '--data', `@${file}`]);
    expect(sent.code, sent.transcript).toBe(0);
    const delivery = await server.db.deps.db
      .selectFrom('mail_deliveries')
      .select(['state', 'last_error'])
      .where('message_id_header', '=', ack!.messageId!)
      .executeTakeFirstOrThrow();
    expect(delivery.state).toBe('failed');
    expect(delivery.last_error).toMatch(/^bounced: 5\.1\.1/);
    // The address bounced: the next notification to it is not sent, and the bounce itself sent nothing.
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'Are you there?', visibility: 'public' });
    await drain();
    expect(sink.received.slice(before).filter((m) => m.to.includes('customer@ruijin.example'))).toEqual([]);
  });
});
