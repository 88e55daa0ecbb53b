/**
 * The terms review in the console: a manager runs the review and reads its top line, downloads the
 * Word mark-up, confirms (and corrects) a value read from a draft, and accepts a proposed next
 * version. No LibreOffice here: the mark-up is checked for being a Word file only.
 */
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, startDemoServer } from '../support/http.ts';

// After the browser's own clock: a session cookie made at an earlier "now" would arrive expired.
const now = new Date('2026-12-29T02:00:00Z');
let server: DemoServer;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let base: string;

beforeAll(async () => {
  if (BROWSER_MISSING) return;
  server = await startDemoServer({ now: () => now, webRoot: WEB_ROOT });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(120_000);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(BROWSER_MISSING)('the terms review in the console', () => {
  const shot = screenshotter('terms-review');

  it('a manager runs the review, reads the top line, downloads the mark-up, confirms a draft value and accepts a mark-up', async () => {
    await page.goto(`${base}/signin`);
    await page.locator('label', { hasText: 'English' }).click();
    await page.getByRole('textbox', { name: 'E-mail' }).fill('manager@acme.example');
    await page.getByLabel('Password').first().fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    try {
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    } catch (e) {
      await shot(page, 'sign-in-failed');
      throw e;
    }
    await page.goto(`${base}/console/terms`);

    // The review: its first line is the largest exposure, with an amount in CNY a year.
    await page.getByRole('button', { name: 'Run the review' }).click();
    const top = page.locator('[data-review-top]');
    await top.waitFor();
    expect(await top.textContent()).toMatch(/ — CNY [\d,]+ a year$/);
    await shot(page, 'review');

    // The Word mark-up comes as a download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Mark-up (Word)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('markup.docx');

    // A draft: the reader proposes 24 hours without a severity; the person says where and corrects it.
    await page
      .locator('input[type=file]')
      .nth(1)
      .setInputFiles({
        name: 'draft.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('4. Service levels. For critical cases ACME arrives on site within 24 hours.\n'),
      });
    await page.getByRole('button', { name: 'Read the draft' }).click();
    const field = page.getByRole('textbox', { name: 'Goes to: §4 24 hours' });
    await field.waitFor();
    expect(await field.inputValue()).toBe('service_levels.targets.*.onsite');
    await field.fill('service_levels.targets.critical.onsite');
    await page.getByRole('textbox', { name: 'Value: §4 24 hours' }).fill('PT12H');
    await page.getByRole('textbox', { name: 'Next version of' }).click();
    await page
      .getByRole('option', { name: /ACME CH-900 commercial warranty/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText(/^Version 2 checked: \d+ high findings\. Not stored\.$/).waitFor();
    expect(await page.locator('[data-draft-result] pre').textContent()).toContain('onsite: PT12H');
    await shot(page, 'draft');

    // Accepting FixIt's proposed next version imports it; the page says which findings it cures.
    await page
      .getByRole('button', { name: 'Accept: Authorized service partner agreement, FixIt Shanghai' })
      .click();
    const accepted = page.locator('[data-accepted]');
    await accepted.waitFor();
    expect(await accepted.textContent()).toMatch(/^Accepted as version 2: /);
    await page
      .getByRole('row')
      .filter({ hasText: 'FixIt Shanghai' })
      .getByText(/v2 \(2026-12-29\)/)
      .waitFor();
    await shot(page, 'accepted');
  });
});
