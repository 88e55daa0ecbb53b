import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * The unit page of CH9-2024-00031 after it reported through the gateway: the agent sees the
 * charts, the alarm with its meaning and a link to the knowledge base, the run hours and the case
 * the monitoring opened; its owner sees the same in the portal; another customer sees nothing.
 * The page asks for the last day by the browser's clock, so the readings are of the last hour.
 */
const SERIAL = 'CH9-2024-00031';
let server: DemoServer;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let base: string;

beforeAll(async () => {
  if (BROWSER_MISSING) return;
  server = await startDemoServer({ webRoot: WEB_ROOT });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const unit = (await agent.get(`/api/v1/units/by-serial/${SERIAL}`)).json();
  const device = (await agent.post(`/api/v1/units/${unit.id}/device-credentials`, {})).json();
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const normal = (minutes: number, pressure: number) => ({
    at: ago(minutes),
    values: {
      discharge_pressure: pressure,
      suction_pressure: 4.8,
      leaving_water_temp: 7,
      entering_water_temp: 12,
      compressor_current: 60,
      run_hours: 12_000,
    },
  });
  const posted = await server.app.inject({
    method: 'POST',
    url: '/api/v1/telemetry/readings',
    headers: {
      authorization: `Basic ${Buffer.from(`${device.username}:${device.password}`).toString('base64')}`,
    },
    payload: {
      units: [
        {
          serial: SERIAL,
          messages: [
            normal(40, 18.5),
            normal(30, 20.1),
            normal(20, 22),
            { at: ago(10), values: { discharge_pressure: 27.4 } },
            { at: ago(5), values: {}, alarms: ['E201'] },
          ],
        },
      ],
    },
  });
  expect(posted.json()).toMatchObject({ stored: 5 });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(email: string) {
  await browser!.context.clearCookies();
  await page.goto(`${base}/signin`);
  await page.locator('label', { hasText: 'English' }).click();
  await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
  await page.getByLabel('Password').first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe.skipIf(BROWSER_MISSING)('the health page of a monitored unit', () => {
  const shot = screenshotter('unit-health');

  it('shows the agent the charts, the alarm linked to the knowledge base, the run hours and the case opened', async () => {
    await signIn('agent@acme.example');
    await page.goto(`${base}/console/units/${SERIAL}`);
    await page.getByRole('heading', { name: `Health of ${SERIAL}` }).waitFor();
    // A chart per metric from the rollups, with its normal band.
    await page.getByText('Discharge pressure (bar)').waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    expect(await page.locator('.recharts-line').count()).toBeGreaterThan(0);
    // The live value out of its normal range, the run hours, maintenance.
    await page.getByText('27.4 bar').waitFor();
    await page.getByText(/Run hours 12,000/).waitFor();
    await page.getByText('every 2,000 run hours or 6 months').waitFor();
    // The alarm with its meaning, the code leading to the knowledge base for this model and fault.
    const alarm = page.getByRole('row').filter({ hasText: 'Chilled water flow switch open' });
    const link = alarm.getByRole('link', { name: 'Knowledge base and troubleshooting for E201' });
    expect(await link.textContent()).toBe('E201');
    expect(await link.getAttribute('href')).toBe('/console/knowledge?product=CH-900&fault=E201');
    // And the article the knowledge base has for E201 on the CH-900.
    const article = alarm.getByRole('link', {
      name: 'Article: CH-900 alarm E201: chilled water flow switch open',
    });
    expect(await article.getAttribute('href')).toBe('/console/kb/read/ch900-e201-flow-switch');
    // The case the pressure rule opened, reachable from the page.
    const opened = page.getByText(/fired once/).first();
    await opened.waitFor();
    await shot(page, 'console');
    await opened.getByRole('link').click();
    await page.waitForURL(/\/console\/cases\//);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('shows the owner its unit in the portal', async () => {
    await signIn('customer@ruijin.example');
    await page.getByRole('link', { name: SERIAL }).click();
    await page.waitForURL(`${base}/portal/units/${SERIAL}`);
    await page.getByRole('heading', { name: `Health of ${SERIAL}` }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await page.getByText(/Run hours 12,000/).waitFor();
    const link = page
      .getByRole('row')
      .filter({ hasText: 'Chilled water flow switch open' })
      .getByRole('link', { name: 'Knowledge base and troubleshooting for E201' });
    expect(await link.getAttribute('href')).toBe('/portal/knowledge?product=CH-900&fault=E201');
    const article = page
      .getByRole('row')
      .filter({ hasText: 'Chilled water flow switch open' })
      .getByRole('link', { name: 'Article: CH-900 alarm E201: chilled water flow switch open' });
    expect(await article.getAttribute('href')).toBe('/portal/kb/ch900-e201-flow-switch');
    await shot(page, 'portal');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('tells another customer it is not found, and shows nothing of the unit', async () => {
    await signIn('zhang.wei@example.com');
    await page.goto(`${base}/portal/units/${SERIAL}`);
    await page.getByRole('alert').getByText('Not found').first().waitFor();
    expect(await page.getByText('Chilled water flow switch open').count()).toBe(0);
    expect(await page.locator('.recharts-surface').count()).toBe(0);
    expect(await page.getByText(/Run hours/).count()).toBe(0);
    await shot(page, 'stranger');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });
});
