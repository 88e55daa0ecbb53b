import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * Issue 14's last screens in a real browser (set-up copied from engine-screens.test.ts):
 * - FixIt's technician reads the day's work orders on a 390 px phone, steps to the previous and
 *   next day and back to today; Pearl River's partner sees none of them and "Not found" for one;
 * - ACME's manager, in Chinese, decides the lines of FixIt's claim on the claim page: reduces one
 *   with an amount, rejects one, each with reason and clause, over the terms' proposal; FixIt reads
 *   the answer; Pearl River gets "Not found";
 * - files attached to a message show under it: a photo as a thumbnail that opens larger, a PDF in
 *   a viewer framed from the stored-file route, an SVG only as a link (never drawn, never framed),
 *   on the console's, the partner's and the customer's case pages.
 */
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
// Generous waits: the machine running these is often loaded by other work.
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT });
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

const LANGUAGE = { en: 'English', zh: '中文' } as const;
const SIGN = {
  en: { in: 'Sign in', out: 'Sign out', email: 'E-mail', password: 'Password' },
  zh: { in: '登录', out: '退出', email: '电子邮件', password: '密码' },
} as const;

async function signIn(email: string, lang: 'en' | 'zh') {
  await browser.context.clearCookies();
  await page.goto(`${base}/signin`);
  await page.locator('label', { hasText: LANGUAGE[lang] }).click();
  await page.getByLabel(SIGN[lang].email).fill(email);
  await page.getByLabel(SIGN[lang].password).first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: SIGN[lang].in, exact: true }).click();
  await page.getByRole('button', { name: SIGN[lang].out }).waitFor();
}

/** Nothing of the page is wider than the screen: no sideways scrolling on a phone. */
async function fitsWidth(): Promise<number> {
  return page.evaluate<number>('(document.getElementById("content")?.scrollWidth ?? 0) - window.innerWidth');
}

const content = () => page.locator('#content').textContent();

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

/** A compressor case on CH9-2024-00031 (Ruijin Hospital's), assigned to FixIt Shanghai. */
async function openCase(): Promise<{ id: string; reference: string }> {
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'critical',
    serial: 'CH9-2024-00031',
    description: 'Compressor trips on start. 压缩机启动跳闸。',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  expect(opened.statusCode).toBe(201);
  await agent.post(`/api/v1/cases/${opened.json().id}/assignment`, { servicePartner: 'fixit-shanghai' });
  return { id: opened.json().id, reference: opened.json().reference };
}

let repairId = '';
let repairNumber = '';

