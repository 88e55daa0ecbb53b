import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * Issue 19, the guide editor in the console: a manager opens the PA-300 filter guide's YAML,
 * breaks it and is shown each problem by line, column and field with nothing stored; mends it
 * and saves it as the next version through the ordinary import. An agent may not read the source.
 */
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
const shot = screenshotter('guide-editor');

beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  context = browser.context;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(email: string) {
  await context.clearCookies();
  await page.goto(`${base}/signin`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: /Sign out|退出/ }).waitFor();
}

describe.skipIf(BROWSER_MISSING)('the guide editor in the console', () => {
  it('shows problems by line and field, then saves a new version', async () => {
    await signIn('manager@acme.example');
    await page.goto(`${base}/console/kb`);
    await page.getByRole('link', { name: 'Troubleshooting guides' }).click();
    await page.getByRole('link', { name: 'Filter warning light on' }).click();
    const yaml = page.getByLabel('The guide (YAML)');
    await expect.poll(async () => yaml.inputValue()).toContain('key: pa300-filter');
    const original = await yaml.inputValue();

    // Broken: an answer leads to a node that does not exist, and the Chinese title is gone.
    const broken = original.replace('next: replace', 'next: nowhere').replace(/^ {2}zh: .*\n/m, '');
    await yaml.fill(broken);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const problems = page.getByRole('table', { name: 'Problems' });
    await problems.waitFor();
    const rows = await problems.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => /^\d+\t\d+\t.*title/.test(r))).toBe(true);
    expect(rows.some((r) => /^\d+\t\d+\tnodes\.changed\.answers\[0\]\.next/.test(r))).toBe(true);
    await shot(page, 'problems');
    // Saving the broken text stores nothing either.
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await problems.waitFor();
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    expect((await manager.get('/api/v1/troubleshooting/trees/pa300-filter')).json().version).toBe(1);

    // Mended, with a clearer title: saved as version 2, in force for new walks.
    await yaml.fill(original.replace('Filter warning light on', 'Filter warning light is on'));
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText('No problems: the guide can be saved.').waitFor();
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await shot(page, 'saved');
    const stored = (await manager.get('/api/v1/troubleshooting/trees/pa300-filter')).json();
    expect(stored.version).toBe(2);
    expect(stored.tree.title.en).toBe('Filter warning light is on');

    // The source is for those who import guides: an agent gets 403.
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect((await agent.get('/api/v1/troubleshooting/trees/pa300-filter/source')).statusCode).toBe(403);
    expect(
      (
        await agent.post('/api/v1/troubleshooting/trees/check', {
          files: [{ name: 'x.yaml', text: original }],
        })
      ).statusCode,
    ).toBe(403);
  }, 240_000);
});
