import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, Session, startDemoServer } from '../support/http.ts';

/**
 * The must-show flow in a real browser (Debian's Chromium), once in English and once in Chinese:
 * a customer checks a warranty, opens a request and sees the promise; an agent finds it at the
 * top of the queue with a countdown, replies and assigns FixIt Shanghai; the partner accepts and
 * files a visit report; the customer sees the reply. Then a second partner and a second customer
 * try the first ones' pages.
 */
let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
const opened: Record<string, string> = {};
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });

beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  context = browser.context;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  // Start the renderer (not the page): the measured first page then pays for the page alone, with an empty cache.
  await page.goto(`${base}/healthz`);
}, 120_000);

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
    warranty: 'Warranty check',
    serial: 'Serial number',
    check: 'Check',
    compressor: /Compressor:\s*covered through \d{1,2} \w+ \d{4} \(§2\.3\)/,
    newRequest: 'New request',
    product: 'Product',
    urgency: 'How urgent is it?',
    critical: 'Critical: danger or total stop',
    description: 'What happened?',
    send: 'Send',
    promise: /We will answer by \w{3} \d{2}:\d{2}/,
    reply: 'Your message',
    replyText: 'A technician from FixIt Shanghai will call you today.',
    partner: 'Service partner',
    commitment: 'Partner commitment',
    assign: 'Assign',
    accept: 'Accept the case',
    accepted: /Accepted/,
    workDone: 'Work done',
    signer: 'Signed by (customer’s name)',
    fileReport: 'File the report',
    filed: 'The visit report is filed and on record.',
    notFound: 'Not found',
    pastRequests: 'Resolved and closed',
  },
  zh: {
    language: '中文',
    signIn: '登录',
    signOut: '退出',
    email: '电子邮件',
    password: '密码',
    warranty: '保修查询',
    serial: '序列号',
    check: '查询',
    compressor: /压缩机：保修至 \d{4}年\d{1,2}月\d{1,2}日（含当日） \(§2\.3\)/,
    newRequest: '新服务请求',
    product: '产品',
    urgency: '紧急程度',
    critical: '紧急：有危险或完全停机',
    description: '发生了什么？',
    send: '发送',
    promise: /我们将在 周.\s?\d{2}:\d{2} 前答复您/,
    reply: '您的消息',
    replyText: 'FixIt 上海的技术人员今天会联系您。',
    partner: '服务伙伴',
    commitment: '服务伙伴的承诺',
    assign: '指派',
    accept: '接受服务单',
    accepted: /已于/,
    workDone: '完成的工作',
    signer: '签字人（客户姓名）',
    fileReport: '提交报告',
    filed: '上门服务报告已提交并存证。',
    notFound: '未找到',
    pastRequests: '已解决和已关闭',
  },
} as const;

async function signIn(email: string, text: (typeof TEXT)['en' | 'zh']) {
  await page.goto(`${base}/signin`);
  await page.getByLabel(text.email).fill(email);
  await page.getByLabel(text.password).first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: text.signIn, exact: true }).click();
  await page.getByRole('button', { name: text.signOut }).waitFor();
}

async function signOut(text: (typeof TEXT)['en' | 'zh']) {
  await page.getByRole('button', { name: text.signOut }).click();
  await page.getByRole('button', { name: text.signIn, exact: true }).waitFor();
}

