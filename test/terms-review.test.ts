/**
 * The terms review on examples/terms with the tenant data of examples/review: the one-page summary
 * (rendered by LibreOffice to an A4 PDF, one page per language), its first line the largest
 * exposure in CNY, the unfunded credits and the 72-business-hour trap named; the Word mark-up with
 * real tracked changes that LibreOffice converts; every proposed change applied leaves no high
 * finding; a .docx draft made here is read into clauses with proposed values.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EXIT_OK } from '../src/cli/main.ts';
import { triggeredRules } from '../src/domain/case/index.ts';
import { checkTerms } from '../src/domain/terms/index.ts';
import { run } from './support/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARGS = [
  'terms',
  'review',
  path.join(ROOT, 'examples/terms'),
  '--calendars',
  path.join(ROOT, 'examples/calendars/cn-business.yaml'),
  '--data',
  path.join(ROOT, 'examples/review/acme-data.yaml'),
];

/** Pages of a PDF, counted by its page objects. */
const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

function toPdf(file: string, filter?: string): Buffer | null {
  const dir = path.dirname(file);
  const args = [
    '--headless',
    ...(filter ? [`--infilter=${filter}`] : []),
    '--convert-to',
    'pdf',
    '--outdir',
    dir,
    file,
  ];
  const r = spawnSync('soffice', args, { timeout: 180_000, env: { ...process.env, HOME: dir } });
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  const pdf = path.join(dir, `${path.basename(file).replace(/\.[^.]+$/, '')}.pdf`);
  return existsSync(pdf) ? readFileSync(pdf) : null;
}

const out: Record<'en' | 'zh', { dir: string; stdout: string[] }> = {} as never;

beforeAll(async () => {
  for (const lang of ['en', 'zh'] as const) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `review-${lang}-`));
    const r = await run(...ARGS, '--out', dir, '--lang', lang);
    expect(r.code).toBe(EXIT_OK);
    out[lang] = { dir, stdout: r.out };
  }
}, 300_000);

