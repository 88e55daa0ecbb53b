import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * The engines' screens in a real browser. FixIt Shanghai's technician repairs the compressor of
 * CH9-2024-00031 on a 390 px phone (English) and again at desk width (Chinese): opens the work
 * order, diagnoses by picking the failed part, takes the compressor from consignment, records
 * labour by standard time and a visit, completes with serials and sees the cost lines. FixIt's
 * admin files the claim, sees it line by line, answers and resubmits; ACME pays; the ledger shows
 * the statement, its CSV and the chart. The returns desk decides, records the shipment, the
 * inspection and the refund, and the customer sees each step. A second partner and a second
 * customer get "Not found".
 */
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
// The server's clock: the real one, but for the moment a return is requested inside its window.
let fixed: Date | null = null;
// Generous waits: the machine running these is often loaded by other work.
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT, now: () => fixed ?? new Date() });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(20_000);
  await page.goto(`${base}/healthz`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const TEXT = {
  en: {
    language: 'English',
    signIn: 'Sign in',
    signOut: 'Sign out',
    email: 'E-mail',
    password: 'Password',
    openOrder: 'Open a work order',
    failedPart: 'Failed part',
    compressor: /^Compressor/,
    cause: 'Cause',
    defect: /manufacturing/i,
    saveDiagnosis: 'Save the diagnosis',
    covered: /Covered by the warranty \(§2\.3\)/,
    part: 'Part',
    partOption: /CMP-900/,
    location: 'Take from',
    consignment: /consignment/i,
    reserve: 'Reserve',
    reserved: 'Reserved',
    operation: 'Operation',
    replace: /compressor.*standard time 6 h/i,
    recordLabor: 'Record labour',
    took: /took 6 h · standard time 6 h/,
    arrived: 'Arrived',
    distance: 'Kilometres travelled',
    signed: 'The customer signed the service report',
    recordVisit: 'Record the visit',
    visit: /45 km · signed by the customer/,
    serialOut: 'Serial of the part taken out',
    serialIn: 'Serial of the part fitted',
    complete: 'Complete the repair',
    completed: /Completed .*: Fixed/,
    notFound: 'Not found',
  },
  zh: {
    language: '中文',
    signIn: '登录',
    signOut: '退出',
    email: '电子邮件',
    password: '密码',
    openOrder: '开立工单',
    failedPart: '故障部件',
    compressor: /^压缩机/,
    cause: '原因',
    defect: /制造/,
    saveDiagnosis: '保存诊断',
    covered: /在保修范围内 \(§2\.3\)/,
    part: '配件',
    partOption: /CMP-900/,
    location: '取件库位',
    consignment: /寄售/,
    reserve: '预留',
    reserved: '已预留',
    operation: '工序',
    replace: /压缩机.*标准工时 6小时/,
    recordLabor: '记录工时',
    took: /用时 6小时 · 标准工时 6小时/,
    arrived: '到达时间',
    distance: '行驶公里数',
    signed: '客户已在服务报告上签字',
    recordVisit: '记录上门',
    visit: /45 公里 · 客户已签字/,
    serialOut: '拆下部件的序列号',
    serialIn: '装上部件的序列号',
    complete: '完成维修',
    completed: /完工：已修复/,
    notFound: '未找到',
  },
} as const;

async function signIn(email: string, lang: 'en' | 'zh') {
  const text = TEXT[lang];
  // A test that failed half-way leaves its person signed in: start each sign-in afresh.
  await browser.context.clearCookies();
  await page.goto(`${base}/signin`);
  await page.locator('label', { hasText: text.language }).click();
  await page.getByLabel(text.email).fill(email);
  await page.getByLabel(text.password).first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: text.signIn, exact: true }).click();
  await page.getByRole('button', { name: text.signOut }).waitFor();
}

async function signOut(lang: 'en' | 'zh') {
  await page.getByRole('button', { name: TEXT[lang].signOut }).click();
  await page.getByRole('button', { name: TEXT[lang].signIn, exact: true }).waitFor();
}

/** A Mantine select: open it by its label and pick the option. */
async function choose(label: string, option: string | RegExp) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Nothing of the page is wider than the screen: no sideways scrolling on a phone. */
async function fitsWidth(): Promise<number> {
  // A string: the test's own TypeScript has no DOM types.
  return page.evaluate<number>('(document.getElementById("content")?.scrollWidth ?? 0) - window.innerWidth');
}

