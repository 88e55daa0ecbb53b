import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDueClocks } from '../src/app/case/process-due-clocks.ts';
import { processDueDeadlines } from '../src/app/deadlines/process-due-deadlines.ts';
import { exportDossier } from '../src/app/dossier/export-dossier.ts';
import { verifyDossier } from '../src/app/dossier/verify-dossier.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { readZip } from './support/zip.ts';

/**
 * Issue 16, the must-show: ACME buys compressors from Ningbo; three compressors fail; Ningbo misses
 * its P2D support response (§9) twice; ACME sends a formal notice in both languages with the
 * evidence list; the cure period runs out in silence; a dispute matter opens with the supply
 * agreement's dispute clause (Ningbo §15 names no forum: the finding says so), the recovery claim
 * is computed from the parts and labour on the ledger, a settlement is recorded and booked, and
 * the matter's dossier verifies offline. Then the chiller §4.6 credits of a breached hospital case,
 * with FixIt's back-to-back penalty found not owed; and the scope: another supplier and a partner
 * see nothing of it.
 */
/** A tiny PNG (1×1): sent declared as octet-stream, recorded as the image its bytes are. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PNG_SHA = createHash('sha256').update(PNG).digest('hex');
const PDF_REPORT = Buffer.from('%PDF-1.4\n% Ningbo failure analysis\n%%EOF\n');
const REPORT_SHA = createHash('sha256').update(PDF_REPORT).digest('hex');
/** LibreOffice makes the PDF letter; where it is absent the PDF test is skipped (CI installs it). */
const HAS_SOFFICE = spawnSync('soffice', ['--version'], { timeout: 60_000 }).status === 0;

let now = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
let server: DemoServer;
let dir: string;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'disputes-'));
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let agent: Session;
/** Moves the clock; sessions last hours, so the agent signs in again at the new time. */
const at = async (iso: string) => {
  now = new Date(iso);
  agent = await Session.signIn(server.app, 'agent@acme.example');
};