// A 1×1 PNG: the photo the customer attaches when opening the request.
const NAMEPLATE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The case's files show the photo as a thumbnail that actually loaded (the file route served it). */
async function shownPhoto(name: string) {
  const thumbnail = page.getByTestId('case-file').filter({ hasText: name }).locator('img');
  await thumbnail.waitFor();
  await poll(() =>
    thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBe(1);
}

/** A Mantine select: open it by its label and pick the option. */
async function choose(label: string, option: string | RegExp) {
  await page.getByRole('textbox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
}

for (const lang of ['en', 'zh'] as const) {
  describe.skipIf(BROWSER_MISSING)(`the service flow in ${lang === 'en' ? 'English' : 'Chinese'}`, () => {
    const text = TEXT[lang];
    const shot = screenshotter(lang);

    it('loads the first page of the portal in under a second', async () => {
      // Each load with an empty cache (the browser's cache cleared), the median of three counted.
      const cdp = await context.newCDPSession(page);
      const runs: { shown: number; load: number }[] = [];
      for (let i = 0; i < 3; i++) {
        await cdp.send('Network.clearBrowserCache');
        const started = Date.now();
        await page.goto(`${base}/`);
        await page.getByRole('button', { name: /^(Sign in|登录)$/ }).waitFor();
        const shown = Date.now() - started;
        // Runs in the page (DOM types are not in the tests' compiler options).
        const load = await page.evaluate<number>(
          'Math.round(performance.getEntriesByType("navigation")[0].loadEventEnd)',
        );
        runs.push({ shown, load });
      }
      await cdp.detach();
      const median = [...runs].sort((a, b) => a.shown - b.shown)[1]!;
      console.log(
        `first page of the portal (${lang}, empty cache, median of 3): sign-in form shown after ${median.shown} ms, load event at ${median.load} ms; runs ${runs.map((r) => r.shown).join(', ')} ms`,
      );
      await page.locator('label', { hasText: text.language }).click();
      await shot(page, 'sign-in');
      expect(median.shown).toBeLessThan(1000);
    });

    it('lets the customer check the warranty and open a request, and shows the promise', async () => {
      await signIn('customer@ruijin.example', text);
      await page.getByRole('link', { name: text.warranty, exact: true }).click();
      await page.getByLabel(text.serial).fill('CH9-2025-00417');
      await page.getByRole('button', { name: text.check, exact: true }).click();
      await poll(() => page.getByTestId('warranty-result').textContent()).toMatch(text.compressor);
      await shot(page, 'warranty');

      await page.getByRole('link', { name: text.newRequest }).first().click();
      await choose(text.product, /CH9-2025-00417/);
      // Critical: the customer-facing response target (2 h) is the tightest, so the new case leads the queue.
      await choose(text.urgency, text.critical);
      await page.getByLabel(text.description).fill(`Compressor trips on start, alarm E12 (${lang}).`);
      await page.getByTestId('help-suggestions').first().waitFor();
      // A photo of the nameplate goes with the request: the agent must see it on the case page.
      await page
        .locator('input[type=file]')
        .first()
        .setInputFiles({ name: `nameplate-${lang}.png`, mimeType: 'image/png', buffer: NAMEPLATE });
      await shot(page, 'request-form');
      await page.getByRole('button', { name: text.send, exact: true }).click();
      await poll(() => page.getByTestId('promise').textContent()).toMatch(text.promise);
      await shownPhoto(`nameplate-${lang}.png`);
      opened[lang] = page.url().split('/').pop()!.split('?')[0]!;
      await shot(page, 'promise');
      await signOut(text);
    });

    it('puts it at the top of the agent’s queue with a countdown; the agent replies and assigns FixIt Shanghai', async () => {
      await signIn('agent@acme.example', text);
      await page.goto(`${base}/console`);
      const first = page.getByTestId('queue-row').first();
      await expect
        .poll(() => first.getByRole('link').getAttribute('href'))
        .toBe(`/console/cases/${opened[lang]}`);
      await first.getByTestId('countdown').first().waitFor();
      await shot(page, 'queue');
      await first.getByRole('link').click();
      await shownPhoto(`nameplate-${lang}.png`);
      await page.getByLabel(text.reply).fill(text.replyText);
      await page.getByRole('button', { name: text.send, exact: true }).click();
      await page.getByTestId('message').filter({ hasText: text.replyText }).first().waitFor();
      await choose(text.partner, /FixIt Shanghai/);
      await page.getByRole('button', { name: text.assign, exact: true }).click();
      await page.getByText(`${text.commitment} · FixIt Shanghai`).first().waitFor();
      await shot(page, 'case');
      if (lang === 'en') {
        // Escalate by hand, then resolve it on the board in the dialog (focus in it; Escape first closes it unsent).
        const why = 'The customer calls the hospital board.';
        const escalate = page.getByRole('form', { name: 'Escalate' });
        await escalate.getByLabel('Reason').fill(why);
        await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/escalations') && r.request().method() === 'POST'),
          escalate.getByRole('button', { name: 'Escalate' }).click(),
        ]);
        await page.getByRole('link', { name: 'Escalations' }).click();
        const row = page.getByRole('row').filter({ hasText: why });
        await row.getByRole('button', { name: 'Resolve' }).click();
        const dialog = page.getByRole('dialog', { name: /Resolve the escalation of C-/ });
        const resolution = dialog.getByLabel(/How was it resolved/);
        await poll(() => page.evaluate<string>('document.activeElement?.tagName ?? ""')).toBe('TEXTAREA');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        await row.getByRole('button', { name: 'Resolve' }).click();
        await resolution.fill('Called back; a technician is on site today.');
        await shot(page, 'resolve-dialog');
        await dialog.getByRole('button', { name: 'Mark resolved' }).click();
        await dialog.waitFor({ state: 'hidden' });
        // The board lists what is still to do: the resolved escalation leaves it.
        await poll(() => row.count()).toBe(0);
        // The console's other pages render with their data (charts, the risk summary, a month of the calendar).
        await page.getByRole('link', { name: 'Dashboard' }).click();
        await page.getByRole('heading', { name: 'SLA attainment by week (promises)' }).waitFor();
        await page.locator('.recharts-surface').first().waitFor();
        await shot(page, 'dashboard');
        await page.getByRole('link', { name: 'Terms', exact: true }).click();
        await page.getByRole('heading', { name: 'Service risk summary' }).waitFor();
        // Findings are named for people, not by their codes.
        await page.getByText('Service partner slower than the customer promise').first().waitFor();
        await shot(page, 'terms');
        await page.getByRole('link', { name: 'Calendars' }).click();
        await page.getByRole('listitem').first().waitFor();
        await shot(page, 'calendar');
      }
      await signOut(text);
    });

    it('lets the partner accept and file a visit report signed on screen', async () => {
      await signIn('partner@fixit.example', text);
      await page
        .getByRole('link', { name: /C-\d+|R-[0-9A-F]{4}-/ })
        .first()
        .waitFor();
      await page.goto(`${base}/partner/cases/${opened[lang]}`);
      await page.getByRole('button', { name: text.accept }).click();
      await poll(() => page.getByTestId('accepted').textContent()).toMatch(text.accepted);
      await page
        .getByLabel(text.workDone)
        .fill('Reset the compressor overload relay; replaced the contactor.');
      await page.getByLabel(text.signer).fill('Dr. Li Fang');
      const pad = await page.getByTestId('signature-pad').boundingBox();
      await page.mouse.move(pad!.x + 30, pad!.y + 100);
      await page.mouse.down();
      const strokes: [number, number][] = [
        [80, 40],
        [140, 110],
        [220, 50],
        [300, 120],
      ];
      for (const [dx, dy] of strokes) await page.mouse.move(pad!.x + dx, pad!.y + dy, { steps: 4 });
      await page.mouse.up();
      await shot(page, 'visit-report');
      await page.getByRole('button', { name: text.fileReport }).click();
      await poll(() => page.getByTestId('visit-filed').textContent()).toMatch(text.filed);
      await shot(page, 'visit-filed');
      await signOut(text);
    });

    it('shows the customer the reply and the visit', async () => {
      await signIn('customer@ruijin.example', text);
      await page.goto(`${base}/portal/requests/${opened[lang]}`);
      await page.getByTestId('message').filter({ hasText: text.replyText }).first().waitFor();
      await page.getByText('Reset the compressor overload relay').first().waitFor();
      await shot(page, 'customer-sees-reply');
      // Resolved by the agent (over the API), the request moves to the customer's past requests.
      const agent = await Session.signIn(server.app, 'agent@acme.example');
      expect(
        (await agent.post(`/api/v1/cases/${opened[lang]}/state`, { state: 'resolved' })).statusCode,
      ).toBe(200);
      await page.goto(`${base}/portal`);
      await page.getByRole('heading', { name: text.pastRequests }).waitFor();
      await page.locator(`a[href="/portal/requests/${opened[lang]}"]`).waitFor();
      await shot(page, 'past-requests');
      await signOut(text);
    });
  });
}

