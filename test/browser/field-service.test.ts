import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * Field service in a real browser (issue 17): FixIt's dispatcher drags the CH-900 case onto the
 * certified technician on the dispatch board; the technician reads the day on a 390 px phone,
 * files the visit report while offline, and it is sent when the network returns.
 */
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let fixed: Date | null = null;
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });
let caseRef = '';
let startsAt = '';
let secondCase = '';
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT, now: () => fixed ?? new Date() });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(20_000);

  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const fixit = await Session.signIn(server.app, 'partner@fixit.example');
  await agent.post('/api/v1/sites', {
    customer: 'ruijin-hospital',
    name: 'Ruijin Hospital, main campus',
    addressZh: '上海市黄浦区瑞金二路197号',
    addressEn: '197 Ruijin Er Road, Huangpu District, Shanghai',
    district: 'Huangpu',
    territory: 'CN-SH',
    latitude: 31.2118,
    longitude: 121.4695,
    accessNotes: 'Plant room B2',
    contactName: 'Zhou Min',
    contactPhone: '+86 21 6437 0045',
    units: ['CH9-2025-00417'],
  });
  for (const [name, expiresOn, user] of [
    ['Wang Jun', '2027-12-31', 'technician@fixit.example'],
    ['Li Ming', '2026-01-31', undefined],
  ] as const)
    await fixit.post('/api/v1/technicians', {
      party: 'fixit-shanghai',
      name,
      ...(user ? { userEmail: user } : {}),
      phone: '+86 138 0000 0000',
      homeLatitude: 31.2304,
      homeLongitude: 121.4737,
      territories: ['CN-SH'],
      calendar: 'cn-business',
      skills: [{ product: 'CH-900', expiresOn }],
    });
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'high',
    serial: 'CH9-2025-00417',
    customer: 'ruijin-hospital',
    description: 'Chiller alarms E12.',
    channel: 'phone',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  const caseId = opened.json().id;
  caseRef = opened.json().reference;
  await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
  await fixit.post(`/api/v1/cases/${caseId}/partner-response`, { decision: 'accepted' });
  // A second request of the hospital, about the same chiller, whose visit the customer picks.
  const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
  const second = await ruijin.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'normal',
    serial: 'CH9-2025-00417',
    description: 'Please check the condenser fan noise.',
  });
  secondCase = second.json().id;
  await agent.post(`/api/v1/cases/${secondCase}/assignment`, { servicePartner: 'fixit-shanghai' });
  await fixit.post(`/api/v1/cases/${secondCase}/partner-response`, { decision: 'accepted' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(email: string) {
  await browser.context.clearCookies();
  await page.goto(`${base}/signin`);
  await page.locator('label', { hasText: 'English' }).click();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe.skipIf(BROWSER_MISSING)('field service pages', () => {
  it('the dispatcher assigns the case by dragging it onto the certified technician', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    await signIn('partner@fixit.example');
    await page.goto(`${base}/partner/dispatch`);
    await page.getByText('Week', { exact: true }).click();
    const card = page.locator(`[data-case="${caseRef}"]`);
    await card.waitFor();
    await card.getByRole('button', { name: 'Suggest' }).click();
    await poll(() => card.getByText('Suggested: Wang Jun').count()).toBe(1);
    await poll(() => card.getByText(/Certified for CH-900/).count()).toBe(1);
    await card.dragTo(page.locator('tr[data-technician="Wang Jun"]'));
    await poll(() => page.getByText(new RegExp(`${caseRef} booked with Wang Jun`)).count()).toBe(1);
    await poll(() => page.locator('tr[data-technician="Wang Jun"]').getByText(caseRef).count()).toBe(1);
    await poll(() => page.locator(`[data-case="${caseRef}"]`).count()).toBe(0);
    // Words, not keys.
    expect(await page.evaluate<string>('document.body.innerText')).not.toMatch(/\bfield\.[a-zA-Z]/);
    const booked = await server.db.deps.db
      .selectFrom('appointments')
      .select(['starts_at', 'chosen_by'])
      .where('tenant_id', '=', server.tenantId)
      .where('case_id', '<>', secondCase)
      .executeTakeFirstOrThrow();
    expect(booked.chosen_by).toBe('dispatcher');
    startsAt = booked.starts_at.toISOString();
  });

  it('the customer picks the visit time in the portal', async () => {
    await signIn('customer@ruijin.example');
    await page.goto(`${base}/portal/requests/${secondCase}`);
    const visit = page.getByRole('region', { name: 'Technician visit' });
    await visit.waitFor();
    await poll(() => visit.getByText(/Pick a time for Wang Jun/).count()).toBe(1);
    await visit.getByRole('button').first().click();
    await poll(() => page.getByText(/Booked for .* with Wang Jun\./).count()).toBe(1);
    const chosen = await server.db.deps.db
      .selectFrom('appointments')
      .select('chosen_by')
      .where('tenant_id', '=', server.tenantId)
      .where('case_id', '=', secondCase)
      .executeTakeFirstOrThrow();
    expect(chosen.chosen_by).toBe('customer');
  });

  it('the technician reads the day on a 390 px phone and files the report offline, sent when back online', async () => {
    expect(startsAt).not.toBe('');
    // The visit is over: the server's clock stands three hours after it began.
    fixed = new Date(Date.parse(startsAt) + 3 * 3600_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn('technician@fixit.example');
    await page.goto(`${base}/partner/day`);
    const date = new Date(Date.parse(startsAt) + 8 * 3600_000).toISOString().slice(0, 10);
    await page.getByLabel('Day', { exact: true }).fill(date);
    const stop = page.getByRole('region', { name: 'Stop 1' });
    await stop.waitFor();
    await poll(() => stop.getByText('197 Ruijin Er Road, Huangpu District, Shanghai').count()).toBe(1);
    await poll(() => stop.getByText('+86 21 6437 0045').count()).toBe(1);
    await poll(() => stop.getByText(/CMP-900.*likely failed part/).count()).toBe(1);
    expect(await page.evaluate<string>('document.body.innerText')).not.toMatch(/\bfield\.[a-zA-Z]/);
    const overflow = await page.evaluate<number>(
      '(document.getElementById("content")?.scrollWidth ?? 0) - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);

    await browser.context.setOffline(true);
    await stop.getByLabel('Work done').fill('Replaced the pressure switch; E12 cleared.');
    // The part brought is ticked as used, with the serial fitted; a photo from the camera.
    await stop.getByRole('checkbox', { name: /CMP-900/ }).check();
    await stop.getByLabel('Serial fitted').fill('CMP-2026-0042');
    await stop.locator('input[type="file"]').setInputFiles({
      name: 'switch.png',
      mimeType: 'image/png',
      buffer: Buffer.from(PNG, 'base64'),
    });
    await stop.getByLabel('Signed by').fill('Zhou Min');
    await stop.getByRole('button', { name: 'Type to sign' }).click();
    await stop.getByRole('button', { name: 'Save and send' }).click();
    await poll(() => page.getByText(/Saved on this phone: 1 report/).count()).toBe(1);
    await poll(() => page.getByText(/Offline: the report is kept on this phone/).count()).toBe(1);
    const before = await server.db.deps.db
      .selectFrom('visit_reports')
      .select('report_id')
      .where('tenant_id', '=', server.tenantId)
      .execute();
    expect(before).toHaveLength(0);

    await browser.context.setOffline(false);
    await poll(() => page.getByText('Report sent.').count()).toBe(1);
    await poll(() => stop.getByText('Done', { exact: true }).count()).toBe(1);
    const report = await server.db.deps.db
      .selectFrom('visit_reports')
      .select(['arrived_at', 'signed_by', 'parts_used', 'photos'])
      .where('tenant_id', '=', server.tenantId)
      .executeTakeFirstOrThrow();
    expect(report.parts_used).toEqual([{ partNumber: 'CMP-900', quantity: 1, serial: 'CMP-2026-0042' }]);
    expect(report.photos.map((p) => p.name)).toEqual(['switch.png']);
    // The arrival the phone recorded, not the time it was sent.
    expect(report.arrived_at.toISOString()).toBe(startsAt);
    expect(report.signed_by).toBe('Zhou Min');
  });
  it('the customer adds a site in the portal and changes it; bad input is named and changes nothing; counsel only reads', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    await signIn('customer@ruijin.example');
    await page.getByRole('link', { name: 'Sites', exact: true }).click();
    await page.getByRole('heading', { name: 'Sites', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Ruijin Hospital, main campus' }).first().waitFor();

    await page.getByRole('button', { name: 'Add a site' }).click();
    const form = page.getByRole('form', { name: 'Site' });
    await form.getByLabel('Site name').fill('Ruijin Hospital, north campus');
    await form.getByLabel('Address in Chinese').fill('上海市嘉定区希望路999号');
    await form.getByLabel('Address in English').fill('999 Xiwang Road, Jiading District, Shanghai');
    await form.getByLabel('District').fill('Jiading');
    await form.getByLabel('Province or territory').fill('CN-SH');
    await form.getByLabel('Latitude').fill('31.3752');
    await form.getByLabel('Longitude').fill('121.2655');
    await form.getByLabel('Contact name').fill('Chen Hua');
    await form.getByLabel('Contact phone').fill('+86 21 5555 0100');
    await form.getByLabel('Access notes').fill('Gate 3, ask for the facilities office');
    await form.getByLabel('Units at this site').click();
    await page.getByRole('option', { name: /CH9-2024-00031/ }).click();
    await form.getByRole('button', { name: 'Save site' }).click();
    await poll(() => page.getByText('Ruijin Hospital, north campus saved.').count()).toBe(1);
    const row = page.getByRole('row', { name: /north campus/ });
    await poll(() => row.getByText('CH9-2024-00031').count()).toBe(1);
    const site = await server.db.deps.db
      .selectFrom('sites')
      .innerJoin('units', (j) =>
        j.onRef('units.tenant_id', '=', 'sites.tenant_id').onRef('units.site_id', '=', 'sites.site_id'),
      )
      .select(['sites.site_id', 'sites.contact_phone', 'units.serial'])
      .where('sites.tenant_id', '=', server.tenantId)
      .where('sites.name', '=', 'Ruijin Hospital, north campus')
      .executeTakeFirstOrThrow();
    expect(site.serial).toBe('CH9-2024-00031');

    // A phone number that is not one: the field is named, nothing is changed.
    await row.getByRole('button', { name: 'Change Ruijin Hospital, north campus' }).click();
    await form.getByLabel('Contact phone').fill('call the office');
    await form.getByRole('button', { name: 'Save site' }).click();
    await poll(() =>
      form
        .getByRole('alert')
        .getByText(/contactPhone/)
        .count(),
    ).toBe(1);
    const unchanged = await server.db.deps.db
      .selectFrom('sites')
      .select('contact_phone')
      .where('site_id', '=', site.site_id)
      .executeTakeFirstOrThrow();
    expect(unchanged.contact_phone).toBe('+86 21 5555 0100');
    await form.getByLabel('Contact phone').fill('+86 21 5555 0199');
    await form.getByRole('button', { name: 'Save site' }).click();
    await poll(() => page.getByText('Ruijin Hospital, north campus saved.').count()).toBe(1);
    await poll(() =>
      page
        .getByRole('row', { name: /north campus/ })
        .getByText('+86 21 5555 0199')
        .count(),
    ).toBe(1);
    expect(await page.evaluate<string>('document.body.innerText')).not.toMatch(/\bsites\.[a-zA-Z]/);

    // The brand's counsel reads every customer's sites, with the customer named, and changes none.
    await signIn('counsel@acme.example');
    await page.goto(`${base}/console/sites`);
    const north = page.getByRole('row', { name: /north campus/ });
    await north.waitFor();
    await poll(() => north.getByText('Ruijin Hospital', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Add a site' }).count()).toBe(0);
    expect(await north.getByRole('button').count()).toBe(0);
  });
  it('FixIt’s admin renews a certificate and retires a technician; another partner sees none of them', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    await signIn('partner@fixit.example');
    await page.getByRole('link', { name: 'Technicians', exact: true }).click();
    const li = page.locator('tr[data-technician="Li Ming"]');
    await li.waitFor();
    await poll(() => li.getByText(/CH-900 · expired 2026-01-31/).count()).toBe(1);
    await li.getByRole('button', { name: 'Change Li Ming' }).click();
    const form = page.getByRole('form', { name: 'Technician' });
    await form.getByLabel('Valid until').fill('2028-01-31');
    await form.getByRole('button', { name: 'Add days off' }).click();
    await form.getByLabel(/^From/).fill('2026-12-24');
    await form.getByLabel('To (included)').fill('2026-12-26');
    await form.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('Li Ming saved.').count()).toBe(1);
    await poll(() => li.getByText(/CH-900 · valid to 2028-01-31/).count()).toBe(1);
    await poll(() => li.getByText('2026-12-24 – 2026-12-26').count()).toBe(1);
    const stored = await server.db.deps.db
      .selectFrom('technicians')
      .select(['skills', 'absences'])
      .where('tenant_id', '=', server.tenantId)
      .where('name', '=', 'Li Ming')
      .executeTakeFirstOrThrow();
    expect(stored.skills).toEqual([{ product: 'CH-900', part: null, expiresOn: '2028-01-31' }]);
    // Shanghai days: from the start of the 24th to the start of the 27th.
    expect(stored.absences).toEqual([{ from: '2026-12-23T16:00:00.000Z', to: '2026-12-26T16:00:00.000Z' }]);

    // A bad calendar is named, and changes nothing.
    await li.getByRole('button', { name: 'Change Li Ming' }).click();
    await form.getByLabel('Working calendar').fill('moon-calendar');
    await form.getByRole('button', { name: 'Save' }).click();
    await poll(() =>
      form
        .getByRole('alert')
        .getByText(/calendar/)
        .count(),
    ).toBeGreaterThan(0);
    await form.getByRole('button', { name: 'Cancel' }).click();

    await li.getByRole('button', { name: 'Retire Li Ming' }).click();
    await poll(() => page.getByText('Li Ming is retired: offered for no visit.').count()).toBe(1);
    await poll(() => li.getByText(/^Retired /).count()).toBe(1);
    expect(await page.evaluate<string>('document.body.innerText')).not.toMatch(/\btechnicians\.[a-zA-Z]/);

    // Pearl River's admin has no technicians of FixIt on its page.
    await signIn('partner@pearlriver.example');
    await page.goto(`${base}/partner/technicians`);
    await page.getByText('No technicians yet.').waitFor();
    expect(await page.locator('tr[data-technician]').count()).toBe(0);
  });

  it('an installation is opened and completed on a phone in Chinese; cover counts from its day', async () => {
    fixed = null;
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    await agent.post('/api/v1/units', {
      serial: 'CH9-2026-88888',
      product: 'CH-900',
      owner: 'ruijin-hospital',
      servicePartner: 'fixit-shanghai',
      territory: 'CN-SH',
      soldOn: '2026-10-01',
      deliveredOn: '2026-11-10',
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn('partner@fixit.example');
    await page.locator('label', { hasText: '中文' }).click();
    await page.goto(`${base}/partner/work-orders`);
    await page.getByRole('button', { name: '新建工单' }).click();
    const opening = page.getByRole('form', { name: '新建工单' });
    await opening.getByLabel('设备（序列号）').click();
    await page.getByRole('option', { name: /CH9-2026-88888/ }).click();
    await opening.getByRole('button', { name: '创建工单' }).click();
    const order = page.getByRole('region', { name: 'CH9-2026-88888 · 安装调试' });
    await order.waitFor();
    // Not every item ticked: refused by name, nothing completed.
    await order.getByRole('checkbox', { name: '机组水平并固定' }).check();
    await order.getByLabel('第 1 个值：测量结果').fill('7.1');
    await order.getByLabel('签字人（客户）').fill('周敏');
    await order.getByRole('button', { name: '输入姓名签名' }).click();
    await order.getByRole('button', { name: '完成', exact: true }).click();
    await poll(() => order.getByRole('alert').count()).toBe(1);
    for (const item of ['管路压力测试', '电源检查', '客户培训'])
      await order.getByRole('checkbox', { name: item }).check();
    await order.getByRole('button', { name: '完成', exact: true }).click();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await poll(() => page.getByText(`安装日期 ${today}：保修自该日起算。`).count()).toBe(1);
    await poll(() => page.getByText(/保养 §2.4：下次应于/).count()).toBe(1);
    const overflow = await page.evaluate<number>(
      '(document.getElementById("content")?.scrollWidth ?? 0) - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.evaluate<string>('document.body.innerText')).not.toMatch(/\bworkOrders\.[a-zA-Z]/);
    const unit = await server.db.deps.db
      .selectFrom('units')
      .select('installed_on')
      .where('tenant_id', '=', server.tenantId)
      .where('serial', '=', 'CH9-2026-88888')
      .executeTakeFirstOrThrow();
    expect(unit.installed_on).toBe(today);
    await page.locator('label', { hasText: 'English' }).click();
  });

  it('the brand’s dispatcher has the board in the console, every partner’s technicians on it', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    await signIn('agent@acme.example');
    await page.getByRole('button', { name: /Operations/ }).click();
    await page.getByRole('menuitem', { name: 'Dispatch' }).click();
    await page.getByRole('heading', { name: 'Dispatch board' }).waitFor();
    await poll(() => page.locator('tr[data-technician="Wang Jun"]').count()).toBe(1);
    // Retired: off the board.
    expect(await page.locator('tr[data-technician="Li Ming"]').count()).toBe(0);
  });
});