describe.skipIf(BROWSER_MISSING)('the technician’s day on a 390 px phone', () => {
  const shot = screenshotter('workday-en');

  it('lists today’s work orders, steps a day back and forth, and a second partner sees none', async () => {
    const c = await openCase();
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const repair = await tech.post(`/api/v1/cases/${c.id}/repairs`, {
      diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(repair.statusCode).toBe(201);
    repairId = repair.json().id;
    repairNumber = repair.json().number;

    await page.setViewportSize({ width: 390, height: 844 });
    await signIn('technician@fixit.example', 'en');
    await page.goto(`${base}/partner/repairs`);
    const day = page.getByTestId('day-list');
    await poll(() => day.textContent()).toContain(repairNumber);
    expect(await day.textContent()).toContain('Opened this day');
    const section = page.getByRole('region', { name: /^Today’s work orders · / });
    await section.waitFor();
    expect(await fitsWidth()).toBeLessThanOrEqual(0);
    await shot(page, 'today');

    await page.getByRole('button', { name: '← Previous day' }).click();
    await page.waitForURL(/\?date=\d{4}-\d{2}-\d{2}$/);
    await page.getByRole('region', { name: /^Work orders on / }).waitFor();
    await poll(() => day.textContent()).not.toContain(repairNumber);
    await page
      .getByRole('region', { name: /^Work orders on / })
      .getByTestId('empty')
      .waitFor();
    await shot(page, 'yesterday');
    await page.getByRole('button', { name: 'Next day →' }).click();
    await poll(() => day.textContent()).toContain(repairNumber);
    await page.getByRole('button', { name: 'Next day →' }).click();
    await poll(() => day.textContent()).not.toContain(repairNumber);
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await page.waitForURL(/\/partner\/repairs$/);
    await poll(() => day.textContent()).toContain(repairNumber);
    expect(await fitsWidth()).toBeLessThanOrEqual(0);

    // Pearl River's partner: an empty day, and "Not found" for FixIt's work order.
    await signIn('partner@pearlriver.example', 'en');
    await page.goto(`${base}/partner/repairs`);
    await page
      .getByRole('region', { name: /^Today’s work orders · / })
      .getByTestId('empty')
      .waitFor();
    expect(await content()).not.toContain(repairNumber);
    await page.goto(`${base}/partner/repairs/${repairId}`);
    await poll(() => page.getByRole('alert').first().textContent()).toContain('Not found');
    await page.setViewportSize({ width: 1360, height: 900 });
  });
});

let claimId = '';

describe.skipIf(BROWSER_MISSING)('the brand decides a claim’s lines (Chinese)', () => {
  const shot = screenshotter('claim-review-zh');

  it('reduces and rejects lines with reason and clause over the terms’ proposal; FixIt reads it', async () => {
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    await tech.post(`/api/v1/repairs/${repairId}/labor`, { operation: 'diagnose', minutes: 50 });
    await tech.post(`/api/v1/repairs/${repairId}/labor`, { operation: 'replace_compressor', minutes: 360 });
    const visit = await tech.post(`/api/v1/repairs/${repairId}/visits`, {
      arrivedAt: new Date().toISOString(),
      distanceKm: 45,
      customerSigned: true,
    });
    expect(visit.statusCode).toBe(200);
    expect(
      (await tech.post(`/api/v1/repairs/${repairId}/completion`, { result: 'fixed', parts: [] })).statusCode,
    ).toBe(200);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const filed = await fixit.post(`/api/v1/repairs/${repairId}/claim`, {
      lines: [
        { kind: 'labor', item: 'diagnose', quantity: 50, amount: '150.00' },
        { kind: 'labor', item: 'replace_compressor', quantity: 360, amount: '1080.00' },
        { kind: 'travel', quantity: 45, amount: '37.50' },
      ],
      evidence: [
        {
          evidence: 'photos',
          name: 'compressor.png',
          mediaType: 'image/png',
          contentBase64: PNG.toString('base64'),
        },
      ],
    });
    expect(filed.statusCode).toBe(201);
    claimId = filed.json().id;
    expect(filed.json().state).toBe('approved');

    await signIn('manager@acme.example', 'zh');
    await page.goto(`${base}/console/claims/${claimId}`);
    const lines = page.getByTestId('row-card');
    await poll(() => lines.count()).toBe(3);
    // The travel line: reduced to 30.00 under §5.3.
    const travel = lines.nth(2).getByTestId('line-review');
    await travel.getByText('核减', { exact: true }).click();
    await travel.getByLabel('批准金额（元）').fill('30');
    await travel.getByLabel('理由').fill('导航记录为 37 公里。');
    await travel.getByLabel('条款').fill('§5.3');
    await travel.getByRole('button', { name: '裁定此行' }).click();
    await poll(() => lines.nth(2).textContent()).toMatch(/已核减.*§5\.3/s);
    expect(await lines.nth(2).getByTestId('proposed').textContent()).toMatch(/条款建议：已批准/);
    // The diagnosis line: rejected under §5.
    const diagnose = page.getByTestId('row-card').nth(0).getByTestId('line-review');
    await diagnose.getByText('拒绝', { exact: true }).click();
    await diagnose.getByLabel('理由').fill('诊断已含在更换工时内。');
    await diagnose.getByRole('button', { name: '裁定此行' }).click();
    await poll(() => page.getByTestId('row-card').nth(0).textContent()).toMatch(/已拒绝.*品牌方审核人裁定/s);
    await poll(content).toMatch(/部分批准/);
    // Names and words, never keys.
    expect(await content()).not.toMatch(/\b(reviewer_decision|partly_approved|at_agreed_rate)\b/);
    await shot(page, 'reviewed');

    const api = await Session.signIn(server.app, 'manager@acme.example');
    const claim = (await api.get(`/api/v1/claims/${claimId}`)).json();
    expect(claim).toMatchObject({ state: 'partly_approved', approved: '1110.00' });
    expect(claim.decision.lines.map((l: { status: string; ref: string }) => [l.status, l.ref])).toEqual([
      ['rejected', '§5'],
      ['approved', '§5'],
      ['reduced', '§5.3'],
    ]);

    // FixIt reads the answer; it has no review form of its own. Pearl River: "Not found".
    await signIn('partner@fixit.example', 'en');
    await page.goto(`${base}/partner/claims/${claimId}`);
    await poll(content).toMatch(
      /Decided by the brand’s reviewer: .*combined|Decided by the brand’s reviewer/,
    );
    expect(await content()).toContain('导航记录为 37 公里。');
    expect(await page.getByTestId('line-review').count()).toBe(0);
    await signIn('partner@pearlriver.example', 'en');
    await page.goto(`${base}/partner/claims/${claimId}`);
    await poll(() => page.getByRole('alert').first().textContent()).toContain('Not found');
  });
});

describe.skipIf(BROWSER_MISSING)(
  'files under their message: photo larger, PDF in a viewer, SVG a link',
  () => {
    const shot = screenshotter('previews');

    it('on the console’s, the partner’s and the customer’s case pages', async () => {
      const c = await openCase();
      const agent = await Session.signIn(server.app, 'agent@acme.example');
      const sent = await agent.post(`/api/v1/cases/${c.id}/messages`, {
        body: 'The service report and a photo of the plate. 服务报告和铭牌照片。',
        visibility: 'public',
        attachments: [
          { name: 'plate.png', mediaType: 'image/png', contentBase64: PNG.toString('base64') },
          { name: 'report.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') },
          { name: 'drawing.svg', mediaType: 'image/svg+xml', contentBase64: SVG.toString('base64') },
        ],
      });
      expect(sent.statusCode).toBe(200);

      const check = async (url: string, lang: 'en' | 'zh') => {
        await page.goto(`${base}${url}`);
        const message = page.getByTestId('message').filter({ hasText: 'service report' });
        const files = message.first().getByTestId('message-files');
        await files.waitFor();
        // The photo: a thumbnail under the message, larger on a tap.
        await files.getByTestId('file-thumbnail').click();
        const large = page.getByTestId('file-large');
        await large.waitFor();
        await poll(() =>
          large.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        ).toBe(1);
        await page.keyboard.press('Escape');
        await large.waitFor({ state: 'detached' });
        // The PDF: in a viewer, a frame of the stored file that the server lets our page frame.
        await files.getByTestId('file-pdf').click();
        const viewer = page.getByTestId('file-viewer');
        await viewer.waitFor();
        const src = (await viewer.getAttribute('src')) ?? '';
        expect(src).toMatch(/^\/api\/v1\/cases\/[0-9a-f-]{36}\/files\/[0-9a-f]{64}$/);
        await poll(() => page.frames().some((f) => f.url() === `${base}${src}`)).toBe(true);
        expect(page.frames().some((f) => f.url().startsWith('chrome-error:'))).toBe(false);
        await shot(page, `pdf-${lang}`);
        // Closed by its button: once the PDF viewer inside the frame has the focus, Escape goes to it.
        await page
          .getByRole('dialog')
          .getByRole('button', { name: lang === 'zh' ? '关闭' : 'Close', exact: true })
          .click();
        await viewer.waitFor({ state: 'detached' });
        // The SVG: a link only, never drawn, never framed.
        const svg = files.getByTestId('file-link');
        expect(await svg.textContent()).toContain('drawing.svg');
        expect(await files.locator('img').count()).toBe(1);
        expect(await page.locator('iframe').count()).toBe(0);
        // What the server says of each: the PDF inline and framable by us only, the SVG a sandboxed download.
        const headers = await page.evaluate(async (href) => {
          const r = await fetch(href);
          return {
            type: r.headers.get('content-type'),
            csp: r.headers.get('content-security-policy'),
            frame: r.headers.get('x-frame-options'),
            disposition: r.headers.get('content-disposition'),
          };
        }, src);
        expect(headers).toMatchObject({ type: 'application/pdf', frame: 'SAMEORIGIN' });
        expect(headers.csp).toContain("frame-ancestors 'self'");
        expect(headers.disposition).toMatch(/^inline;/);
        const svgHref = (await svg.getAttribute('href')) ?? '';
        const svgHeaders = await page.evaluate(async (href) => {
          const r = await fetch(href);
          return {
            frame: r.headers.get('x-frame-options'),
            disposition: r.headers.get('content-disposition'),
          };
        }, svgHref);
        expect(svgHeaders).toMatchObject({ frame: 'DENY' });
        expect(svgHeaders.disposition).toMatch(/^attachment;/);
      };

      await signIn('agent@acme.example', 'en');
      await check(`/console/cases/${c.id}`, 'en');
      // The case's file list shows the same previews.
      expect(await page.getByTestId('case-file').count()).toBeGreaterThanOrEqual(3);
      await signIn('partner@fixit.example', 'en');
      await check(`/partner/cases/${c.id}`, 'en');
      await signIn('customer@ruijin.example', 'zh');
      await check(`/portal/requests/${c.id}`, 'zh');
      await shot(page, 'portal-zh');
      // Pearl River: no case, no files.
      await signIn('partner@pearlriver.example', 'en');
      await page.goto(`${base}/partner/cases/${c.id}`);
      await poll(() => page.getByRole('alert').first().textContent()).toContain('Not found');
    });
  },
);
