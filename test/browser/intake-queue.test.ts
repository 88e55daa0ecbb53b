import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../src/app/case/index.ts';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, startDemoServer } from '../support/http.ts';

/**
 * Issue 14 in a real browser: an agent takes a phone call, finds the customer by name and the unit
 * among its units, sees the entitlement and the promise before saving, and opens the case (in
 * English); then, in Chinese, pages the queue past 100 cases to its end and finds a case by a
 * Chinese word of a message; at 390 px the page does not scroll sideways.
 */
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let compressorCase = '';
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
const shot = screenshotter('intake');

beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT });
  const actor = {
    tenantId: server.tenantId,
    ...(await server.db.deps.db
      .selectFrom('users')
      .select(['user_id as userId', 'party_id as partyId'])
      .where('email', '=', 'agent@acme.example')
      .executeTakeFirstOrThrow()),
    role: 'agent' as const,
    homeParty: true,
    authenticatedBy: 'session' as const,
  };
  for (let i = 0; i < 120; i++) {
    const c = await openCase(server.db.deps, actor as never, {
      kind: 'inquiry',
      severity: 'normal',
      customer: 'dongguan-plastics',
      channel: 'phone',
      description: i === 60 ? '压缩机 高压 报警' : `Question ${i} about the manual / 第${i}个问题`,
    });
    if (i === 60) compressorCase = c.number;
  }
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(
  email: string,
  language: 'English' | '中文',
  labels: { email: string; password: string; signIn: string; signOut: string },
) {
  await page.goto(`${base}/signin`);
  await page.locator('label', { hasText: language }).click();
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: labels.signIn, exact: true }).click();
  await page.getByRole('button', { name: labels.signOut }).waitFor();
  await page.locator('label', { hasText: language }).click();
}

describe.skipIf(BROWSER_MISSING)('intake and the queue in the browser', () => {
  it('lets an agent open a case by phone for a found customer and unit, with the decision shown before saving', async () => {
    await signIn('agent@acme.example', 'English', {
      email: 'E-mail',
      password: 'Password',
      signIn: 'Sign in',
      signOut: 'Sign out',
    });
    await page.goto(`${base}/console`);
    expect(await page.getByTestId('new-case').getAttribute('href')).toBe('/console/cases/new');
    await page.goto(`${base}/console/cases/new`);
    await page.getByRole('textbox', { name: 'Customer', exact: true }).fill('Ruij');
    await page.getByRole('option', { name: /Ruijin Hospital/ }).click();
    await poll(() => page.getByTestId('intake-customer-chosen').textContent()).toContain('Ruijin Hospital');
    await page.getByRole('radio', { name: /CH9-2024-00031/ }).check();
    await page.getByRole('textbox', { name: 'Kind of request', exact: true }).click();
    await page.getByRole('option', { name: 'Repair', exact: true }).click();
    await page.getByRole('textbox', { name: 'Severity', exact: true }).click();
    await page.getByRole('option', { name: 'High', exact: true }).click();
    await page.getByRole('textbox', { name: 'Failed part (if known)', exact: true }).click();
    await page.getByRole('option', { name: 'Compressor', exact: true }).click();
    await page.getByRole('textbox', { name: 'Cause (if known)', exact: true }).click();
    await page.getByRole('option', { name: /Manufacturing defect/i }).click();
    await page.getByTestId('intake-preview').click();
    const decision = page.getByTestId('intake-decision');
    await poll(() => decision.textContent()).toContain('Covered');
    await poll(() => decision.textContent()).toContain('4 business hours');
    expect(await page.getByTestId('intake-save').isDisabled()).toBe(true);
    await page.getByTestId('intake-description').fill('Compressor trips on start, alarm E-07.');
    await shot(page, 'decision-before-saving');
    const before = await server.db.deps.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await page.getByTestId('intake-save').click();
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    const opened = await server.db.deps.db
      .selectFrom('cases')
      .select(['channel', 'kind'])
      .orderBy('opened_at', 'desc')
      .orderBy('case_id', 'desc')
      .executeTakeFirstOrThrow();
    expect(opened).toEqual({ channel: 'phone', kind: 'repair' });
    const after = await server.db.deps.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it('pages the queue past 100 cases to its end and finds a case by a Chinese word, in Chinese, at 390 px', async () => {
    await page.locator('label', { hasText: '中文' }).click();
    await page.goto(`${base}/console`);
    const rows = page.getByTestId('queue-row');
    await poll(() => rows.count()).toBe(50);
    await page.getByRole('button', { name: '加载更多' }).dispatchEvent('click');
    await poll(() => rows.count()).toBe(100);
    await page.getByRole('button', { name: '加载更多' }).dispatchEvent('click');
    await page.getByTestId('queue-end').waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(120);
    await shot(page, 'queue-end');
    // Keyboard: `/` focuses the search.
    await page.keyboard.press('/');
    await page.keyboard.type('压缩机');
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(compressorCase);
    await shot(page, 'search-zh');
    await page.setViewportSize({ width: 390, height: 844 });
    await poll(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'queue-390');
    // `j`/`k` and Enter open the selected case.
    await page.getByTestId('queue-search').blur();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    await page.setViewportSize({ width: 1360, height: 900 });
  });
});
