import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDueClocks } from '../../src/app/case/process-due-clocks.ts';
import { BUSINESS_CUSTOMERS, CHANNEL_PARTIES, CONSUMERS } from '../../src/app/demo/acme-scenario.ts';
import { BROWSER_MISSING, launchBrowser, screenshotter, WEB_ROOT } from '../support/browser.ts';
import { DEMO_PASSWORD, type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from '../support/http.ts';

/**
 * People read names and words, never keys or codes: every page of the portal, the console and
 * the partner's pages, in Chinese, is read as the reader sees it (document.body.innerText) and
 * must not show a key, an entry type, an ISO duration, a party key or an English enum word.
 */
const ENGLISH_ENUM_WORDS = [
  'compressor',
  'control_board',
  'critical',
  'inquiry',
  'field_visit',
  'in_progress',
  'waiting_on_customer',
  'service_partner',
  'supervisor',
  'management',
  'response',
  'onsite',
  'resolution',
  'running',
  'paused',
  'breached',
  'misuse',
];

/**
 * Finding codes of the terms checker (`sla.partner_slower`) are labelled by another change
 * (src/domain/terms/check.ts); until then they are the one allowed exception, on the terms page only.
 */
const FINDING_CODE = /^[a-z]+\.[a-z_]+$/;

/** The demo's agreement ids (`acme-chiller-b2b-cn`): clause references name the agreement by its title. */
const AGREEMENT_IDS = fs
  .readdirSync(path.join(EXAMPLES_DIR, 'terms'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

const RAW_PATTERNS: { name: string; pattern: RegExp }[] = [
  ...AGREEMENT_IDS.map((id) => ({ name: 'agreement id', pattern: new RegExp(`\\b${id}\\b`, 'g') })),
  { name: 'snake_case key', pattern: /\b[a-z]+_[a-z_]+\b/g },
  { name: 'dotted entry type', pattern: /\b[a-z]+\.[a-z_]+\b/g },
  { name: 'ISO duration', pattern: /\bP(?:T?\d+[HMDWYS])+\b/g },
  ...[...CHANNEL_PARTIES, ...BUSINESS_CUSTOMERS, ...CONSUMERS]
    .map((p) => p.key)
    .filter((key) => key.includes('-'))
    .map((key) => ({ name: 'party key', pattern: new RegExp(`\\b${key}\\b`, 'g') })),
  // Keys are lower case; "Compressor" in a customer's own English words is not a key.
  { name: 'English enum word', pattern: new RegExp(`\\b(?:${ENGLISH_ENUM_WORDS.join('|')})\\b`, 'g') },
];

/** What a reader would see that is a key: each hit with the words around it. */
function rawKeysIn(text: string, allow: (hit: string) => boolean = () => false): string[] {
  const hits: string[] = [];
  for (const { name, pattern } of RAW_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (allow(m[0])) continue;
      const at = m.index ?? 0;
      hits.push(`${name} "${m[0]}" in "…${text.slice(Math.max(0, at - 30), at + m[0].length + 30)}…"`);
    }
  }
  return hits;
}

describe('the patterns', () => {
  it('catch keys, entry types, durations, party keys and enum words, and pass Chinese text', () => {
    expect(rawKeysIn('状态：in_progress')).not.toEqual([]);
    expect(rawKeysIn('case.opened 于 周二')).not.toEqual([]);
    expect(rawKeysIn('响应 (PT48H)')).not.toEqual([]);
    expect(rawKeysIn('响应 (P5D)')).not.toEqual([]);
    expect(rawKeysIn('客户 ruijin-hospital')).not.toEqual([]);
    expect(rawKeysIn('部件 compressor')).not.toEqual([]);
    expect(rawKeysIn('条款 acme-chiller-b2b-cn v1 §2.3')).not.toEqual([]);
    expect(rawKeysIn('响应（48 个工作小时） 瑞金医院 压缩机 PA3-2026-118842 §2.3 CMP-900 E12')).toEqual([]);
  });
});

let server: DemoServer;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

/** Days the server's clock runs ahead of the wall clock, to let a clock breach and escalate. */
let daysAhead = 0;

beforeAll(async () => {
  if (BROWSER_MISSING) return;
  server = await startDemoServer({
    webRoot: WEB_ROOT,
    now: () => new Date(Date.now() + daysAhead * 86_400_000),
  });
  // The demo holds no case: Ruijin's CH-900 compressor fails, FixIt Shanghai is assigned and
  // diagnoses it, the agent replies, and the onsite clock breaches and escalates, so that every
  // page has a case, its entitlement, its history, its clocks and an escalation to show.
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'field_visit',
    severity: 'critical',
    serial: 'CH9-2025-00417',
    description: 'Compressor trips on start. 压缩机启动跳闸。',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  expect(opened.statusCode).toBe(201);
  const caseId = opened.json().id;
  expect(
    (await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' })).statusCode,
  ).toBe(200);
  await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'We are on it. 我们正在处理。' });
  const tech = await Session.signIn(server.app, 'technician@fixit.example');
  const repair = await tech.post(`/api/v1/cases/${caseId}/repairs`, {
    diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect', note: 'winding short' },
  });
  expect(repair.statusCode).toBe(201);
  // Eight days on, the 24-business-hour onsite promise has passed: it escalates to a supervisor.
  daysAhead = 8;
  expect((await processDueClocks(server.db.deps)).breaches).toBeGreaterThan(0);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
  await page.goto(`${base}/signin`);
  await page.evaluate('localStorage.setItem("sb.lang", "zh")');
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(BROWSER_MISSING)('every page in Chinese shows names and words, never keys', () => {
  const shot = screenshotter('zh-raw-keys');
  const found: Record<string, string[]> = {};

  async function signIn(email: string) {
    await page.context().clearCookies();
    await page.goto(`${base}/signin`);
    await page.getByLabel('电子邮件').fill(email);
    await page.getByLabel('密码').first().fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '退出' }).waitFor();
  }

  /**
   * The terms checker's sentences (a finding's message, caution and fix, `data-finding-text`) are
   * checked like the rest of the page. A fix may end with the YAML to write in the terms file, in
   * backticks, after saying it in words ("e.g. monthly (`reporting: { every: P1M }`)"): that
   * snippet is for the person editing the file, and is the one part left out.
   */
  const quotedYaml = /`[^`\n]+`/g;

  /** Reads the page once it has settled (no "loading" left) and records what is raw on it. */
  async function read(name: string, allow?: (hit: string) => boolean) {
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.evaluate<string>('document.body.innerText')).not.toMatch(/加载中…/);
    // Names (parties, agreements) arrive a moment after the page: read again, for up to 10 s, until
    // nothing raw is left; what is still raw then is what a reader keeps seeing.
    let hits: ReturnType<typeof rawKeysIn> = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const text = await page.evaluate<string>('document.body.innerText');
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      const checkerText = await page.locator('[data-finding-text]').allInnerTexts();
      let own = text;
      for (const part of checkerText) own = own.replace(part, part.replace(quotedYaml, ' '));
      hits = rawKeysIn(own, allow);
      if (hits.length === 0) break;
      await page.waitForTimeout(500);
    }
    await shot(page, name);
    if (hits.length > 0) console.log(`raw on ${name}:`, hits);
    found[name] = hits;
  }

  it('the customer’s portal: home, warranty check, a request', async () => {
    await signIn('customer@ruijin.example');
    await page.goto(`${base}/portal`);
    await read('portal-home');
    await page.goto(`${base}/portal/warranty`);
    await page.getByLabel('序列号').fill('CH9-2025-00417');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByTestId('warranty-result').waitFor();
    await read('warranty');
    await page.goto(`${base}/portal`);
    const request = page.locator('a[href^="/portal/requests/"]:not([href$="/new"])').first();
    await request.click();
    await page.getByTestId('promise').or(page.getByText('已解决')).first().waitFor();
    await read('request');
  });

  it('the console: queue, a case, escalations, terms, calendars, dashboard', async () => {
    await signIn('manager@acme.example');
    await page.goto(`${base}/console`);
    await page.getByTestId('queue-row').first().waitFor();
    await read('queue');
    await page.getByTestId('queue-row').first().getByRole('link').first().click();
    await page.getByTestId('entitlement').or(page.getByText('尚未判定')).first().waitFor();
    await read('case');
    // The brand's key has no hyphen (the party-key pattern would hit "acme.example" in e-mail
    // addresses): the cost bearers and payers are checked for it here, where they are shown.
    expect(await page.getByTestId('entitlement').innerText()).not.toMatch(/\bacme\b/);
    await page.goto(`${base}/console/escalations`);
    await page.getByRole('link', { name: 'C-000001' }).first().waitFor();
    await read('escalations');
    await page.goto(`${base}/console/terms`);
    await page.getByRole('table').first().waitFor();
    await read('terms', (hit) => FINDING_CODE.test(hit));
    await page.goto(`${base}/console/calendars`);
    await read('calendars');
    await page.goto(`${base}/console/dashboard`);
    await read('dashboard');
  });

  it('the partner’s pages: assigned cases and a case', async () => {
    await signIn('partner@fixit.example');
    await page.goto(`${base}/partner`);
    await read('partner-home');
    await page.locator('a[href^="/partner/cases/"]').first().click();
    await page.getByRole('button', { name: '退出' }).waitFor();
    await read('partner-case');
  });

  it('found nothing raw on any page', () => {
    const visited = Object.keys(found);
    console.log(`pages read in Chinese: ${visited.join(', ')}`);
    expect(visited.length).toBeGreaterThanOrEqual(10);
    expect(Object.fromEntries(Object.entries(found).filter(([, hits]) => hits.length > 0))).toEqual({});
  });
});
