import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * Issue 19 (articles and search), in a real browser: a customer typing "压缩机 E12 报警" in the
 * request form is offered the E12 article and opens it; an agent on a case about it gets the
 * article suggested and inserts it into the reply.
 */
const E12 = 'ch900-e12-high-discharge-pressure';
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
const shot = screenshotter('knowledge');

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

describe.skipIf(BROWSER_MISSING)('knowledge base in the browser', () => {
  it('offers the E12 article while a customer types, and opens it', async () => {
    await signIn('customer@ruijin.example');
    await page.goto(`${base}/portal/requests/new`);
    await page.locator('form textarea').first().fill('压缩机 E12 报警');
    const suggestions = page.getByTestId('kb-suggestions');
    const link = suggestions.getByRole('link', { name: /E12/ }).first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/portal/kb/${E12}`);
    await shot(page, 'request-suggestions');
    const opened = context.waitForEvent('page');
    await link.click();
    const article = await opened;
    await article.getByRole('heading', { level: 1, name: /E12/ }).waitFor();
    expect(await article.getByTestId('article-body').innerText()).toMatch(/RESET/);
    expect(await article.getByRole('link', { name: /故障排查|troubleshooting/i }).getAttribute('href')).toBe(
      '/portal/troubleshoot/ch900-e12',
    );
    await shot(article, 'article');
    await article.close();
  }, 180_000);

  it('suggests the article on the agent’s case page and inserts it into the reply', async () => {
    const customer = await Session.signIn(server.app, 'customer@ruijin.example');
    const opened = await customer.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2025-00417',
      description: '冷水机显示 E12 报警，压缩机停机了。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;

    await signIn('agent@acme.example');
    await page.goto(`${base}/console/cases/${caseId}`);
    const box = page.getByTestId('case-kb-suggestions');
    await box.getByRole('link', { name: /E12/ }).first().waitFor();
    await box
      .getByRole('button', { name: /Insert into reply|插入到回复/ })
      .first()
      .click();
    await expect
      .poll(async () =>
        (
          await page
            .locator('textarea')
            .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))
        ).join('\n'),
      )
      .toContain(`/portal/kb/${E12}`);
    await shot(page, 'case-insert');
  }, 180_000);

  it('uploads an image in the article editor through the files API and shows it in the preview', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const created = await agent.post('/api/v1/kb/articles', {
      key: 'ch900-condenser-coil-cleaning',
      visibility: 'public',
      productModels: ['CH-900'],
      texts: {
        en: {
          title: 'Cleaning the condenser coil',
          summary: 'With the unit off.',
          body: 'Brush along the fins.',
        },
        zh: null,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    // A real 1×1 PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await signIn('agent@acme.example');
    await page.goto(`${base}/console/kb/${id}`);
    await page.getByText('Images and files').first().waitFor();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'coil.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const files = page.getByRole('table', { name: 'Images and files' });
    await files.getByRole('link', { name: 'coil.png' }).waitFor();
    await files.getByRole('button', { name: 'Insert into text' }).click();
    await expect
      .poll(async () => page.getByTestId('kb-preview').innerHTML())
      .toMatch(new RegExp(`<img[^>]+src="/api/v1/kb/articles/${id}/files/[0-9a-f]{64}"`));
    await shot(page, 'editor-upload');
    // The file is on the article through the API, recorded with its hash.
    const stored = (await agent.get(`/api/v1/kb/articles/${id}`)).json();
    expect(stored.files).toEqual([
      expect.objectContaining({ name: 'coil.png', mediaType: 'image/png', size: png.length }),
    ]);
    // A customer cannot add files to it.
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const refused = await zhang.post(`/api/v1/kb/articles/${id}/files`, {
      files: [{ name: 'x.png', mediaType: 'image/png', contentBase64: png.toString('base64') }],
    });
    expect([403, 404]).toContain(refused.statusCode);
  }, 180_000);
});
