import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * Disputes in a real browser (issue 16): ACME's agent does the Ningbo flow through the console's
 * forms — a support request with a photo, a notice of breach (Ningbo §15 names no cure period, so
 * the agent sets one), sent by courier with a waybill, a dispute matter, the recovery claim, a
 * stage move (arbitration refused with the API's reason, mediation taken), the settlement — once
 * in English on a desktop and once in Chinese on a 390 px phone. Then Ningbo's own user answers
 * the request with a file and answers the notice on its supplier page, and a second supplier is
 * told "Not found".
 */
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
vi.setConfig({ testTimeout: 90_000 });
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });
const shot = screenshotter('disputes');
const cases: { id: string; number: string }[] = [];
const requestIds: string[] = [];

// A 1×1 PNG: the photo of the seized compressor.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(20_000);

  const admin = await Session.signIn(server.app, 'admin@acme.example');
  expect(
    (
      await admin.post('/api/v1/parties', {
        key: 'suzhou-valves',
        name: 'Suzhou Valves',
        roles: ['supplier'],
      })
    ).statusCode,
  ).toBe(201);
  for (const [email, party] of [
    ['service@ningbo.example', 'ningbo-motor'],
    ['service@suzhou-valves.example', 'suzhou-valves'],
  ] as const) {
    const created = await admin.post('/api/v1/users', {
      email,
      name: party === 'ningbo-motor' ? 'Chen Lei' : 'Xu Fang',
      role: 'partner',
      party,
      password: DEMO_PASSWORD,
    });
    expect(created.statusCode, created.body).toBe(201);
  }
  // Two failed compressors, one per run, with the parts and labour ACME bore.
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  for (const serial of ['CH9-2024-00031', 'CH9-2025-00417']) {
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial,
      description: 'Compressor CMP-900 seized. 压缩机卡死。',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    cases.push({ id: opened.json().id, number: opened.json().number });
    for (const [kind, amount, ref] of [
      ['parts', '5200.00', '§2.3'],
      ['labor', '1080.00', '§6'],
    ] as const)
      await agent.post('/api/v1/cost-lines', {
        caseId: opened.json().id,
        kind,
        amount,
        currency: 'CNY',
        bearer: 'acme',
        ref,
        description: kind,
      });
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const TEXT = {
  en: {
    language: 'English',
    signIn: 'Sign in',
    signOut: 'Sign out',
    email: 'E-mail',
    password: 'Password',
    newRequest: 'New support request',
    supplier: 'Supplier',
    agreement: 'Agreement',
    case: 'Case (optional)',
    subject: 'Subject',
    body: 'Message',
    openRequest: 'Open the request',
    requestOpened: (n: string) => `Request ${n} opened.`,
    newNotice: 'Draw up a notice',
    to: 'To',
    cureDays: 'Cure period in days',
    requestsPicked: 'Support requests',
    cases: 'Cases',
    remedyEn: 'Remedy demanded (English)',
    remedyZh: 'Remedy demanded (Chinese)',
    amount: 'Amount claimed (optional)',
    drawUp: 'Draw up',
    noticeDrawn: (n: string) => `Notice ${n} drawn up.`,
    sendNotice: 'Send the notice',
    carrier: 'Carrier',
    waybill: 'Waybill number',
    sentState: 'Sent, cure period running',
    newMatter: 'Open a matter',
    matterTitle: 'Title',
    counterparty: 'Counterparty',
    noticesPicked: 'Notices',
    openMatter: 'Open the matter',
    matterOpened: (n: string) => `Matter ${n} opened.`,
    noForum: 'The agreement names no forum',
    open: 'Open',
    computeClaim: 'Compute the claim',
    claimed: 'Claimed: 6280.00 CNY',
    stage: 'Stage',
    arbitration: 'Arbitration',
    refused: /names no arbitration/,
    mediation: 'Mediation',
    offer: 'Offer (optional)',
    move: 'Move',
    moved: 'Stage: Mediation.',
    agreed: 'Agreed amount',
    signedOn: 'Signed on',
    terms: 'Terms of the settlement',
    settle: 'Record',
    settled: 'Settlement recorded and booked.',
    recovered: 'Recovered: 5000.00 CNY',
    files: 'Files (photos, reports; up to 10 MB each)',
    notFound: 'Not found',
  },
  zh: {
    language: '中文',
    signIn: '登录',
    signOut: '退出',
    email: '电子邮件',
    password: '密码',
    newRequest: '新建支持请求',
    supplier: '供应商',
    agreement: '协议',
    case: '服务单（可选）',
    subject: '主题',
    body: '内容',
    openRequest: '提交请求',
    requestOpened: (n: string) => `已创建请求 ${n}。`,
    newNotice: '起草通知',
    to: '收函方',
    cureDays: '补救期（天）',
    requestsPicked: '支持请求',
    cases: '服务单',
    remedyEn: '要求的补救（英文）',
    remedyZh: '要求的补救（中文）',
    amount: '索赔金额（可选）',
    drawUp: '起草',
    noticeDrawn: (n: string) => `已起草通知 ${n}。`,
    sendNotice: '发送通知',
    carrier: '快递公司',
    waybill: '运单号',
    sentState: '已送达，补救期进行中',
    newMatter: '立案',
    matterTitle: '标题',
    counterparty: '对方',
    noticesPicked: '通知',
    openMatter: '创建争议案件',
    matterOpened: (n: string) => `已创建争议案件 ${n}。`,
    noForum: '协议未约定争议解决机构',
    open: '展开',
    computeClaim: '计算索赔',
    claimed: '索赔金额：6280.00 CNY',
    stage: '阶段',
    arbitration: '仲裁',
    refused: /未约定仲裁/,
    mediation: '调解',
    offer: '报价（可选）',
    move: '变更',
    moved: '阶段：调解。',
    agreed: '约定金额',
    signedOn: '签署日期',
    terms: '和解条款',
    settle: '记录',
    settled: '已记录并入账和解。',
    recovered: '已追回：5000.00 CNY',
    files: '附件（照片、报告；每个不超过 10 MB）',
    notFound: '未找到',
  },
} as const;

async function signIn(email: string, lang: 'en' | 'zh') {
  const text = TEXT[lang];
  await browser.context.clearCookies();
  await page.goto(`${base}/signin`);
  await page.locator('label', { hasText: text.language }).click();
  await page.getByLabel(text.email).fill(email);
  await page.getByLabel(text.password).first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: text.signIn, exact: true }).click();
  await page.getByRole('button', { name: text.signOut }).waitFor();
}

