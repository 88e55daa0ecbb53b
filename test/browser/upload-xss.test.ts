import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * Issue 12, in a real browser: a customer attaches an HTML page with a script to their request; a
 * brand agent opens it from the case in the console. The script must not run as the agent: the
 * file comes as a sandboxed download, and the console itself runs under its policy without a
 * single violation.
 */
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;

// Leaves three marks if it ever runs: a request, a value in the app's storage, a message to the opener.
const EVIL = `<!doctype html><html><body><h1>Invoice</h1><script>
localStorage.setItem('xss', 'ran');
fetch('/xss-ran?c=' + encodeURIComponent(document.cookie));
if (window.opener) window.opener.postMessage('xss-ran', '*');
document.title = 'owned';
</script></body></html>`;

beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  context = browser.context;
  // Every page of the app reports policy violations and messages it receives.
  await context.addInitScript({
    content: `window.__violations = []; window.__messages = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
      window.addEventListener('message', (e) => window.__messages.push(e.data));`,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(BROWSER_MISSING)('an HTML page uploaded by a customer', () => {
  it('does not run as the brand agent who opens it, and the console shows under its policy', async () => {
    const customer = await Session.signIn(server.app, 'customer@ruijin.example');
    const opened = await customer.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2025-00417',
      description: 'Chiller alarms E12, invoice attached.',
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id as string;
    const sent = await customer.post(`/api/v1/cases/${caseId}/messages`, {
      body: 'Here is the invoice.',
      attachments: [
        { name: 'invoice.html', mediaType: 'text/html', contentBase64: Buffer.from(EVIL).toString('base64') },
      ],
    });
    expect(sent.statusCode).toBe(200);

    const requests: string[] = [];
    // Read at once: the download's tab closes as soon as it starts.
    const fileResponses: Promise<Record<string, string>>[] = [];
    context.on('request', (r: Request) => requests.push(r.url()));
    context.on('response', (r: Response) => {
      if (r.url().includes('/files/')) fileResponses.push(r.allHeaders().catch(() => r.headers()));
    });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    await page.goto(`${base}/signin`);
    await page.getByLabel('E-mail').fill('agent@acme.example');
    await page.getByLabel('Password').first().fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${base}/console/cases/${caseId}`);
    // The file is linked twice on the case page (the case's files, and the message it came with); both lead to the same download.
    const link = page.getByRole('link', { name: /invoice\.html/ }).first();
    await link.waitFor();

    const popup = context.waitForEvent('page');
    await link.click();
    const opener = await popup;
    await expect.poll(() => fileResponses.length, { timeout: 15_000 }).toBeGreaterThan(0);
    // Give a script every chance to run before looking for its marks.
    await page.waitForTimeout(1500);

    expect(requests.filter((u) => u.includes('/xss-ran'))).toEqual([]);
    expect(await page.evaluate('window.__messages')).toEqual([]);
    expect(await page.evaluate("localStorage.getItem('xss')")).toBeNull();
    if (!opener.isClosed()) expect(await opener.title()).not.toBe('owned');
    const headers = await fileResponses[0]!;
    expect(headers['content-disposition']).toMatch(/^attachment;/);
    expect(headers['content-security-policy']).toContain('sandbox');
    expect(headers['content-type']).not.toMatch(/html/);

    // The console rendered (a link of the conversation was there) with no policy violation.
    expect(await page.evaluate('window.__violations')).toEqual([]);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, 120_000);
});
