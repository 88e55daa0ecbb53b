import { createHash, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate } from 'mailauth';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchPoster,
  type Outbound,
  recordMailBounce,
  runDeliveryPass,
  verifyWebhookSignature,
} from '../src/app/delivery/index.ts';
import { headProblem, latestTreeHead, signTreeHead } from '../src/app/evidence/index.ts';
import { smtpMailTransport } from '../src/store/smtp-mail.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { type ReceivedMail, startSmtpSink } from './support/smtp-sink.ts';

let now = new Date('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai
let server: DemoServer;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let outbound: Outbound;
let refused = new Set<string>();
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_TXT = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

/** A webhook receiver: answers with the statuses queued (then 200), keeps each request. */
function startReceiver() {
  const calls: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const answers: number[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  return new Promise<{ url: string; calls: typeof calls; answers: number[]; close(): Promise<void> }>(
    (resolve) =>
      srv.listen(0, '127.0.0.1', () =>
        resolve({
          url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`,
          calls,
          answers,
          close: () => new Promise((r) => srv.close(() => r())),
        }),
      ),
  );
}

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  sink = await startSmtpSink({ refuse: (rcpt) => refused.has(rcpt) });
  outbound = {
    mail: smtpMailTransport({
      url: sink.url,
      dkim: {
        domainName: 'acme.example',
        keySelector: 'sb2026',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    }),
    postWebhook: fetchPoster(5000),
    settings: {
      from: 'ACME Service <service@acme.example>',
      domain: 'acme.example',
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
  await server?.close();
});

async function drain() {
  for (let i = 0; i < 20; i++) {
    const r = await runDeliveryPass(server.db.deps, outbound);
    if (
      r.dispatched.notifications +
        r.mail.sent +
        r.mail.retried +
        r.mail.failed +
        r.webhooks.delivered +
        r.webhooks.retried +
        r.webhooks.failed ===
      0
    )
      return;
  }
}

const ofCase = (caseId: string) => sink.received.filter((m) => m.messageId?.includes(`sb.${caseId}.`));
const decoded = (m: ReceivedMail) => m.raw.toString('utf8');

describe(`e-mail out on ${ENGINE}`, () => {
  let caseId: string;
  let number: string;

  it('acknowledges a new case to the customer with the promise, in Chinese, with our Message-ID and DKIM', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'field_visit',
      severity: 'critical',
      serial: 'CH9-2024-00031',
      description: 'No cooling in the operating theatres',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    // The customer's mail carries the public reference (staff see it as `reference`).
    number = opened.json().reference;
    await drain();
    const mails = ofCase(caseId);
    expect(mails.map((m) => m.to)).toEqual([['customer@ruijin.example']]);
    const [ack] = mails as [ReceivedMail];
    expect(ack.messageId).toMatch(new RegExp(`^<sb\\.${caseId}\\.[0-9a-f-]{36}@acme\\.example>$`));
    const text = decoded(ack);
    expect(ack.header('Subject')).toMatch(/^=\?UTF-8\?/); // Chinese, encoded
    expect(text).toContain('Auto-Submitted: auto-generated');

    // DKIM verifies against the public key published (a resolver stands in for DNS).
    const result = await authenticate(ack.raw, {
      sender: 'service@acme.example',
      ip: '127.0.0.1',
      helo: 'localhost',
      mta: 'mx.test',
      resolver: async (name: string, type: string) => {
        if (type === 'TXT' && name === 'sb2026._domainkey.acme.example') return [[DKIM_TXT]];
        const error = new Error(`no ${type} for ${name}`) as Error & { code: string };
        error.code = 'ENOTFOUND';
        throw error;
      },
    });
    expect(result.dkim.results[0]?.status.result).toBe('pass');
    expect(result.dkim.results[0]?.signingDomain).toBe('acme.example');

    // The evidence record holds the Message-ID and the hash of the very bytes the MTA received.
    const entries = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['payload'])
      .where('entry_type', '=', 'mail.sent')
      .where('subject_id', '=', caseId)
      .execute();
    const payloads = entries.map((e) => JSON.parse(e.payload as string));
    expect(payloads).toHaveLength(1);
    expect(payloads[0].messageId).toBe(ack.messageId);
    const received = ack.raw.toString('binary').replace(/\r\n$/, '');
    const hashes = [
      createHash('sha256').update(ack.raw).digest('hex'),
      createHash('sha256').update(Buffer.from(received, 'binary')).digest('hex'),
    ];
    expect(hashes).toContain(payloads[0].sha256);
  });

  it('hands the reader a receipt: the newest signed tree head, named in the text and attached in full', async () => {
    const tenantId = (
      await server.db.deps.db
        .selectFrom('tenants')
        .select('tenant_id')
        .where('slug', '=', 'acme')
        .executeTakeFirstOrThrow()
    ).tenant_id;
    await signTreeHead(server.db.deps, tenantId);
    const head = (await latestTreeHead(server.db.deps.db, tenantId))!;
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2024-00031',
      description: 'Display flickers',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    await drain();
    const [ack] = ofCase(opened.json().id) as [ReceivedMail];
    const parsed = await simpleParser(ack.raw);
    expect(parsed.text).toContain(`${head.treeSize}`);
    expect(parsed.text).toContain(head.rootHash);
    const file = parsed.attachments.find((a) => a.filename === 'servicebook-receipt.json');
    expect(file?.contentType).toBe('application/json');
    const receipt = JSON.parse(file!.content.toString('utf8'));
    expect(receipt).toEqual({ kind: 'servicebook-receipt-v1', head });
    // The reader's copy verifies against the key alone: a changed root does not.
    expect(await headProblem(receipt.head, new Set([head.keyFingerprint]), undefined)).toBeUndefined();
    const forged = { ...receipt.head, rootHash: '0'.repeat(64) };
    expect((await headProblem(forged, undefined, undefined))?.kind).toBe('head_signature_invalid');
  });

  it('renders the words of the template: promise in words, no keys', async () => {
    const ack = ofCase(caseId)[0] as ReceivedMail;
    const body = decodeBody(ack.raw);
    expect(body).toContain(`服务单号 ${number}`);
    expect(body).toContain('我们的服务承诺');
    expect(body).not.toMatch(/field_visit|onsite|response/);
  });

  it("sends the agent's public reply to the customer, threaded under the acknowledgement; an internal note goes nowhere", async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const before = ofCase(caseId).length;
    expect(
      (
        await agent.post(`/api/v1/cases/${caseId}/messages`, {
          body: 'Internal: check the compressor',
          visibility: 'internal',
        })
      ).statusCode,
    ).toBe(200);
    const reply = await agent.post(`/api/v1/cases/${caseId}/messages`, {
      body: 'Our technician comes tomorrow at 9.',
      visibility: 'public',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    await drain();
    const mails = ofCase(caseId);
    // The reply, and the state change (new -> in progress) is not a state change by hand: one mail.
    expect(mails.length).toBe(before + 1);
    const ack = mails[0] as ReceivedMail;
    const answer = mails.at(-1) as ReceivedMail;
    expect(answer.header('In-Reply-To')).toBe(ack.messageId);
    expect(answer.header('References')).toContain(ack.messageId as string);
    expect(decodeBody(answer.raw)).toContain('Our technician comes tomorrow at 9.');
    expect(decodeBody(answer.raw)).not.toContain('compressor');
  });

  it('honours per-user preferences: a customer who turns replies off gets none, state changes still', async () => {
    const customer = await Session.signIn(server.app, 'customer@ruijin.example');
    const got = await customer.get('/api/v1/me/notification-preferences');
    expect(got.statusCode).toBe(200);
    expect(got.json().items.find((p: { kind: string }) => p.kind === 'case_reply')).toMatchObject({
      channel: 'email',
      kindName: { en: 'Reply on a case', zh: '服务单回复' },
    });
    const bad = await customer.request({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      payload: { case_reply: 'pigeon' },
    });
    expect(bad.statusCode).toBe(400);
    const put = await customer.request({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      payload: { case_reply: 'none' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const before = ofCase(caseId).length;
    await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'Second reply', visibility: 'public' });
    const moved = await agent.post(`/api/v1/cases/${caseId}/state`, { state: 'waiting_on_customer' });
    expect(moved.statusCode, moved.body).toBe(200);
    await drain();
    const after = ofCase(caseId).slice(before);
    expect(after).toHaveLength(1);
    expect(decodeBody((after[0] as ReceivedMail).raw)).toContain('等待客户答复');
    await customer.request({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      payload: { case_reply: 'email' },
    });
  });

  it('retries a refused mail with backoff, gives up into a failed state admins see, and an admin sends it again', async () => {
    refused = new Set(['customer@ruijin.example']);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'Are you there?', visibility: 'public' });
    let r = await runDeliveryPass(server.db.deps, outbound);
    expect(r.mail).toMatchObject({ sent: 0, retried: 1 });
    // Not due again before its backoff.
    r = await runDeliveryPass(server.db.deps, outbound);
    expect(r.mail.retried).toBe(0);
    now = new Date(now.getTime() + 61_000);
    expect((await runDeliveryPass(server.db.deps, outbound)).mail.retried).toBe(1);
    now = new Date(now.getTime() + 121_000);
    expect((await runDeliveryPass(server.db.deps, outbound)).mail.failed).toBe(1);

    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const failed = await admin.get('/api/v1/mail-deliveries?state=failed');
    expect(failed.statusCode).toBe(200);
    const item = failed.json().items.find((d: { caseId: string }) => d.caseId === caseId);
    expect(item).toMatchObject({
      to: 'customer@ruijin.example',
      attempts: 3,
      stateName: { en: 'Failed (gave up)', zh: '发送失败（已放弃）' },
      kindName: { en: 'Reply on a case', zh: '服务单回复' },
    });
    expect(item.lastError).toMatch(/451/);
    // Not for agents, nor for another party's admin-less users.
    expect((await agent.get('/api/v1/mail-deliveries?state=failed')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/mail-deliveries?state=lost')).statusCode).toBe(400);

    refused = new Set();
    expect((await admin.post(`/api/v1/mail-deliveries/${item.id}/retry`, {})).statusCode).toBe(204);
    expect((await admin.post(`/api/v1/mail-deliveries/${item.id}/retry`, {})).statusCode).toBe(409);
    await drain();
    expect(ofCase(caseId).filter((m) => m.messageId === item.messageId)).toHaveLength(1);
    // A sent mail cannot be sent again.
    expect((await admin.post(`/api/v1/mail-deliveries/${item.id}/retry`, {})).statusCode).toBe(409);
  });

  it('a bounce of a notification (reported by inbound mail) marks that mail failed and sends nothing new', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const sent = (await admin.get('/api/v1/mail-deliveries?state=sent'))
      .json()
      .items.find((d: { caseId: string }) => d.caseId === caseId);
    const before = sink.received.length;
    expect(
      await recordMailBounce(server.db.deps, server.tenantId, {
        messageId: sent.messageId,
        recipient: 'Customer@Ruijin.example',
        reason: '550 5.1.1 mailbox unknown',
      }),
    ).toBe(true);
    expect(
      await recordMailBounce(server.db.deps, server.tenantId, {
        messageId: '<x@elsewhere>',
        recipient: 'a@b',
        reason: '',
      }),
    ).toBe(false);
    await drain();
    expect(sink.received.length).toBe(before);
    const failed = (await admin.get('/api/v1/mail-deliveries?state=failed')).json().items;
    expect(failed.find((d: { id: string }) => d.id === sent.id)?.lastError).toBe(
      'bounced: 550 5.1.1 mailbox unknown',
    );
  });

  it('tells the owner and the supervisor of an SLA warning, each once, in their language', async () => {
    now = new Date('2026-11-24T01:30:00Z'); // Tuesday 09:30 in Shanghai
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const me = await agent.get('/api/v1/me');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'field_visit',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      description: 'No cooling',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const slaCase = opened.json().id;
    const assigned = await agent.post(`/api/v1/cases/${slaCase}/assignment`, {
      agentUserId: me.json().user.id,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const { processDueClocks } = await import('../src/app/case/index.ts');
    now = new Date('2026-11-24T03:00:00Z'); // 75% of the 2 business hours to respond
    expect((await processDueClocks(server.db.deps)).warnings).toBeGreaterThanOrEqual(1);
    await drain();
    const mails = ofCase(slaCase);
    const toOwner = mails.filter((m) => m.to.includes('agent@acme.example'));
    const toManager = mails.filter((m) => m.to.includes('manager@acme.example'));
    expect(toOwner).toHaveLength(1);
    expect(toManager).toHaveLength(1);
    // The manager reads English, the agent Chinese.
    expect(decodeBody((toManager[0] as ReceivedMail).raw)).toMatch(
      /The response target of case C-\d+ is close/,
    );
    expect(decodeBody((toManager[0] as ReceivedMail).raw)).toContain(
      "You receive this as the case's supervisor",
    );
    expect(decodeBody((toOwner[0] as ReceivedMail).raw)).toContain('“响应”时限即将到期');
    // A second pass sends nothing again.
    await processDueClocks(server.db.deps);
    await drain();
    expect(ofCase(slaCase).filter((m) => m.to.includes('manager@acme.example'))).toHaveLength(1);
  });
});

describe(`webhooks on ${ENGINE}`, () => {
  it('signs each call (t=…,v1=…), retries a 500 with backoff, logs the attempts, and gives up after the limit', async () => {
    const receiver = await startReceiver();
    const broken = await startReceiver();
    broken.answers.push(500, 500, 500, 500);
    receiver.answers.push(500);
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const created = await admin.post('/api/v1/webhooks', {
      url: receiver.url,
      kinds: ['case_opened', 'case_reply'],
      description: 'CRM',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^whsec_/);
    const other = await admin.post('/api/v1/webhooks', { url: broken.url, kinds: ['case_opened'] });
    expect(
      (await admin.post('/api/v1/webhooks', { url: receiver.url, kinds: ['case_exploded'] })).statusCode,
    ).toBe(400);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect((await agent.get('/api/v1/webhooks')).statusCode).toBe(403);
    const partner = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await partner.get(`/api/v1/webhooks/${id}/deliveries`)).statusCode).toBe(403);

    const opened = await agent.post('/api/v1/cases', {
      kind: 'inquiry',
      severity: 'normal',
      serial: 'CH9-2024-00031',
      description: 'webhook please',
    });
    expect(opened.statusCode).toBe(201);
    let r = await runDeliveryPass(server.db.deps, outbound);
    expect(r.webhooks).toMatchObject({ delivered: 0, retried: 2 });
    now = new Date(now.getTime() + 61_000);
    r = await runDeliveryPass(server.db.deps, outbound);
    expect(r.webhooks).toMatchObject({ delivered: 1, retried: 1 });
    now = new Date(now.getTime() + 121_000);
    r = await runDeliveryPass(server.db.deps, outbound);
    expect(r.webhooks).toMatchObject({ failed: 1 });

    expect(receiver.calls).toHaveLength(2);
    const call = receiver.calls[1] as (typeof receiver.calls)[number];
    const signature = call.headers['servicebook-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const t = Number(/t=(\d+)/.exec(signature)?.[1]);
    expect(verifyWebhookSignature(secret, signature, call.body, t)).toBe(true);
    expect(verifyWebhookSignature(secret, signature, `${call.body} `, t)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', signature, call.body, t)).toBe(false);
    expect(verifyWebhookSignature(secret, signature, call.body, t + 3600)).toBe(false);
    const event = JSON.parse(call.body);
    expect(event).toMatchObject({ type: 'case_opened', caseId: opened.json().id });
    expect(call.headers['servicebook-event-id']).toBe(event.id);

    const log = await admin.get(`/api/v1/webhooks/${id}/deliveries`);
    expect(log.statusCode).toBe(200);
    expect(log.json().items[0]).toMatchObject({
      kind: 'case_opened',
      state: 'sent',
      attempts: 2,
      lastStatus: 200,
    });
    const brokenLog = await admin.get(`/api/v1/webhooks/${other.json().id}/deliveries`);
    expect(brokenLog.json().items[0]).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastStatus: 500,
      lastError: 'answered 500',
    });

    // Turned off: no more calls; deleted: gone.
    expect((await admin.patch(`/api/v1/webhooks/${id}`, { active: false })).json().active).toBe(false);
    expect((await admin.delete(`/api/v1/webhooks/${other.json().id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/webhooks/${other.json().id}/deliveries`)).statusCode).toBe(404);
    await receiver.close();
    await broken.close();
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = doc.json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/webhooks',
        '/api/v1/webhooks/{id}',
        '/api/v1/webhooks/{id}/deliveries',
        '/api/v1/mail-deliveries',
        '/api/v1/me/notification-preferences',
      ]),
    );
  });
});

/** The text of a message's parts, decoded (quoted-printable and base64), enough to read its words. */
function decodeBody(raw: Buffer): string {
  const text = raw.toString('utf8');
  const out: string[] = [];
  for (const part of text.split(/\r?\n--/)) {
    const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
    const body = rest.join('\n\n');
    if (/content-transfer-encoding:\s*base64/i.test(head))
      out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else if (/content-transfer-encoding:\s*quoted-printable/i.test(head))
      out.push(
        Buffer.from(
          body
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
          'binary',
        ).toString('utf8'),
      );
    else out.push(body);
  }
  return out.join('\n');
}