/** The agent opens a compressor case on CH9-2024-00031 and assigns FixIt Shanghai (over the API). */
async function openCompressorCase(): Promise<{ id: string; number: string }> {
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'critical',
    serial: 'CH9-2024-00031',
    description: 'Compressor trips on start. 压缩机启动跳闸。',
  });
  expect(opened.statusCode).toBe(201);
  await agent.post(`/api/v1/cases/${opened.json().id}/assignment`, { servicePartner: 'fixit-shanghai' });
  // A compressor in FixIt's consignment stock for each repair.
  const receipt = await agent.post('/api/v1/stock/receipts', {
    location: 'fixit-consignment',
    partNumber: 'CMP-900',
    quantity: 1,
  });
  expect(receipt.statusCode).toBe(200);
  // What the partner sees the case by: its public reference (staff keep the sequential number).
  return { id: opened.json().id, number: opened.json().reference };
}

// A 1×1 PNG: the photo of the failed compressor the claim's evidence asks for.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const repairs: Record<'en' | 'zh', string> = { en: '', zh: '' };
let claimId = '';
let returnCaseId = '';

for (const lang of ['en', 'zh'] as const) {
  describe.skipIf(BROWSER_MISSING)(
    `the technician's repair in ${lang === 'en' ? 'English on a 390 px phone' : 'Chinese'}`,
    () => {
      const text = TEXT[lang];
      const shot = screenshotter(`engines-${lang}`);

      it('opens the work order, diagnoses, reserves, records labour and a visit, completes and sees the costs', async () => {
        await page.setViewportSize(
          lang === 'en' ? { width: 390, height: 844 } : { width: 1360, height: 900 },
        );
        const c = await openCompressorCase();
        await signIn('technician@fixit.example', lang);
        await page.goto(`${base}/partner/repairs`);
        const waiting = page.getByTestId('row-card').filter({ hasText: c.number });
        await waiting.getByRole('button', { name: text.openOrder }).click();
        await page.waitForURL(/\/partner\/repairs\/[0-9a-f-]{36}$/);
        repairs[lang] = page.url().split('/').at(-1)!;
        await shot(page, 'opened');

        await choose(text.failedPart, text.compressor);
        await choose(text.cause, text.defect);
        await page.getByRole('button', { name: text.saveDiagnosis }).click();
        await poll(() => page.getByTestId('cover').textContent()).toMatch(text.covered);

        await choose(text.part, text.partOption);
        await choose(text.location, text.consignment);
        await page.getByRole('button', { name: text.reserve, exact: true }).click();
        await page.getByText(text.reserved, { exact: true }).waitFor();

        await choose(text.operation, text.replace);
        await page.getByRole('button', { name: text.recordLabor }).last().click();
        await poll(() => page.getByText(text.took).count()).toBe(1);

        // Arrived a minute from now in the browser's zone: after the case was opened, within the tolerance.
        const arrival = await page.evaluate(() => {
          const d = new Date(Date.now() + 60_000);
          return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
        });
        await page.getByLabel(text.arrived).fill(arrival);
        await page.getByLabel(text.distance).fill('45');
        await page.getByLabel(text.signed).check();
        await page.getByRole('button', { name: text.recordVisit }).click();
        await poll(() => page.getByText(text.visit).count()).toBe(1);
        await shot(page, 'work-recorded');

        await page.getByLabel(text.serialOut).fill(`C9-OLD-${lang}`);
        await page.getByLabel(text.serialIn).fill(`C9-NEW-${lang}`);
        await page.getByRole('button', { name: text.complete }).last().click();
        await poll(() => page.getByTestId('completed').textContent()).toMatch(text.completed);
        // The parts cost is ACME's, between ACME and its stock: the technician sees no line of it.
        await page.getByTestId('cost-lines').getByTestId('empty').waitFor();
        if (lang === 'en') expect(await fitsWidth()).toBeLessThanOrEqual(0);
        // Names and words, never keys: no snake_case key on the page.
        else expect(await page.locator('#content').innerText()).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
        await shot(page, 'completed');
        const api = await Session.signIn(server.app, 'technician@fixit.example');
        expect((await api.get(`/api/v1/repairs/${repairs[lang]}`)).json()).toMatchObject({
          state: 'completed',
          parts: [{ state: 'consumed', serialOut: `C9-OLD-${lang}`, serialIn: `C9-NEW-${lang}` }],
          visits: [{ distanceKm: 45, customerSigned: true }],
        });
        await signOut(lang);
        await page.setViewportSize({ width: 1360, height: 900 });
      });
    },
  );
}

