import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailInSettings, receiveMail } from '../src/app/mail-in/index.ts';
import { type SmtpListener, startSmtpListener } from '../src/mail/index.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { dkimKey, memoryResolver, signDkim, swaks } from './support/mail.ts';
import { readZip } from './support/zip.ts';

let server: DemoServer;
let smtp: SmtpListener;
let settings: MailInSettings;
let tmp: string;
const ruijinKey = dkimKey('ruijin.example', 's2026');
const SERVICE = 'service@acme.example';
const DOMAIN = 'mail.acme.test';

beforeAll(async () => {
  server = await startDemoServer();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-mail-'));
  settings = {
    addresses: { [SERVICE]: 'acme' },
    mailDomain: DOMAIN,
    maxBytes: 300_000,
    floodLimit: 6,
    floodWindowSeconds: 3600,
    hostname: 'mx.acme.test',
    resolver: memoryResolver(ruijinKey.record),
  };
  smtp = await startSmtpListener(server.db.deps, settings, {
    port: 0,
    host: '127.0.0.1',
    log: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await smtp?.close();
  await server?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

const db = () => server.db.deps.db;
const mailRow = (messageId: string) =>
  db()
    .selectFrom('mail_inbound')
    .selectAll()
    .where('message_key', '=', messageId.toLowerCase())
    .executeTakeFirstOrThrow();

async function sendRaw(raw: string | Buffer, from: string, extra: string[] = []) {
  const file = path.join(tmp, `${randomUUID()}.eml`);
  await fs.writeFile(file, raw);
  return swaks(smtp.port, ['--to', SERVICE, '--from', from, '--data', `@${file}`, ...extra]);
}

function rawMail(h: Record<string, string>, body: string): string {
  const head = Object.entries({ 'MIME-Version': '1.0', Date: new Date().toUTCString(), ...h })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return `${head}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

describe('e-mail in over SMTP (swaks to the listener)', () => {
  /** `number` is what the customer is shown (the public reference), `internal` the staff's. */
  let chillerCase: { id: string; number: string; internal: string };
  const firstId = `<${randomUUID()}@ruijin.example>`;

  it('opens a case for a DKIM-signed mail naming a serial, with clocks, and keeps the raw mail with its authentication', async () => {
    const raw = rawMail(
      {
        From: 'Dr. Li Fang <customer@ruijin.example>',
        To: SERVICE,
        Subject: 'Chiller CH9-2024-00031 alarm E4',
        'Message-ID': firstId,
        'Content-Type': 'text/plain; charset=utf-8',
      },
      'The chiller in ward 3 shows E4 since this morning.\n冷水机组报警 E4。',
    );
    const sent = await sendRaw(await signDkim(raw, ruijinKey), 'customer@ruijin.example');
    expect(sent.code, sent.transcript).toBe(0);
    // The sender is answered with the public reference, never the sequential number.
    expect(sent.transcript).toMatch(/250 Received R-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/);
    expect(sent.transcript).not.toMatch(/C-\d{6}/);
    const row = await mailRow(firstId.slice(1, -1));
    expect(row).toMatchObject({
      outcome: 'case_opened',
      via: 'smtp',
      from_address: 'customer@ruijin.example',
    });
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const seen = (await ruijin.get(`/api/v1/cases/${row.case_id}`)).json();
    expect(seen).toMatchObject({ channel: 'email', kind: 'repair', unit: { serial: 'CH9-2024-00031' } });
    expect(seen.clocks.length).toBeGreaterThan(0);
    expect(seen.description).toContain('冷水机组报警');
    const internal = await db()
      .selectFrom('cases')
      .select('number')
      .where('case_id', '=', seen.id)
      .executeTakeFirstOrThrow();
    chillerCase = { id: seen.id, number: seen.number, internal: internal.number };

    const entry = await db()
      .selectFrom('timeline_entries')
      .selectAll()
      .where('seq', '=', Number(row.evidence_seq))
      .where('tenant_id', '=', row.tenant_id)
      .executeTakeFirstOrThrow();
    const payload = (typeof entry.payload === 'string' ? JSON.parse(entry.payload) : entry.payload) as Record<
      string,
      // biome-ignore lint/suspicious/noExplicitAny: reading the entry back
      any
    >;
    expect(payload.messageId).toBe(firstId);
    expect(payload.envelope).toMatchObject({ mailFrom: 'customer@ruijin.example', rcptTo: [SERVICE] });
    expect(payload.authentication.dkim[0]).toMatchObject({ domain: 'ruijin.example', result: 'pass' });
    expect(payload.authentication.authenticatedDomain).toBe('ruijin.example');
    expect(payload.raw.sha256).toBe(row.raw_sha256);
    const stored = await server.db.deps.blobs.get(row.raw_sha256!);
    expect(stored?.toString()).toContain('Chiller CH9-2024-00031');
  });

  it('never opens two cases for one mail: sent again over SMTP, or fetched over IMAP', async () => {
    const raw = rawMail(
      { From: 'customer@ruijin.example', To: SERVICE, Subject: 'Chiller again', 'Message-ID': firstId },
      'Same mail.',
    );
    expect((await sendRaw(raw, 'customer@ruijin.example')).code).toBe(0);
    const again = await receiveMail(server.db.deps, settings, {
      raw: Buffer.from(raw),
      via: 'imap',
      envelope: { mailFrom: undefined, rcptTo: [SERVICE] },
    });
    expect(again).toMatchObject({ duplicate: true, caseId: chillerCase.id });
    const cases = await db().selectFrom('cases').select('case_id').where('channel', '=', 'email').execute();
    expect(cases).toHaveLength(1);
  });

  it('puts a reply on its case by our Message-ID, by References to an earlier mail, and by [C-number]', async () => {
    const outboxId = randomUUID();
    const byOurs = `<${randomUUID()}@ruijin.example>`;
    await sendRaw(
      rawMail(
        {
          From: 'customer@ruijin.example',
          To: SERVICE,
          Subject: 'Re: Your case',
          'Message-ID': byOurs,
          'In-Reply-To': `<sb.${chillerCase.id}.${outboxId}@${DOMAIN}>`,
        },
        'Thanks, the engineer may come tomorrow.',
      ),
      'customer@ruijin.example',
    );
    expect(await mailRow(byOurs.slice(1, -1))).toMatchObject({
      outcome: 'case_message',
      case_id: chillerCase.id,
    });

    const byReferences = `<${randomUUID()}@ruijin.example>`;
    await sendRaw(
      rawMail(
        {
          From: 'customer@ruijin.example',
          To: SERVICE,
          Subject: 'one more thing',
          'Message-ID': byReferences,
          References: `<unknown@elsewhere.example> ${firstId}`,
        },
        'The alarm came back at 14:00.',
      ),
      'customer@ruijin.example',
    );
    expect(await mailRow(byReferences.slice(1, -1))).toMatchObject({
      outcome: 'case_message',
      case_id: chillerCase.id,
    });

    const bySubject = `<${randomUUID()}@ruijin.example>`;
    await sendRaw(
      rawMail(
        {
          From: 'customer@ruijin.example',
          To: SERVICE,
          Subject: `Update [${chillerCase.number}]`,
          'Message-ID': bySubject,
        },
        'Photo to follow.',
      ),
      'customer@ruijin.example',
    );
    expect(await mailRow(bySubject.slice(1, -1))).toMatchObject({
      outcome: 'case_message',
      case_id: chillerCase.id,
    });

    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const history = (await agent.get(`/api/v1/cases/${chillerCase.id}/activity`)).json();
    expect(JSON.stringify(history)).toContain('The alarm came back at 14:00.');
  });

  it('sends a stranger quoting a case number to triage, not onto the case (Zammad #5064), and an unknown sender too', async () => {
    const stranger = `<${randomUUID()}@example.com>`;
    await sendRaw(
      rawMail(
        {
          From: 'zhang.wei@example.com',
          To: SERVICE,
          Subject: `Re: [${chillerCase.number}]`,
          'Message-ID': stranger,
        },
        'I want to see this case.',
      ),
      'zhang.wei@example.com',
    );
    expect(await mailRow(stranger.slice(1, -1))).toMatchObject({
      outcome: 'triage',
      reason: 'case_not_visible',
      case_id: null,
      triage_state: 'open',
    });
    const unknown = `<${randomUUID()}@nowhere.example>`;
    await sendRaw(
      rawMail({ From: 'who@nowhere.example', To: SERVICE, Subject: 'Hello', 'Message-ID': unknown }, 'Hi.'),
      'who@nowhere.example',
    );
    expect(await mailRow(unknown.slice(1, -1))).toMatchObject({
      outcome: 'triage',
      reason: 'unknown_sender',
    });
  });

  it('files a supplier’s e-mailed answer on its support request, stopping the response clock; another supplier quoting it goes to triage', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    await admin.post('/api/v1/parties', { key: 'suzhou-valves', name: 'Suzhou Valves', roles: ['supplier'] });
    for (const [email, party] of [
      ['service@ningbo.example', 'ningbo-motor'],
      ['service@suzhou-valves.example', 'suzhou-valves'],
    ] as const)
      expect(
        (
          await admin.post('/api/v1/users', {
            email,
            name: email,
            role: 'partner',
            party,
            password: 'long-enough-pw',
          })
        ).statusCode,
      ).toBe(201);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/supplier-requests', {
      supplier: 'ningbo-motor',
      agreement: 'ningbo-motor-supply',
      subject: 'CMP-900 compressor seizing',
      body: 'Three units seized within a month. Please send the failure analysis.',
    });
    expect(opened.statusCode).toBe(201);
    const number = opened.json().number;

    // Another supplier quoting the number: triage, not onto the request.
    const stranger = `<${randomUUID()}@suzhou-valves.example>`;
    await sendRaw(
      rawMail(
        {
          From: 'service@suzhou-valves.example',
          To: SERVICE,
          Subject: `Re: Support request ${number}: CMP-900 compressor seizing`,
          'Message-ID': stranger,
        },
        'Let us see.',
      ),
      'service@suzhou-valves.example',
    );
    expect(await mailRow(stranger.slice(1, -1))).toMatchObject({
      outcome: 'triage',
      reason: 'request_not_visible',
    });

    // Ningbo answers by replying to the request's mail, in Chinese.
    const answer = `<${randomUUID()}@ningbo.example>`;
    await sendRaw(
      rawMail(
        {
          From: 'service@ningbo.example',
          To: SERVICE,
          Subject: `Re: 支持请求 ${number}：CMP-900 compressor seizing`,
          'Message-ID': answer,
          'Content-Type': 'text/plain; charset=utf-8',
        },
        '已收到，失效分析报告将于周五前提供。',
      ),
      'service@ningbo.example',
    );
    expect(await mailRow(answer.slice(1, -1))).toMatchObject({
      outcome: 'supplier_request_message',
      case_id: null,
    });
    const request = (await agent.get(`/api/v1/supplier-requests/${opened.json().id}`)).json();
    expect(request.messages.map((m: { direction: string }) => m.direction)).toEqual([
      'to_supplier',
      'from_supplier',
    ]);
    expect(request.messages[1].body).toContain('失效分析报告');
    expect(request.messages[0].responseClock).toMatchObject({ status: 'stopped', late: false });
  });

  it('keeps attachments as named files of the new case, and opens an inquiry when no serial matches', async () => {
    const png = path.join(tmp, 'filter.png');
    await fs.writeFile(
      png,
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    const sent = await swaks(smtp.port, [
      '--to',
      SERVICE,
      '--from',
      'zhang.wei@example.com',
      '--header',
      'Subject: Filter rattles (PA3-2026-118842)',
      '--body',
      'Photo attached.',
      '--attach-type',
      'image/png',
      '--attach-name',
      '滤网.png',
      '--attach',
      `@${png}`,
    ]);
    expect(sent.code, sent.transcript).toBe(0);
    const number = /250 Received (R-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(sent.transcript)?.[1];
    const opened = await db()
      .selectFrom('cases')
      .selectAll()
      .where('public_ref', '=', number!)
      .executeTakeFirstOrThrow();
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const view = (await zhang.get(`/api/v1/cases/${opened.case_id}`)).json();
    expect(view.unit.serial).toBe('PA3-2026-118842');
    expect(view.attachments).toEqual([expect.objectContaining({ name: '滤网.png', mediaType: 'image/png' })]);

    const inquiry = await swaks(smtp.port, [
      '--to',
      SERVICE,
      '--from',
      'zhang.wei@example.com',
      '--header',
      'Subject: Do you sell filters for CH9-2024-00031?',
      '--body',
      'Asking for a friend.',
    ]);
    const inquiryNumber = /250 Received (R-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(
      inquiry.transcript,
    )?.[1];
    const asked = await db()
      .selectFrom('cases')
      .selectAll()
      .where('public_ref', '=', inquiryNumber!)
      .executeTakeFirstOrThrow();
    // Not Zhang Wei's unit: an inquiry, without the hospital's chiller on it.
    expect(asked).toMatchObject({ kind: 'inquiry', unit_id: null });
  });

  it('decodes GB18030 mail, declared or not (Zammad #3155)', async () => {
    const text = '您好，我的净化器 PA3-2026-118842 滤网坏了，请尽快维修。谢谢！';
    const declaredId = `<${randomUUID()}@example.com>`;
    const subject = `=?GB18030?B?${iconv.encode('净化器滤网坏了', 'gb18030').toString('base64')}?=`;
    const declared = Buffer.concat([
      Buffer.from(
        `From: zhang.wei@example.com\r\nTo: ${SERVICE}\r\nSubject: ${subject}\r\nMessage-ID: ${declaredId}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=GB18030\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      iconv.encode(text, 'gb18030'),
      Buffer.from('\r\n'),
    ]);
    expect((await sendRaw(declared, 'zhang.wei@example.com')).code).toBe(0);
    const undeclaredId = `<${randomUUID()}@example.com>`;
    const undeclared = Buffer.concat([
      Buffer.from(`From: zhang.wei@example.com\r\nTo: ${SERVICE}\r\nSubject: `),
      iconv.encode('又坏了', 'gb18030'),
      Buffer.from(`\r\nMessage-ID: ${undeclaredId}\r\n\r\n`),
      iconv.encode(text, 'gb18030'),
      Buffer.from('\r\n'),
    ]);
    expect((await sendRaw(undeclared, 'zhang.wei@example.com')).code).toBe(0);
    for (const [id, subj] of [
      [declaredId, '净化器滤网坏了'],
      [undeclaredId, '又坏了'],
    ] as const) {
      const row = await mailRow(id.slice(1, -1));
      expect(row.subject).toBe(subj);
      const opened = await db()
        .selectFrom('cases')
        .selectAll()
        .where('case_id', '=', row.case_id!)
        .executeTakeFirstOrThrow();
      expect(opened.description).toContain(text);
    }
  });

  it('opens nothing for an auto-reply or a bounce; a bounce marks the address and the failed outbox row', async () => {
    const autoId = `<${randomUUID()}@ruijin.example>`;
    await sendRaw(
      rawMail(
        {
          From: 'customer@ruijin.example',
          To: SERVICE,
          Subject: 'Out of office',
          'Message-ID': autoId,
          'Auto-Submitted': 'auto-replied',
        },
        'I am away until Monday.',
      ),
      'customer@ruijin.example',
    );
    expect(await mailRow(autoId.slice(1, -1))).toMatchObject({ outcome: 'auto_reply', case_id: null });

    const outboxId = randomUUID();
    await db()
      .insertInto('outbox')
      .values({
        tenant_id: server.tenantId,
        message_id: outboxId,
        kind: 'case.reply',
        recipient_party_id: null,
        recipient_role: null,
        subject_en: 'Your case',
        subject_zh: '您的服务单',
        payload: '{}',
        created_at: new Date(),
        sent_at: new Date(),
      })
      .execute();
    const bounceId = `<${randomUUID()}@mx.ruijin.example>`;
    const ours = `<sb.${chillerCase.id}.${outboxId}@${DOMAIN}>`;
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.ruijin.example>',
      `To: ${SERVICE}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: ${bounceId}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
      '',
      '--B1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--B1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.ruijin.example',
      '',
      'Final-Recipient: rfc822; gone@ruijin.example',
      'Action: failed',
      'Status: 5.1.1',
      '',
      '--B1',
      'Content-Type: text/rfc822-headers',
      '',
      `From: ${SERVICE}`,
      'To: gone@ruijin.example',
      `Message-ID: ${ours}`,
      'Subject: Your case',
      '--B1--',
      '',
    ].join('\r\n');
    const sent = await sendRaw(dsn, '<>');
    expect(sent.code, sent.transcript).toBe(0);
    expect(await mailRow(bounceId.slice(1, -1))).toMatchObject({ outcome: 'bounce', case_id: null });
    const outbox = await db()
      .selectFrom('outbox')
      .selectAll()
      .where('message_id', '=', outboxId)
      .executeTakeFirstOrThrow();
    expect(outbox.bounced_at).not.toBeNull();
    const marked = await db().selectFrom('mail_bounced_addresses').selectAll().execute();
    expect(marked).toEqual([expect.objectContaining({ address: 'gone@ruijin.example', status: '5.1.1' })]);
    // Nothing new was queued for anyone by the bounce.
    const queued = await db()
      .selectFrom('outbox')
      .select('message_id')
      .where('created_at', '>', outbox.created_at)
      .execute();
    expect(queued).toEqual([]);
  });

  it('refuses oversize mail at SMTP (552), mail for an address nobody receives (550), and limits a flood', async () => {
    const big = rawMail({ From: 'zhang.wei@example.com', To: SERVICE, Subject: 'big' }, 'x'.repeat(400_000));
    const sent = await sendRaw(big, 'zhang.wei@example.com');
    expect(sent.code).not.toBe(0);
    expect(sent.transcript).toMatch(/552/);
    const nobody = await swaks(smtp.port, ['--to', 'nobody@acme.example', '--from', 'zhang.wei@example.com']);
    expect(nobody.transcript).toMatch(/550/);

    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = `<${randomUUID()}@spam.example>`;
      await sendRaw(
        rawMail({ From: 'spam@spam.example', To: SERVICE, Subject: `Buy ${i}`, 'Message-ID': id }, 'Buy.'),
        'spam@spam.example',
      );
      outcomes.push((await mailRow(id.slice(1, -1))).outcome);
    }
    expect(outcomes).toEqual([...Array(6).fill('triage'), 'flood', 'flood']);
  });

  it('lets the brand’s agents list triage and assign or discard an entry; customers and partners may not', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const listed = await agent.get('/api/v1/mail/triage?limit=100');
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items as {
      id: string;
      reason: string;
      from: string;
      reasonLabel: { zh: string };
    }[];
    const stranger = items.find((i) => i.reason === 'case_not_visible')!;
    expect(stranger).toMatchObject({
      from: 'zhang.wei@example.com',
      reasonLabel: { zh: '引用了发件人无权查看的工单' },
    });
    const unknown = items.find((i) => i.reason === 'unknown_sender' && i.from === 'who@nowhere.example')!;

    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get('/api/v1/mail/triage')).statusCode).toBe(403);
    expect((await zhang.post(`/api/v1/mail/triage/${unknown.id}/discard`, {})).statusCode).toBe(403);

    const assigned = await agent.post(`/api/v1/mail/triage/${stranger.id}/assign`, {
      caseId: chillerCase.id,
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ state: 'assigned', caseNumber: chillerCase.internal });
    // Assigned once: not again, and no longer listed.
    expect(
      (await agent.post(`/api/v1/mail/triage/${stranger.id}/assign`, { caseId: chillerCase.id })).statusCode,
    ).toBe(404);
    expect((await agent.post(`/api/v1/mail/triage/${unknown.id}/discard`, {})).json()).toMatchObject({
      state: 'discarded',
    });
    const after = (await agent.get('/api/v1/mail/triage?limit=100')).json().items as { id: string }[];
    expect(after.map((i) => i.id)).not.toContain(stranger.id);
    expect(after.map((i) => i.id)).not.toContain(unknown.id);
    // The customer of the case does not see the stranger's mail (an internal note).
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const activity = JSON.stringify((await ruijin.get(`/api/v1/cases/${chillerCase.id}/activity`)).json());
    expect(activity).not.toContain('I want to see this case.');
  });

  it('lists each mail of a case in its dossier with its authentication result', async () => {
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    const response = await counsel.get(`/api/v1/cases/${chillerCase.id}/dossier`);
    expect(response.statusCode).toBe(200);
    const file = path.join(tmp, 'dossier.zip');
    await fs.writeFile(file, response.rawPayload);
    const files = await readZip(file);
    const mails = JSON.parse(files.get('mail/index.json')!.toString('utf8')) as Record<string, unknown>[];
    expect(mails[0]).toMatchObject({
      messageId: firstId,
      dkim: 'ruijin.example: pass',
      authenticatedDomain: 'ruijin.example',
    });
    expect(mails.length).toBeGreaterThanOrEqual(4);
    expect(files.get('mail/index.md')!.toString('utf8')).toContain('not authenticated / 未验证');
    const raw = mails[0]!.raw as string;
    expect(files.has(raw)).toBe(true);
  });

  it('sends oversize mail fetched over IMAP and mail that cannot be filed to triage, with nothing half-stored', async () => {
    const bigId = `<${randomUUID()}@example.com>`;
    const big = rawMail(
      { From: 'zhang.wei@example.com', To: SERVICE, Subject: 'huge', 'Message-ID': bigId },
      'y'.repeat(400_000),
    );
    const receipt = await receiveMail(server.db.deps, settings, {
      raw: Buffer.from(big),
      via: 'imap',
      envelope: { mailFrom: undefined, rcptTo: [SERVICE] },
    });
    expect(receipt).toMatchObject({ outcome: 'triage', reason: 'too_large', caseId: null });
    expect(await mailRow(bigId.slice(1, -1))).toMatchObject({ raw_sha256: null, triage_state: 'open' });

    // An attachment over the 10 MB a case file may hold: the case is not opened half, the mail waits in triage.
    const tooBigFile = Buffer.alloc(11 * 1024 * 1024, 1)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const notFiledId = `<${randomUUID()}@example.com>`;
    const casesBefore = await db().selectFrom('cases').select('case_id').execute();
    const notFiled = await receiveMail(
      server.db.deps,
      { ...settings, maxBytes: 20 * 1024 * 1024, floodLimit: 0 },
      {
        raw: Buffer.from(
          rawMail(
            {
              From: 'zhang.wei@example.com',
              To: SERVICE,
              Subject: 'Filter PA3-2026-118842 video',
              'Message-ID': notFiledId,
              'Content-Type': 'multipart/mixed; boundary="Z"',
            },
            `--Z\nContent-Type: text/plain\n\nVideo attached.\n--Z\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="clip.bin"\nContent-Transfer-Encoding: base64\n\n${tooBigFile}\n--Z--`,
          ),
        ),
        via: 'imap',
        envelope: { mailFrom: undefined, rcptTo: [SERVICE] },
      },
    );
    expect(notFiled).toMatchObject({ outcome: 'triage', reason: 'not_filed', caseId: null });
    expect(await db().selectFrom('cases').select('case_id').execute()).toHaveLength(casesBefore.length);
  });
});
