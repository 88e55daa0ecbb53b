import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTermsOrThrow } from '../../app/terms/parse-terms.ts';
import { checkTerms, FINDING_CODES } from './check/index.ts';
import { renderHtml, renderText } from './summary.ts';

const DIR = path.resolve(import.meta.dirname, '../../../examples/terms');
const report = checkTerms(
  parseTermsOrThrow(
    fs.readdirSync(DIR).map((f) => ({ name: f, text: fs.readFileSync(path.join(DIR, f), 'utf8') })),
  ).map((p) => p.agreement),
);

describe('findings are named for people', () => {
  it('every code has a label in English and in Chinese, and each finding carries its own', () => {
    for (const [code, label] of Object.entries(FINDING_CODES)) {
      expect(label.en.length, code).toBeGreaterThan(5);
      expect(label.zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(f.label).toEqual(FINDING_CODES[f.code]);
  });

  it('the text and HTML summaries show labels, never codes (HTML keeps the code only in data-code)', () => {
    const codes = [...new Set(report.findings.map((f) => f.code))];
    for (const lang of ['en', 'zh'] as const) {
      const text = renderText(report, lang);
      const html = renderHtml(report, lang).replace(/ data-code="[^"]*"/g, '');
      for (const code of codes) {
        expect(text).not.toContain(code);
        expect(html).not.toContain(code);
        expect(text).toContain(FINDING_CODES[code][lang]);
      }
    }
  });
});