/** A Mantine select inside a form: open it by its label and pick the option. */
async function choose(form: ReturnType<Page['getByRole']>, label: string, option: string | RegExp) {
  await form.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}
/** A Mantine multi-select: pick each option, then close its list. */
async function chooseMany(form: ReturnType<Page['getByRole']>, label: string, options: (string | RegExp)[]) {
  for (const o of options) {
    // The pills box lies over its input: the click lands on the box, which opens the list.
    await form.getByRole('textbox', { name: label, exact: true }).click({ force: true });
    await page.getByRole('option', { name: o }).first().click();
  }
  await page.keyboard.press('Escape');
}

/** Nothing of the page is wider than the screen: no sideways scrolling on a phone. */
async function fitsWidth(): Promise<number> {
  return page.evaluate<number>('(document.getElementById("content")?.scrollWidth ?? 0) - window.innerWidth');
}

const RUNS = [
  { lang: 'en', width: 1360, n: 1, label: 'English on a desktop' },
  { lang: 'zh', width: 390, n: 2, label: 'Chinese on a 390 px phone' },
] as const;

for (const run of RUNS) {
  describe.skipIf(BROWSER_MISSING)(`the Ningbo flow through the console's forms, in ${run.label}`, () => {
    const text = TEXT[run.lang];
    const sr = `SR-00000${run.n}`;
    const nn = `N-00000${run.n}`;
    const dm = `DM-00000${run.n}`;
    const theCase = () => cases[run.n - 1]!;

    it('a support request to Ningbo with a photo: the response clock runs', async () => {
      await page.setViewportSize({ width: run.width, height: run.width < 500 ? 844 : 900 });
      await signIn('agent@acme.example', run.lang);
      await page.goto(`${base}/console/disputes`);
      await page.getByRole('button', { name: text.newRequest }).click();
      const form = page.getByRole('form', { name: text.newRequest });
      await choose(form, text.supplier, run.lang === 'zh' ? '宁波电机厂' : 'Ningbo Motor Works');
      await choose(form, text.agreement, 'Supply and quality agreement, Ningbo Motor Works');
      await choose(form, text.case, new RegExp(theCase().number));
      await form.getByLabel(text.subject).fill(`CMP-900 compressor seized (${run.lang})`);
      await form.getByLabel(text.body).fill('Please send your failure analysis. 请提供失效分析。');
      await form
        .locator('input[type=file]')
        .setInputFiles({ name: 'seized.png', mimeType: 'image/png', buffer: PHOTO });
      await form.getByRole('button', { name: text.openRequest }).click();
      await poll(() => page.getByText(text.requestOpened(sr)).count()).toBe(1);
      const card = page.getByTestId('row-card').filter({ hasText: sr });
      await card.getByRole('button', { name: text.open, exact: true }).click();
      // The photo as a thumbnail, the response clock with its due time.
      await poll(() => card.getByTestId('request-file').locator('img').count()).toBe(1);
      await poll(() =>
        card.getByText(run.lang === 'zh' ? /响应计时：计时中/ : /Response clock: running/).count(),
      ).toBe(1);
      const list = (
        await (await Session.signIn(server.app, 'agent@acme.example')).get('/api/v1/supplier-requests')
      ).json();
      requestIds.push(list.items.find((r: { number: string }) => r.number === sr).id);
      if (run.width < 500) expect(await fitsWidth()).toBeLessThanOrEqual(0);
      await shot(page, `${run.lang}-request`);
    });

    it('a notice of breach: the agreement names no cure period, so the agent sets one; the letter shows the photo’s hash', async () => {
      await page.getByRole('button', { name: text.newNotice }).click();
      const form = page.getByRole('form', { name: text.newNotice });
      await choose(form, text.to, run.lang === 'zh' ? '宁波电机厂' : 'Ningbo Motor Works');
      await choose(form, text.agreement, 'Supply and quality agreement, Ningbo Motor Works');
      // Ningbo §15 names no cure period: the field appears.
      await form.getByLabel(text.cureDays).fill('15');
      await chooseMany(form, text.requestsPicked, [new RegExp(sr)]);
      await chooseMany(form, text.cases, [new RegExp(theCase().number)]);
      await form.getByLabel(text.remedyEn).fill('Refund the compressor and the labour to replace it.');
      await form.getByLabel(text.remedyZh).fill('退还压缩机货款及更换人工费用。');
      await form.getByLabel(text.amount).fill('6280.00');
      await form.getByRole('button', { name: text.drawUp }).click();
      await poll(() => page.getByText(text.noticeDrawn(nn)).count()).toBe(1);
      const card = page.getByTestId('row-card').filter({ hasText: nn });
      const href = await card
        .getByRole('link', { name: run.lang === 'zh' ? '函件（HTML）' : 'Letter (HTML)' })
        .getAttribute('href');
      const letter = await page.context().request.get(`${base}${href}`);
      expect(letter.status()).toBe(200);
      const html = await letter.text();
      expect(html).toContain(`Notice of breach ${nn}`);
      expect(html).toContain(`违约通知书 ${nn}`);
      expect(html).toMatch(/File &quot;seized\.png&quot; \(request SR-00000\d, \d+ bytes\) — [0-9a-f]{64}/);
    });

    it('sent by courier with the waybill: the cure period runs', async () => {
      const card = page.getByTestId('row-card').filter({ hasText: nn });
      const form = card.getByRole('form', { name: text.sendNotice });
      await form.getByLabel(text.carrier).fill('SF Express');
      await form.getByLabel(text.waybill).fill(`SF12345678${run.n}`);
      await form.getByRole('button', { name: text.sendNotice }).click();
      await poll(() =>
        page.getByTestId('row-card').filter({ hasText: nn }).getByText(text.sentState).count(),
      ).toBe(1);
      await poll(() =>
        page
          .getByTestId('row-card')
          .filter({ hasText: nn })
          .getByText(new RegExp(`SF12345678${run.n}`))
          .count(),
      ).toBe(1);
      await shot(page, `${run.lang}-notice-sent`);
    });

    it('a matter: the no-forum finding, the claim from the ledger, arbitration refused with the reason, mediation, the settlement', async () => {
      await page.getByRole('button', { name: text.newMatter }).click();
      const form = page.getByRole('form', { name: text.newMatter });
      await form.getByLabel(text.matterTitle).fill(`CMP-900 compressor failure (${run.lang})`);
      await choose(form, text.counterparty, run.lang === 'zh' ? '宁波电机厂' : 'Ningbo Motor Works');
      await choose(form, text.agreement, 'Supply and quality agreement, Ningbo Motor Works');
      await chooseMany(form, text.requestsPicked, [new RegExp(sr)]);
      await chooseMany(form, text.noticesPicked, [new RegExp(nn)]);
      await chooseMany(form, text.cases, [new RegExp(theCase().number)]);
      await form.getByRole('button', { name: text.openMatter }).click();
      await poll(() => page.getByText(text.matterOpened(dm)).count()).toBe(1);
      const card = () => page.getByTestId('row-card').filter({ hasText: dm });
      await poll(() => card().getByText(new RegExp(text.noForum)).count()).toBe(1);
      await card().getByRole('button', { name: text.open, exact: true }).click();
      await card().getByRole('button', { name: text.computeClaim }).click();
      await poll(() => card().getByText(text.claimed).count()).toBe(1);

      const stageForm = () =>
        card().getByRole('form', { name: run.lang === 'zh' ? '变更阶段' : 'Move the stage' });
      await choose(stageForm(), text.stage, text.arbitration);
      await stageForm().getByRole('button', { name: text.move }).click();
      await poll(() => stageForm().getByRole('alert').getByText(text.refused).count()).toBe(1);
      await choose(stageForm(), text.stage, text.mediation);
      await stageForm().getByLabel(text.offer).fill('4000.00');
      await stageForm().getByRole('button', { name: text.move }).click();
      await poll(() => card().getByText(text.moved).count()).toBe(1);

      const settle = card().getByRole('form', {
        name: run.lang === 'zh' ? '记录和解' : 'Record the settlement',
      });
      await settle.getByLabel(text.agreed).fill('5000.00');
      await settle.getByLabel(text.signedOn).fill(new Date().toISOString().slice(0, 10));
      await settle.getByLabel(text.terms).fill('Ningbo credits 5,000.00 against the next invoice.');
      await settle.getByRole('button', { name: text.settle }).click();
      await poll(() => card().getByText(text.recovered).count()).toBe(1);
      // Words, not keys.
      const body = await page.evaluate<string>('document.body.innerText');
      expect(body).not.toMatch(/\bdisputes\.[a-zA-Z]/);
      expect(body).not.toMatch(/\b(awaiting_supplier|recorded_delivery|cure_expired|no_forum)\b/);
      if (run.width < 500) expect(await fitsWidth()).toBeLessThanOrEqual(0);
      await shot(page, `${run.lang}-matter-settled`);
    });
  });
}

