import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

// 29 December 2026: the case's on-site and resolution deadlines fall in 2027, whose official
// holidays are not loaded (see test/year-end-clocks.test.ts for the API).
const now = new Date('2026-12-29T02:00:00Z');
let server: DemoServer;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let base: string;
let caseId: string;

beforeAll(async () => {
  if (BROWSER_MISSING) return;
  server = await startDemoServer({ now: () => now, webRoot: WEB_ROOT });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'high',
    serial: 'CH9-2024-00031',
    description: 'Compressor trips',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  caseId = opened.json().id;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(email: string, language: 'English' | '中文') {
  await page.goto(`${base}/signin`);
  await page.locator('label', { hasText: language }).click();
  await page.getByRole('textbox', { name: language === 'English' ? 'E-mail' : '电子邮件' }).fill(email);
  await page
    .getByLabel(language === 'English' ? 'Password' : '密码')
    .first()
    .fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: language === 'English' ? 'Sign in' : '登录', exact: true }).click();
  await page.getByRole('button', { name: language === 'English' ? 'Sign out' : '退出' }).waitFor();
}

describe.skipIf(BROWSER_MISSING)('deadlines in a year whose holidays are not loaded, in the pages', () => {
  const shot = screenshotter('year-end');

  it('shows the agent which deadlines are pending and why, beside the one that is known', async () => {
    await signIn('agent@acme.example', 'English');
    await page.goto(`${base}/console/cases/${caseId}`);
    const onsite = page.getByRole('row').filter({ hasText: 'On site (48 business hours)' });
    await onsite
      .getByText(
        /Pending: the 2027 public holidays are not loaded yet; not before Fri 1 Jan, 00:00 \(Asia\/Shanghai\)/,
      )
      .waitFor();
    await onsite.getByText('48 h 00 min').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'Response (4 business hours)' })
      .getByText('Tue 29 Dec, 15:00')
      .waitFor();
    await shot(page, 'console');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('tells the customer, in Chinese, the business time it has and why there is no date yet', async () => {
    await signIn('customer@ruijin.example', '中文');
    await page.goto(`${base}/portal/requests/${caseId}`);
    await page
      .getByTestId('promise')
      .getByText('我们力争在 40小时00分 工作时间内解决；具体日期取决于尚未公布的 2027 年法定节假日安排。')
      .waitFor();
    await shot(page, 'portal');
    await page.getByRole('button', { name: '退出' }).click();
    await page.locator('label', { hasText: 'English' }).click();
  });
});