describe.skipIf(BROWSER_MISSING)('no page shows another party’s data', () => {
  const text = TEXT.en;
  const shot = screenshotter('scope');

  it('shows a second partner and a second customer nothing of the first ones’ cases', async () => {
    await page.goto(`${base}/signin`);
    await page.locator('label', { hasText: 'English' }).click();
    await signIn('partner@pearlriver.example', text);
    await page.goto(`${base}/partner/cases/${opened.en}`);
    await poll(() => page.getByRole('alert').first().textContent()).toContain(text.notFound);
    expect(await page.getByText('Compressor trips on start').count()).toBe(0);
    await shot(page, 'second-partner');
    await page.goto(`${base}/partner`);
    await page.getByText('No cases assigned to you.').waitFor();
    expect(await page.getByRole('link', { name: /C-\d+|R-[0-9A-F]{4}-/ }).count()).toBe(0);
    await signOut(text);

    await signIn('zhang.wei@example.com', text);
    await page.goto(`${base}/portal/requests/${opened.en}`);
    await poll(() => page.getByRole('alert').first().textContent()).toContain(text.notFound);
    expect(await page.getByText('Compressor trips on start').count()).toBe(0);
    await shot(page, 'second-customer');
    await page.goto(`${base}/portal/warranty?serial=CH9-2025-00417`);
    await poll(() => page.getByRole('alert').first().textContent()).toContain(text.notFound);
    // A customer's URL in the console's area leads back to the portal, not to the console's data.
    await page.goto(`${base}/console/cases/${opened.en}`);
    await page.waitForURL(`${base}/portal`);
    await signOut(text);
  });
});