describe.skipIf(BROWSER_MISSING)('claims, payment and the ledger (English)', () => {
  const shot = screenshotter('engines-claims');

  it('FixIt files the claim from the repair, sees each line with its clause, answers and resubmits', async () => {
    await signIn('partner@fixit.example', 'en');
    await page.goto(`${base}/partner/repairs/${repairs.en}`);
    await page.getByRole('link', { name: 'File a warranty claim' }).click();
    await page.waitForURL(/\/partner\/claims\/new/);
    const lines = page.getByTestId('claim-line-input');
    await poll(() => lines.count()).toBe(3); // labour, travel, the compressor
    const amounts = ['1200.00', '112.50', '18600.00'];
    for (const [i, amount] of amounts.entries()) await lines.nth(i).getByLabel('Amount (CNY)').fill(amount);
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'compressor.png', mimeType: 'image/png', buffer: PHOTO });
    await page.getByRole('button', { name: 'File the claim' }).click();
    await page.waitForURL(/\/partner\/claims\/[0-9a-f-]{36}$/);
    claimId = page.url().split('/').at(-1)!;
    const decided = page.getByTestId('row-card');
    await poll(() => decided.count()).toBe(3);
    await poll(() => page.locator('#content').textContent()).toMatch(/Partly approved/);
    const body = (await page.locator('#content').textContent()) ?? '';
    expect(body).toMatch(/Reduced/);
    expect(body).toMatch(/Rejected/);
    expect(body).toMatch(/§5/);
    expect(body).toMatch(/§6/);
    expect(body).toContain('Beyond the free kilometres');
    await shot(page, 'decided');

    // The answer: drop the compressor (it came from ACME's consignment stock), take the reductions.
    await page.getByLabel('Your answer').fill('Corrected to the agreement. 已按协议更正。');
    const again = page.getByTestId('claim-line-input');
    await again.nth(2).getByRole('button', { name: 'Remove the line' }).click();
    await page.getByRole('button', { name: 'Resubmit' }).click();
    await poll(() => page.locator('#content').textContent()).toMatch(/revision 2/);
    expect(await page.locator('#content').textContent()).toMatch(/Approved/);
    await shot(page, 'resubmitted');
    await signOut('en');
  });

  it('ACME reviews the claim line by line and pays it; the ledger shows the statement, the CSV and the chart', async () => {
    await signIn('manager@acme.example', 'en');
    await page.goto(`${base}/console/claims`);
    await page.getByRole('link', { name: /^WC-/ }).first().waitFor();
    await page.goto(`${base}/console/claims/${claimId}`);
    await page.getByRole('button', { name: /^Pay / }).click();
    await poll(() => page.locator('#content').textContent()).toMatch(/Paid /);

    // The brand's staff see the repair's cost lines: the compressor from consignment, borne by ACME (§2.3).
    await page.goto(`${base}/console/repairs/${repairs.en}`);
    await poll(() => page.getByTestId('cost-lines').textContent()).toMatch(
      /Parts · .*18,600\.00.*borne by ACME.*§2\.3/s,
    );
    await page.goto(`${base}/console/ledger`);
    await page.getByTestId('bore').waitFor();
    expect(await page.getByTestId('bore').textContent()).toMatch(/Parts/);
    await poll(() => page.getByTestId('owes-to').first().textContent()).toMatch(/FixIt/);
    const csv = await page.getByTestId('csv').getAttribute('href');
    const download = await page.evaluate(async (href) => {
      const r = await fetch(href!);
      return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
    }, csv);
    expect(download.status).toBe(200);
    expect(download.type).toContain('text/csv');
    expect(download.body).toContain('labor');
    await page.locator('.recharts-surface').first().waitFor();
    await shot(page, 'ledger');

    await page.goto(`${base}/console/recoveries`);
    await page.getByRole('heading', { name: 'Supplier recoveries' }).waitFor();
    await page.goto(`${base}/console/parts`);
    await page.getByRole('tab', { name: 'Stock' }).waitFor();
    await poll(() => page.getByTestId('stock-level').count()).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Defective returns' }).click();
    await poll(() => page.locator('#content').textContent()).toMatch(/due back by/);
    await page.getByRole('tab', { name: 'Duty report' }).click();
    await poll(() => page.locator('#content').textContent()).toMatch(
      /must be available until|still in production/,
    );
    await shot(page, 'parts');
    await signOut('en');
  });
});

