import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXIT_FAILED, EXIT_OK, runCli } from '../src/cli/main.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../examples');

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runCli(args, (t) => {
    out.push(t);
  });
  return { code, out: out.join('\n') };
}

describe('servicebook terms (files, no database)', () => {
  for (const file of fs.readdirSync(path.join(EXAMPLES, 'claims'))) {
    it(`decide --format json gives ${file} its expected decision`, async () => {
      const claim = path.join(EXAMPLES, 'claims', file);
      const { code, out } = await run(
        'terms',
        'decide',
        '--terms',
        path.join(EXAMPLES, 'terms'),
        '--claim',
        claim,
        '--format',
        'json',
      );
      expect(code).toBe(EXIT_OK);
      const expected = parse(fs.readFileSync(claim, 'utf8')).expected;
      expect(JSON.parse(out)).toMatchObject(expected);
    });
  }

  it('check prints the summary in Chinese with the top risks first', async () => {
    const { code, out } = await run('terms', 'check', path.join(EXAMPLES, 'terms'), '--lang', 'zh');
    expect(code).toBe(EXIT_OK);
    expect(out.indexOf('一、主要风险')).toBeLessThan(out.indexOf('二、经营注意事项'));
    // People read the finding's name, not its code.
    expect(out).toContain('服务伙伴时限慢于对客户的承诺');
    expect(out).not.toContain('sla.partner_slower');
  });

  it('check --format json is the report', async () => {
    const { out } = await run('terms', 'check', path.join(EXAMPLES, 'terms'), '--format', 'json');
    const report = JSON.parse(out);
    expect(report.counts.high).toBeGreaterThan(0);
    expect(report.findings[0]).toHaveProperty('message.zh');
  });

  it('a bad file fails with exit 1 (the error names file, line and key on stderr)', async () => {
    const { code } = await run('terms', 'check', path.join(EXAMPLES, 'claims', 'purifier-filter.yaml'));
    expect(code).toBe(EXIT_FAILED);
  });
});
