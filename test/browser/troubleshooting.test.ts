import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * Guided troubleshooting in a real browser, in Chinese (the customer's language): Dr. Li Fang
 * walks the CH-900 "E12" guide once to "needs a technician" (a new request carrying her answers)
 * and once to "solved" (she says it helped); eight days later, with no case after it, the walk
 * counts as deflected. The case is resolved, she answers the survey from the mail's link without
 * signing in, and the answer shows on the manager's dashboard.
 */
const DAY = 86_400_000;
// Real time (the browser drops a cookie that expired by its own clock), moved on by the test.
let offset = 0;
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const shot = screenshotter('guide-zh');

beforeAll(async () => {
  if (BROWSER_MISSING) return;
  server = await startDemoServer({ webRoot: WEB_ROOT, now: () => new Date(Date.now() + offset) });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(email: string) {
  await page.goto(`${base}/signin`);
  await page.locator('label', { hasText: '中文' }).click();
  await page.getByLabel('电子邮件').fill(email);
  await page.getByLabel('密码').first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('button', { name: '退出' }).waitFor();
}

async function answer(label: string) {
  await page.getByRole('button', { name: label, exact: true }).click();
}

describe.skipIf(BROWSER_MISSING)('guided troubleshooting and satisfaction in the browser', () => {
  let publicRef = '';

  it('a customer walks E12 to "needs a technician": a new request carries her answers', async () => {
    await signIn('customer@ruijin.example');
    await page.getByRole('link', { name: /E12 报警/ }).click();
    await page.getByRole('heading', { name: /E12 报警：压缩机排气压力过高停机/ }).waitFor();
    await page.getByLabel('是您的哪台设备？').selectOption('CH9-2025-00417');
    await page.getByRole('button', { name: '开始' }).click();
    await answer('是，通风畅通');
    await answer('否，很干净');
    await answer('是，风机都在转');
    const end = page.getByRole('status').filter({ hasText: '需要技术人员上门' });
    await end.waitFor();
    await shot(page, 'technician');
    const link = end.getByRole('link');
    // The customer reads the public reference, never the brand's internal number.
    publicRef = (await link.textContent()) ?? '';
    expect(publicRef).toMatch(/^R-/);
    await link.click();
    await page.getByText('是，风机都在转', { exact: false }).first().waitFor();
    await page.getByText('怀疑压缩机或冷媒回路故障', { exact: false }).first().waitFor();
    await shot(page, 'request-with-steps');
  });

  it('the same customer walks E12 to "solved" and says it helped', async () => {
    await page.goto(`${base}/portal/troubleshoot/ch900-e12`);
    await page.getByLabel('是您的哪台设备？').selectOption('CH9-2025-00417');
    await page.getByRole('button', { name: '开始' }).click();
    await answer('是，通风畅通');
    await answer('是，比较脏');
    await answer('没有，运行正常');
    const end = page.getByRole('status').filter({ hasText: '已解决' });
    await end.waitFor();
    await end.getByRole('button', { name: '解决了' }).click();
    await page.getByText('感谢您的反馈。').waitFor();
    await shot(page, 'solved');
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
  });

  it('eight days on: the case resolved, the survey answered from the link, both on the dashboard', async () => {
    offset += 8 * DAY;
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const found = await server.db.deps.db
      .selectFrom('cases')
      .select(['case_id', 'number'])
      .where('public_ref', '=', publicRef)
      .executeTakeFirstOrThrow();
    const resolved = await agent.post(`/api/v1/cases/${found.case_id}/state`, { state: 'resolved' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const mail = await server.db.deps.db
      .selectFrom('outbox')
      .select('payload')
      .where('case_id', '=', found.case_id)
      .where('kind', '=', 'satisfaction_survey')
      .executeTakeFirstOrThrow();
    const payload = typeof mail.payload === 'string' ? JSON.parse(mail.payload) : mail.payload;
    const path = String((payload as { surveyPath: string }).surveyPath);

    // No sign-in: the link's token is the key.
    await page.goto(`${base}${path}`);
    await page.getByText(`关于您的服务单 ${publicRef}`).waitFor();
    await page.getByLabel('4 · 满意').check();
    await page.getByLabel('还有什么想告诉我们的吗？（选填）').fill('技术员很专业，第二天就修好了。');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('谢谢，您的评价已记录。').waitFor();
    await shot(page, 'survey');

    await signIn('manager@acme.example');
    await page.goto(`${base}/console/dashboard`);
    const csat = page.getByRole('region', { name: '客户满意度（近 90 天）' });
    await csat.getByText('1 份回答，平均 4 分（满分 5 分）').waitFor();
    await csat.getByText(found.number).waitFor();
    const deflection = page.getByRole('region', { name: '自助解决与分流（近 90 天）' });
    await deflection
      .getByText('1 次已解决的排查中，1 次在 7 天内没有再提交服务单', { exact: false })
      .waitFor();
    await deflection.getByText(/E12 报警.*1 人认为有帮助/).waitFor();
    await deflection.getByText(/E12 报警：压缩机排气压力过高停机：排查 2 次，解决 1 次/).waitFor();
    await shot(page, 'dashboard');
  });
});