describe.skipIf(BROWSER_MISSING)('the returns desk (English), and the customer sees each step', () => {
  const shot = screenshotter('engines-returns');

  it('decides by the terms check, records shipment, inspection and refund', async () => {
    // Zhang Wei asks on day 5 after delivery, inside the no-reason window (§6).
    fixed = new Date('2026-03-21T02:00:00Z');
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const requested = await zhang.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'no_reason',
      conditions: { original_packaging: true, proof_of_purchase: true },
    });
    fixed = null;
    expect(requested.statusCode).toBe(201);
    const returnId = requested.json().id;
    returnCaseId = requested.json().caseId;

    await signIn('agent@acme.example', 'en');
    await page.goto(`${base}/console/returns`);
    const card = page.getByTestId('row-card').filter({ hasText: requested.json().number });
    await poll(() => card.getByTestId('terms-check').textContent()).toMatch(/Approve.*§6/s);
    expect(await card.textContent()).toMatch(/Decision overdue since|Decide by/);
    await shot(page, 'desk');
    await card.getByRole('link').click();
    await page.waitForURL(new RegExp(`/console/returns/${returnId}$`));
    await page.getByRole('button', { name: 'Approve (§6)' }).click();
    await page.getByTestId('decided').waitFor();
    await page.getByLabel('Carrier').fill('SF Express');
    await page.getByLabel('Waybill').fill('SF1234567890');
    await page.getByRole('button', { name: 'Record the shipment' }).click();
    await page.getByTestId('shipment').waitFor();
    await page.getByLabel('Findings').fill('Unused, all accessories present.');
    await page.getByRole('button', { name: 'Record the receipt' }).click();
    await page.getByTestId('inspection').waitFor();
    await choose('What is done with it', 'Refund');
    await page.getByLabel('Amount (CNY)').fill('2999.00');
    await page.getByRole('button', { name: 'Close the return' }).click();
    await poll(() => page.getByTestId('disposition').textContent()).toMatch(/Refund \(§6\)/);
    await shot(page, 'closed');
    await signOut('en');

    await signIn('zhang.wei@example.com', 'en');
    await page.goto(`${base}/portal/requests/${returnCaseId}`);
    const steps = page.getByTestId('return-steps');
    await poll(() => steps.textContent()).toMatch(
      /✓ Requested.*✓ Approved.*✓ On its way back.*SF1234567890.*✓ Received and inspected.*✓ Refund/s,
    );
    await shot(page, 'customer-steps');
    await signOut('en');
  });
});

describe.skipIf(BROWSER_MISSING)('a second partner and a second customer', () => {
  it('see "Not found" for the first ones’ repair, claim and return', async () => {
    await signIn('partner@pearlriver.example', 'en');
    await page.goto(`${base}/partner/repairs/${repairs.en}`);
    await poll(() => page.getByRole('alert').first().textContent()).toContain('Not found');
    await page.goto(`${base}/partner/claims/${claimId}`);
    await poll(() => page.getByRole('alert').first().textContent()).toContain('Not found');
    await page.goto(`${base}/partner/repairs`);
    await page.getByTestId('empty').first().waitFor();
    expect(await page.locator('#content').textContent()).not.toContain('CH9-2024-00031');
    await signOut('en');
    await signIn('customer@ruijin.example', 'en');
    await page.goto(`${base}/portal/requests/${returnCaseId}`);
    await poll(() => page.getByRole('alert').first().textContent()).toContain('Not found');
    await signOut('en');
  });
});