describe.skipIf(BROWSER_MISSING)('the supplier’s own page', () => {
  it('Ningbo’s user answers the request with a file and answers the notice; no matter shows', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn('service@ningbo.example', 'en');
    // The header offers the page: the buyer addressed requests to this party.
    await page.getByRole('link', { name: 'Support requests' }).click();
    await page.waitForURL(/\/partner\/supplier-requests$/);
    // The request's card (the notice's card quotes the request's number in its facts).
    const card = page.getByTestId('row-card').filter({ hasText: 'SR-000001 · ' });
    await card.getByRole('button', { name: 'Open', exact: true }).click();
    await poll(() => card.getByText(/Response clock: running/).count()).toBe(1);
    await poll(() => card.getByTestId('request-file').count()).toBe(1);
    await card
      .getByRole('textbox', { name: 'Answer', exact: true })
      .fill('Failure analysis attached. 附失效分析。');
    await card.locator('input[type=file]').setInputFiles({
      name: 'analysis.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% analysis\n%%EOF\n'),
    });
    await card.getByRole('button', { name: 'Send' }).click();
    await poll(() => card.getByText('Message sent.').count()).toBe(1);
    await poll(() => card.getByText(/Response clock: stopped/).count()).toBe(1);
    await poll(() => card.getByText(/answered in time/).count()).toBe(1);
    await poll(() => card.getByRole('link', { name: /analysis\.pdf/ }).count()).toBe(1);

    const notice = page.getByTestId('row-card').filter({ hasText: 'N-000001' });
    await notice.getByLabel('Answer the notice').fill('We will send the analysis and credit the amount.');
    await notice.getByRole('button', { name: 'Record the answer' }).click();
    await poll(() => notice.getByText(/Answered .*We will send the analysis/).count()).toBe(1);
    const body = await page.evaluate<string>('document.body.innerText');
    expect(body).not.toContain('DM-00000');
    expect(await fitsWidth()).toBeLessThanOrEqual(0);
    await shot(page, 'supplier-answered');

    // ACME sees the answer and the supplier's file on the request.
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const seen = (await agent.get(`/api/v1/supplier-requests/${requestIds[0]}`)).json();
    expect(seen.messages.at(-1).files[0]).toMatchObject({
      name: 'analysis.pdf',
      mediaType: 'application/pdf',
    });
  });

  it('a second supplier has no link, an empty page, and "Not found" for Ningbo’s request', async () => {
    await signIn('service@suzhou-valves.example', 'en');
    expect(await page.getByRole('link', { name: 'Support requests' }).count()).toBe(0);
    await page.goto(`${base}/partner/supplier-requests`);
    await poll(() => page.getByText('No supplier requests.').count()).toBe(1);
    await poll(() => page.getByText('No notices.').count()).toBe(1);
    await page.goto(`${base}/partner/supplier-requests/${requestIds[0]}`);
    await poll(() => page.getByRole('alert').getByText(TEXT.en.notFound).count()).toBe(1);
    expect(await page.evaluate<string>('document.body.innerText')).not.toContain('CMP-900');
  });
});