describe('terms review of examples/terms', () => {
  it('the summary: first line the largest exposure in CNY, unfunded credits and the 72-business-hour trap named', async () => {
    const json = await run(...ARGS, '--out', out.en.dir, '--format', 'json');
    const review = JSON.parse(json.out.join('\n'));
    const amounts = review.lines.map((l: { amount: number }) => l.amount);
    expect(amounts[0]).toBe(Math.max(...amounts));
    expect(amounts[0]).toBeGreaterThan(0);
    const text = await fs.readFile(path.join(out.en.dir, 'summary.txt'), 'utf8');
    const first = text.split('\n').find((l) => /^1\. /.test(l))!;
    expect(first).toContain(`CNY ${amounts[0].toLocaleString('en-US')}`);
    expect(text).toContain('Service credits no partner funds');
    expect(text).toMatch(/FixIt Shanghai, Pearl River Service/);
    expect(text).toContain('"72 hours" = 72 business hours = 9 working days');
    const zh = await fs.readFile(path.join(out.zh.dir, 'summary.txt'), 'utf8');
    expect(zh.split('\n').find((l) => /^1\. /.test(l))).toContain(
      `${amounts[0].toLocaleString('en-US')} 元/年`,
    );
    expect(zh).toContain('服务赔付无服务伙伴对应承担');
    expect(zh).toContain('“72小时” = 72 个工作小时 = 9 个工作日');
    // Chinese reads Chinese: no part, product-category or severity keys left in English.
    expect(zh).not.toMatch(/compressor|critical 级|repeat_failure_share/);
    // The text budget: one A4 page holds 60 lines of 160 characters at 8 pt.
    for (const lang of ['en', 'zh'] as const) {
      const t = await fs.readFile(path.join(out[lang].dir, 'summary.txt'), 'utf8');
      const lines = t
        .split('\n')
        .reduce((n, l) => n + Math.max(1, Math.ceil(l.length / (lang === 'zh' ? 80 : 160))), 0);
      expect(lines).toBeLessThanOrEqual(60);
    }
  });

  it('the summary prints on one A4 page in each language (LibreOffice)', () => {
    for (const lang of ['en', 'zh'] as const) {
      const pdf = toPdf(path.join(out[lang].dir, 'summary.html'), 'HTML (StarWriter)');
      expect(pdf).not.toBeNull();
      expect(pages(pdf!)).toBe(1);
      expect(pdf!.toString('latin1')).toMatch(/MediaBox\s*\[\s*0 0 595\.\d+ 841\.\d+/);
    }
  }, 400_000);

  it('markup.docx has tracked changes for the FixIt on-site clause and Huadong duties, and LibreOffice converts it', async () => {
    const zip = await JSZip.loadAsync(await fs.readFile(path.join(out.en.dir, 'markup.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    const chunks = xml.split('<w:pStyle w:val="Heading2"/>');
    const clause = (title: string) => chunks.find((c) => c.includes(title)) ?? '';
    const fixit = clause('FixIt Shanghai §3');
    expect(fixit).toContain('<w:ins ');
    expect(fixit).toContain('<w:del ');
    expect(fixit).toMatch(/on-site arrival within/);
    const huadong = clause('Huadong Trading §6');
    expect(huadong).toContain('<w:del ');
    expect(huadong).toContain('<w:delText');
    expect(huadong).toContain('promptly');
    expect(huadong).toContain('<w:ins ');
    const pdf = toPdf(path.join(out.en.dir, 'markup.docx'));
    expect(pdf).not.toBeNull();
    expect(pages(pdf!)).toBeGreaterThanOrEqual(1);
    const html = await fs.readFile(path.join(out.en.dir, 'markup.html'), 'utf8');
    expect(html).toContain('<del>');
    expect(html).toContain('<ins>');
  }, 300_000);

  it('applying every proposed change and checking again leaves no high finding', async () => {
    const nextDir = path.join(out.en.dir, 'next');
    const files = await fs.readdir(nextDir);
    expect(files.length).toBeGreaterThan(0);
    const next = await Promise.all(
      files.map(async (f) => YAML.parse(await fs.readFile(path.join(nextDir, f), 'utf8'))),
    );
    const check = await run(
      'terms',
      'check',
      nextDir,
      path.join(ROOT, 'examples/terms'),
      '--calendars',
      path.join(ROOT, 'examples/calendars/cn-business.yaml'),
      '--data',
      path.join(ROOT, 'examples/review/acme-data.yaml'),
      '--format',
      'json',
    );
    const report = JSON.parse(check.out.join('\n'));
    // The newest version of each agreement is checked: every changed one is its next version.
    for (const a of next)
      expect(report.agreements).toContainEqual(expect.objectContaining({ id: a.id, version: a.version }));
    expect(report.counts.high).toBe(0);
    // The next versions carry their clause wording in both languages.
    const fixit = next.find((a) => a.id === 'fixit-shanghai-partner');
    expect(fixit.service_levels[0].wording.zh).toContain('上海飞修服务');
    expect(checkTerms(next).findings.length).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('terms check names parties, not keys, given the tenant data', async () => {
    const r = await run(
      'terms',
      'check',
      path.join(ROOT, 'examples/terms'),
      '--data',
      path.join(ROOT, 'examples/review/acme-data.yaml'),
    );
    const text = r.out.join('\n');
    expect(text).toContain('FixIt Shanghai');
    expect(text).not.toMatch(/\bfixit-shanghai\b(?! v)/);
  });

  it('the management trigger set runs in the case escalation engine', async () => {
    const triggers = YAML.parse(await fs.readFile(path.join(out.en.dir, 'triggers.yaml'), 'utf8')).rules;
    const facts = {
      safetyIssue: false,
      threats: [],
      repeatFailures: () => 1,
      batchFailureRate: () => 0,
      complaints: (by: string) => (by === 'customer' ? 2 : 0),
      claimCost: 60_000,
      returns: () => 0,
      partnerDeclines: () => 2,
      partnerMissed: () => 0,
      defectivePartsOverdue: 0,
      paymentDisputed: true,
    };
    const fired = triggeredRules(triggers, facts).map(
      (x) => (x.rule as unknown as { label: { en: string } }).label.en,
    );
    expect(fired).toContain('Two complaints from one customer within 30 days');
    expect(fired).toContain('A service partner declines two cases within 30 days');
    expect(fired.some((l: string) => /One claim costs more than CNY/.test(l))).toBe(true);
    expect(fired.some((l: string) => /disputes an invoice/.test(l))).toBe(true);
    expect(fired).not.toContain('Three complaints from one customer within 90 days');
    expect(fired).not.toContain('A safety issue on any unit');
  });

  it('a .docx draft of a warranty is read into clauses with proposed values', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            'ACME warranty for the CH-900 chiller',
            '1. Scope. This warranty applies in Shanghai and Jiangsu.',
            '2. Warranty period. The product is covered for 2 years from installation; the compressor for five years.',
            '3. Service. ACME responds within 24 hours and arrives on site within 2 working days.',
            '第四条 保修期 整机保修两年，压缩机保修五年。',
            '第五条 服务 接到报修后24小时内响应。',
          ].map((text) => new Paragraph({ text })),
        },
      ],
    });
    const file = path.join(out.en.dir, 'draft.docx');
    await fs.writeFile(file, await Packer.toBuffer(doc));
    const r = await run('terms', 'read-draft', file);
    const clauses = JSON.parse(r.out.join('\n'));
    const byRef = (ref: string) => clauses.find((c: { ref: string }) => c.ref === ref);
    expect(byRef('§1').proposed).toContainEqual(
      expect.objectContaining({ kind: 'territory', value: 'CN-SH' }),
    );
    expect(byRef('§2').proposed).toContainEqual(
      expect.objectContaining({ value: 'P2Y', field: 'coverage.duration' }),
    );
    expect(byRef('§2').proposed).toContainEqual(
      expect.objectContaining({ value: 'P5Y', field: 'coverage.components[compressor].duration' }),
    );
    expect(byRef('§3').proposed).toContainEqual(
      expect.objectContaining({ value: 'PT24H', field: 'service_levels.targets.*.response' }),
    );
    expect(byRef('§3').proposed).toContainEqual(expect.objectContaining({ value: 'P2D', business: true }));
    expect(byRef('§4').proposed).toContainEqual(expect.objectContaining({ value: 'P2Y' }));
    expect(byRef('§4').proposed).toContainEqual(
      expect.objectContaining({ value: 'P5Y', field: 'coverage.components[compressor].duration' }),
    );
    expect(byRef('§5').proposed).toContainEqual(
      expect.objectContaining({ value: 'PT24H', field: 'service_levels.targets.*.response' }),
    );
  });
});