describe.skipIf(BROWSER_MISSING)('nobody meets a refusal from a normal click', () => {
  const text = TEXT.en;
  const shot = screenshotter('roles');

  /** Every API reply the page got that said 403, while `walk` ran. */
  async function refusedDuring(walk: () => Promise<void>): Promise<string[]> {
    const refused: string[] = [];
    const listen = (r: { status(): number; url(): string }) => {
      if (r.status() === 403) refused.push(r.url());
    };
    page.on('response', listen);
    try {
      await walk();
    } finally {
      page.off('response', listen);
    }
    return refused;
  }

  const navLinks = async () =>
    (await page.getByRole('navigation').getByRole('link').allTextContents()).map((s) => s.trim());

  it('shows counsel the console’s pages but no action it may not take', async () => {
    await signIn('counsel@acme.example', text);
    const refused = await refusedDuring(async () => {
      expect(await navLinks()).toEqual([
        'Queue',
        'Escalations',
        'Dashboard',
        'Terms',
        'Calendars',
        'Knowledge base',
        'Disputes',
        'Sites',
      ]);
      await page.goto(`${base}/console/cases/${opened.en}`);
      await page.getByText('Compressor trips on start').first().waitFor();
      await page.getByRole('link', { name: 'Download dossier' }).waitFor();
      for (const name of ['Send', 'Assign', 'Escalate', 'Acknowledge', 'Resolve'])
        expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
      expect(await page.getByLabel(text.reply).count()).toBe(0);
      await shot(page, 'counsel-case');
      await page.getByRole('link', { name: 'Escalations' }).click();
      await page.getByRole('heading', { name: 'Escalation board' }).waitFor();
      expect(await page.getByRole('button', { name: /Acknowledge|Resolve/ }).count()).toBe(0);
    });
    expect(refused).toEqual([]);
    await signOut(text);
  });

  it('shows the distributor’s agent only the queue and its cases, and no staff page', async () => {
    await signIn('agent@huadong.example', text);
    const refused = await refusedDuring(async () => {
      await page.goto(`${base}/console`);
      await page.getByRole('heading', { name: 'Queue' }).first().waitFor();
      expect(await navLinks()).toEqual(['Queue']);
      // A staff page's address leads back to the queue rather than to a refusal.
      await page.goto(`${base}/console/dashboard`);
      await page.waitForURL(`${base}/console`);
      await shot(page, 'distributor-queue');
    });
    expect(refused).toEqual([]);
    await signOut(text);
  });
});

describe.skipIf(BROWSER_MISSING)('a return inside its window', () => {
  const text = TEXT.en;
  const shot = screenshotter('return');

  it('lets the demo consumer return the purifier he bought days ago, and shows the answer', async () => {
    await signIn('zhang.wei@example.com', text);
    await page.getByRole('link', { name: text.newRequest }).first().click();
    await choose(text.product, /PA5-NEW-000001/);
    await page.getByLabel(text.description).fill('Too loud at night; I want to send it back.');
    await page.getByRole('button', { name: text.send, exact: true }).click();
    await poll(() => page.getByTestId('promise').textContent()).toMatch(text.promise);
    await page.getByText(/Return without a reason until \d{1,2} \w+ \d{4}/).waitFor();
    await page.getByLabel('I have the original packaging').check();
    await page.getByLabel('I have the proof of purchase').check();
    await page.getByRole('button', { name: 'Return it (no reason needed)' }).click();
    await poll(() => page.getByTestId('return').textContent()).toMatch(
      /R-\d+ · Requested.*no-reason return window.*§6/s,
    );
    await shot(page, 'requested');
    await signOut(text);
  });
});

describe.skipIf(BROWSER_MISSING)('signing up', () => {
  const shot = screenshotter('signup');

  it('lets a new customer create an account in Chinese and land in an empty portal', async () => {
    await page.goto(`${base}/signin`);
    await page.locator('label', { hasText: '中文' }).click();
    await page.getByRole('link', { name: '注册账号' }).click();
    await page.getByLabel('您的姓名').fill('王芳');
    await page.getByLabel(TEXT.zh.email).fill('wang.fang@example.com');
    await page.getByLabel(TEXT.zh.password).first().fill('a-long-enough-password');
    await shot(page, 'form');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.getByRole('heading', { name: /王芳/ }).waitFor();
    await page.getByText('尚未登记产品。').waitFor();
    await page.getByText('没有进行中的服务请求。').waitFor();
    await shot(page, 'portal');
    await page.getByRole('button', { name: TEXT.zh.signOut }).click();
    // The new account signs in again with its password.
    await page.getByLabel(TEXT.zh.email).fill('wang.fang@example.com');
    await page.getByLabel(TEXT.zh.password).first().fill('a-long-enough-password');
    await page.getByRole('button', { name: TEXT.zh.signIn, exact: true }).click();
    await page.getByRole('heading', { name: /王芳/ }).waitFor();
    await page.getByRole('button', { name: TEXT.zh.signOut }).click();
    await page.locator('label', { hasText: 'English' }).click();
  });
});