describe(`disputes and recovery on ${ENGINE}`, () => {
  const caseIds: string[] = [];
  let requestId: string;
  let noticeId: string;
  let matterId: string;

  it('three compressors fail: three cases, parts and labour borne by ACME on the ledger', async () => {
    agent = await Session.signIn(server.app, 'agent@acme.example');
    const units = await server.db.deps.db
      .selectFrom('units')
      .innerJoin('products', (j) =>
        j
          .onRef('products.tenant_id', '=', 'units.tenant_id')
          .onRef('products.product_id', '=', 'units.product_id'),
      )
      .select('units.serial')
      .where('products.model', '=', 'CH-900')
      .where('units.serial', '<>', 'CH9-2025-00417')
      .orderBy('units.serial')
      .limit(3)
      .execute();
    expect(units).toHaveLength(3);
    for (const u of units) {
      const opened = await agent.post('/api/v1/cases', {
        kind: 'repair',
        severity: 'high',
        serial: u.serial,
        description: 'Compressor CMP-900 seized. 压缩机卡死。',
        failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseIds.push(opened.json().id);
      for (const [kind, amount, ref] of [
        ['parts', '5200.00', '§2.3'],
        ['labor', '1080.00', '§6'],
      ] as const) {
        const line = await agent.post('/api/v1/cost-lines', {
          caseId: opened.json().id,
          kind,
          amount,
          currency: 'CNY',
          bearer: 'acme',
          ref,
          description: kind === 'parts' ? 'CMP-900 compressor replaced' : 'replace_compressor, 6 h',
        });
        expect(line.statusCode, line.body).toBe(201);
      }
    }
  });

  it('a support request to Ningbo runs §9’s P2D on the supplier’s business calendar; two responses are missed', async () => {
    const refused = await agent.post('/api/v1/supplier-requests', {
      supplier: 'ningbo-motor',
      agreement: 'acme-chiller-b2b-cn',
      subject: 'x',
      body: 'x',
    });
    expect(refused.statusCode).toBe(400);
    const opened = await agent.post('/api/v1/supplier-requests', {
      supplier: 'ningbo-motor',
      agreement: 'ningbo-motor-supply',
      caseId: caseIds[0],
      subject: 'CMP-900 compressors seizing in the field (3 units)',
      body: 'Three CMP-900 compressors seized within weeks of installation. Please send your failure analysis. 请提供失效分析。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const request = opened.json();
    requestId = request.id;
    expect(request).toMatchObject({
      number: 'SR-000001',
      state: 'awaiting_supplier',
      supplier: { key: 'ningbo-motor' },
    });
    const clock = request.messages[0].responseClock;
    expect(clock).toMatchObject({ status: 'running', ref: '§9' });
    // Two business days of cn-business from Monday 10:00: Wednesday, 10:00 in Shanghai.
    expect(clock.dueAt).toBe('2026-11-25T02:00:00.000Z');

    await at('2026-11-25T03:00:00Z');
    expect((await processDueDeadlines(server.db.deps)).breaches).toBe(1);
    const second = await agent.post(`/api/v1/supplier-requests/${requestId}/messages`, {
      body: 'Reminder: your answer was due under §9. 提醒：按第9条应已答复。',
      attachments: [
        {
          name: 'seized-compressor.png',
          mediaType: 'application/octet-stream',
          contentBase64: PNG.toString('base64'),
        },
      ],
    });
    expect(second.statusCode, second.body).toBe(200);
    // The file: its bytes say it is a PNG; it is listed on the message and downloadable by staff.
    expect(second.json().messages[1].files).toEqual([
      {
        name: 'seized-compressor.png',
        mediaType: 'image/png',
        sha256: PNG_SHA,
        size: PNG.length,
        href: `/api/v1/supplier-requests/${requestId}/files/${PNG_SHA}`,
      },
    ]);
    const download = await agent.get(`/api/v1/supplier-requests/${requestId}/files/${PNG_SHA}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(PNG)).toBe(true);
    const bad = await agent.post(`/api/v1/supplier-requests/${requestId}/messages`, {
      body: 'x',
      attachments: [{ name: 'x', mediaType: 'text/plain; charset=utf-8', contentBase64: 'AAAA' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(second.json().messages[1].responseClock.dueAt).toBe('2026-11-27T03:00:00.000Z');
    await at('2026-11-27T04:00:00Z');
    expect((await processDueDeadlines(server.db.deps)).breaches).toBe(1);
    const view = (await agent.get(`/api/v1/supplier-requests/${requestId}`)).json();
    expect(view.missedResponses).toBe(2);
    const breaches = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('entry_type', '=', 'deadline.breached')
      .where('subject_type', '=', 'supplier_request')
      .execute();
    expect(breaches).toHaveLength(2);
  });

  it('a notice of breach from the record, in English and Chinese, as HTML and Word, with the evidence hashes', async () => {
    const body = {
      kind: 'breach',
      to: 'ningbo-motor',
      agreement: 'ningbo-motor-supply',
      requestIds: [requestId],
      caseIds,
      remedy: {
        en: 'Send the failure analysis and refund the three compressors with the labour to replace them.',
        zh: '提供失效分析，并退还三台压缩机货款及更换人工费用。',
      },
      amount: '18840.00',
    };
    // Ningbo §15 names no cure period: the sender must set one.
    const noCure = await agent.post('/api/v1/notices', body);
    expect(noCure.statusCode).toBe(400);
    expect(noCure.json().errors[0].path).toBe('/body/curePeriod');
    const drawn = await agent.post('/api/v1/notices', { ...body, curePeriod: 'P15D' });
    expect(drawn.statusCode, drawn.body).toBe(201);
    const notice = drawn.json();
    noticeId = notice.id;
    expect(notice).toMatchObject({
      number: 'N-000001',
      state: 'draft',
      curePeriod: 'P15D',
      curePeriodRef: null,
    });
    expect(notice.content.clauses.map((c: { ref: string }) => c.ref).sort()).toEqual(['§8', '§9']);
    expect(
      notice.content.facts.filter((f: { text: { en: string } }) => f.text.en.startsWith('No response')),
    ).toHaveLength(2);
    expect(notice.content.evidence.length).toBeGreaterThan(5);
    for (const e of notice.content.evidence) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(notice.content.findings[0].en).toMatch(/names no cure period/);
    // The file sent with the reminder is in the evidence list with its SHA-256.
    expect(notice.content.files).toEqual([
      {
        request: 'SR-000001',
        name: 'seized-compressor.png',
        mediaType: 'image/png',
        size: PNG.length,
        sha256: PNG_SHA,
      },
    ]);

    const html = await agent.get(`/api/v1/notices/${noticeId}/letter?format=html`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('Notice of breach N-000001');
    expect(html.body).toContain('违约通知书 N-000001');
    expect(html.body).toContain(notice.content.evidence[0].hash);
    const docx = await agent.get(`/api/v1/notices/${noticeId}/letter?format=docx`);
    expect(docx.statusCode).toBe(200);
    const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    expect(text).toContain('Notice of breach N-000001');
    expect(text).toContain('违约通知书 N-000001');
    expect(text).toContain('18840.00 CNY');
    expect(text).toContain(
      `File "seized-compressor.png" (request SR-000001, ${PNG.length} bytes) — ${PNG_SHA}`,
    );

    // Without LibreOffice on the path: a clear problem, 503, naming the Word letter instead.
    const path0 = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const absent = await agent.get(`/api/v1/notices/${noticeId}/letter?format=pdf`);
      expect(absent.statusCode).toBe(503);
      expect(absent.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(absent.json()).toMatchObject({ code: 'pdf_unavailable' });
      expect(absent.json().detail).toMatch(/LibreOffice \(soffice\) is not installed.*format=docx/);
    } finally {
      process.env.PATH = path0;
    }
  });

  it.skipIf(!HAS_SOFFICE)(
    'the letter as PDF: the Word letter converted by LibreOffice, both languages',
    async () => {
      const started = Date.now();
      const pdf = await agent.get(`/api/v1/notices/${noticeId}/letter?format=pdf`);
      const took = Date.now() - started;
      expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toContain('N-000001.pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The Chinese half starts on a page of its own: at least two pages.
      expect(
        (pdf.rawPayload.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length,
      ).toBeGreaterThanOrEqual(2);
      console.log(`PDF letter: ${pdf.rawPayload.length} bytes in ${took} ms`);
    },
    120_000,
  );

  it('sent by recorded delivery, the cure period runs out in silence', async () => {
    const noWaybill = await agent.post(`/api/v1/notices/${noticeId}/send`, { method: 'recorded_delivery' });
    expect(noWaybill.statusCode).toBe(400);
    const sent = await agent.post(`/api/v1/notices/${noticeId}/send`, {
      method: 'recorded_delivery',
      carrier: 'SF Express',
      waybill: 'SF1234567890',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    // Sent on Friday 27 November (Shanghai): 15 days to the end of 12 December.
    expect(sent.json()).toMatchObject({ state: 'sent', cureDueAt: '2026-12-12T16:00:00.000Z' });
    expect(sent.json().delivery).toMatchObject({ method: 'recorded_delivery', waybill: 'SF1234567890' });
    await at('2026-12-13T01:00:00Z');
    expect((await processDueDeadlines(server.db.deps)).breaches).toBe(1);
    const expired = (await agent.get(`/api/v1/notices/${noticeId}`)).json();
    expect(expired).toMatchObject({
      state: 'cure_expired',
      stateName: { en: 'Cure period expired without remedy' },
    });
  });

  it('a dispute matter: no forum in Ningbo §15 (the finding), the claim from the ledger, arbitration refused, a settlement booked', async () => {
    const opened = await agent.post('/api/v1/disputes', {
      title: 'CMP-900 compressor failures',
      counterparty: 'ningbo-motor',
      agreement: 'ningbo-motor-supply',
      caseIds,
      noticeIds: [noticeId],
      requestIds: [requestId],
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const matter = opened.json();
    matterId = matter.id;
    expect(matter).toMatchObject({
      number: 'DM-000001',
      stage: 'negotiation',
      clause: { ref: '§15', governingLaw: 'CN', forum: null },
    });
    expect(matter.clause.findings.map((f: { code: string }) => f.code)).toEqual([
      'no_forum',
      'no_cure_period',
    ]);

    const claimed = (await agent.post(`/api/v1/disputes/${matterId}/claim`, {})).json();
    // Three compressors at 5,200.00 and three replacements at 1,080.00.
    expect(claimed.claimed).toEqual({ amountMinor: 1_884_000, amount: '18840.00', currency: 'CNY' });
    expect(claimed.claim.lines).toHaveLength(6);
    expect(claimed.claim.lines.filter((l: { ref: string }) => l.ref === '§8')).toHaveLength(3);
    expect(claimed.claim.lines.filter((l: { ref: string }) => l.ref === '§9')).toHaveLength(3);

    const arbitration = await agent.post(`/api/v1/disputes/${matterId}/stage`, { stage: 'arbitration' });
    expect(arbitration.statusCode).toBe(409);
    expect(arbitration.json().detail).toMatch(/names no arbitration/);
    const badStage = await agent.post(`/api/v1/disputes/${matterId}/stage`, { stage: 'appeal' });
    expect(badStage.statusCode).toBe(400);
    const mediation = await agent.post(`/api/v1/disputes/${matterId}/stage`, {
      stage: 'mediation',
      offered: '9000.00',
    });
    expect(mediation.statusCode, mediation.body).toBe(200);
    expect(mediation.json()).toMatchObject({ stage: 'mediation', offered: { amount: '9000.00' } });

    const settled = await agent.post(`/api/v1/disputes/${matterId}/settlement`, {
      agreed: '15000.00',
      terms: 'Ningbo credits 15,000.00 against the next invoice and sends the failure analysis.',
      signedOn: '2026-12-20',
    });
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json()).toMatchObject({
      stage: 'settled',
      agreed: { amount: '15000.00' },
      recovered: { amount: '15000.00' },
    });
    const statement = (
      await agent.get('/api/v1/ledger/statement?party=ningbo-motor&from=2026-12-01&to=2026-12-31')
    ).json();
    expect(JSON.stringify(statement)).toContain('Settlement of DM-000001');
  });

  it('the matter’s dossier carries the dispute’s record and verifies offline', async () => {
    const file = path.join(dir, 'matter.zip');
    await exportDossier(
      server.db.deps,
      server.tenantId,
      { type: 'matter', number: 'DM-000001' },
      fs.createWriteStream(file),
    );
    const report = await verifyDossier(file);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const files = await readZip(file);
    const all = [...files.entries()].map(([n, b]) => `${n}\n${b.toString('utf8')}`).join('\n');
    for (const type of [
      'matter.opened',
      'matter.claim_computed',
      'matter.settled',
      'notice.sent',
      'supplier_request.opened',
      'deadline.breached',
    ]) {
      expect(all, type).toContain(type);
    }
    const viaHttp = await agent.get(`/api/v1/disputes/${matterId}/dossier`);
    expect(viaHttp.statusCode).toBe(200);
    expect(viaHttp.headers['content-type']).toBe('application/zip');
    // The file sent with a request message is in the dossier, by its SHA-256.
    expect(files.get(`files/${PNG_SHA}`)?.equals(PNG)).toBe(true);
  });

  it('the chiller §4.6 credits of a breached hospital case, and FixIt’s back-to-back penalty found not owed', async () => {
    await at('2026-12-14T02:00:00Z'); // Monday 10:00
    const opened = await agent.post('/api/v1/cases', {
      kind: 'field_visit',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      description: 'Chiller down in the operating theatre block. 手术楼冷水机组停机。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id;
    await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
    await at('2026-12-14T05:00:00Z'); // three business hours later: the PT2H response promise is breached
    await processDueClocks(server.db.deps);
    const booked = await agent.post(`/api/v1/disputes/cases/${caseId}/service-credits`, {
      annualFee: '120000.00',
      currency: 'CNY',
    });
    expect(booked.statusCode, booked.body).toBe(200);
    const result = booked.json();
    expect(result.credits).toMatchObject({ ref: '§4.6', perBreachMinor: 240_000, capMinor: 2_400_000 });
    expect(result.credits.lines.length).toBeGreaterThanOrEqual(1);
    expect(result.penalty).toMatchObject({ agreement: 'fixit-shanghai-partner', owed: false, totalMinor: 0 });
    expect(result.penalty.finding.en).toMatch(/No back-to-back penalty is owed/);
    const again = (
      await agent.post(`/api/v1/disputes/cases/${caseId}/service-credits`, {
        annualFee: '120000.00',
        currency: 'CNY',
      })
    ).json();
    expect(again).toMatchObject({ alreadyBooked: true, lineIds: [] });

    const ruijin = (
      await agent.get('/api/v1/ledger/statement?party=ruijin-hospital&from=2026-12-01&to=2026-12-31')
    ).json();
    expect(JSON.stringify(ruijin)).toContain('Service credit for the response promise missed');
    const fixit = (
      await agent.get('/api/v1/ledger/statement?party=fixit-shanghai&from=2026-12-01&to=2026-12-31')
    ).json();
    expect(JSON.stringify(fixit)).not.toContain('Back-to-back penalty');
  });

  it('scope: Ningbo sees its request and the sent notice, never the matter; another supplier and a partner see none of it', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    expect(
      (
        await admin.post('/api/v1/parties', {
          key: 'suzhou-valves',
          name: 'Suzhou Valves',
          roles: ['supplier'],
        })
      ).statusCode,
    ).toBe(201);
    for (const [email, party] of [
      ['service@ningbo.example', 'ningbo-motor'],
      ['service@suzhou-valves.example', 'suzhou-valves'],
    ]) {
      const created = await admin.post('/api/v1/users', {
        email,
        name: email,
        role: 'partner',
        party,
        password: 'long-enough-pw',
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const ningbo = await Session.signIn(server.app, 'service@ningbo.example', 'long-enough-pw');
    const other = await Session.signIn(server.app, 'service@suzhou-valves.example', 'long-enough-pw');
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');

    expect((await ningbo.get(`/api/v1/supplier-requests/${requestId}`)).statusCode).toBe(200);
    expect((await ningbo.get(`/api/v1/notices/${noticeId}`)).statusCode).toBe(200);
    expect((await ningbo.get(`/api/v1/disputes/${matterId}`)).statusCode).toBe(404);
    for (const s of [other, fixit]) {
      expect((await s.get(`/api/v1/supplier-requests/${requestId}`)).statusCode).toBe(404);
      expect((await s.get(`/api/v1/notices/${noticeId}`)).statusCode).toBe(404);
      expect((await s.get(`/api/v1/notices/${noticeId}/letter`)).statusCode).toBe(404);
      expect((await s.get(`/api/v1/notices/${noticeId}/letter?format=pdf`)).statusCode).toBe(404);
      expect((await s.get(`/api/v1/supplier-requests/${requestId}/files/${PNG_SHA}`)).statusCode).toBe(404);
      expect((await s.get(`/api/v1/disputes/${matterId}`)).statusCode).toBe(404);
      expect((await s.get(`/api/v1/disputes/${matterId}/dossier`)).statusCode).toBe(404);
      expect(
        (await s.post(`/api/v1/supplier-requests/${requestId}/messages`, { body: 'x' })).statusCode,
      ).toBe(404);
      expect((await s.get('/api/v1/supplier-requests')).json().items).toEqual([]);
      expect((await s.get('/api/v1/notices')).json().items).toEqual([]);
      expect((await s.get('/api/v1/disputes')).json().items).toEqual([]);
    }

    // Ningbo answers a new message in time: the clock stops, not late.
    const asked = await agent.post(`/api/v1/supplier-requests/${requestId}/messages`, {
      body: 'Please confirm the credit note. 请确认贷项通知单。',
    });
    expect(asked.statusCode).toBe(200);
    await at('2026-12-14T08:00:00Z');
    const answered = await ningbo.post(`/api/v1/supplier-requests/${requestId}/messages`, {
      body: 'Confirmed; failure analysis attached. 已确认，附失效分析。',
      attachments: [
        {
          name: 'failure-analysis.pdf',
          mediaType: 'application/pdf',
          contentBase64: PDF_REPORT.toString('base64'),
        },
      ],
    });
    expect(answered.statusCode, answered.body).toBe(200);
    // The supplier's file: on its message, downloadable by the supplier and by ACME's staff, never by another supplier.
    const mine = answered.json().messages.at(-1);
    expect(mine).toMatchObject({
      direction: 'from_supplier',
      files: [{ name: 'failure-analysis.pdf', sha256: REPORT_SHA }],
    });
    for (const s of [ningbo, agent])
      expect((await s.get(`/api/v1/supplier-requests/${requestId}/files/${REPORT_SHA}`)).statusCode).toBe(
        200,
      );
    expect((await other.get(`/api/v1/supplier-requests/${requestId}/files/${REPORT_SHA}`)).statusCode).toBe(
      404,
    );
    expect(
      (await ningbo.get(`/api/v1/supplier-requests/${requestId}/files/${'0'.repeat(64)}`)).statusCode,
    ).toBe(404);
    const last = answered.json().messages;
    expect(last[last.length - 2].responseClock).toMatchObject({ status: 'stopped', late: false });
    expect(answered.json()).toMatchObject({ state: 'answered', missedResponses: 2 });
  });
});
