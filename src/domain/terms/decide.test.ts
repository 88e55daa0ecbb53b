import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClaim, parseTermsOrThrow } from '../../app/terms/parse-terms.ts';
import type { Agreement } from './agreement.ts';
import { decideEntitlement } from './decide.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');
const read = (dir: string) =>
  fs
    .readdirSync(path.join(EXAMPLES, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({
      name: `examples/${dir}/${f}`,
      text: fs.readFileSync(path.join(EXAMPLES, dir, f), 'utf8'),
    }));
const agreements: Agreement[] = parseTermsOrThrow(read('terms')).map((p) => p.agreement);

describe('the example claims get the decision in their expected block', () => {
  for (const source of read('claims')) {
    it(source.name, () => {
      const claim = parseClaim(source);
      const decision = decideEntitlement({ agreements, ...claim });
      const expected = claim.expected!;
      expect(expected).toBeDefined();
      if (expected.covered !== undefined) expect(decision.covered).toBe(expected.covered);
      if (expected.suspended !== undefined) expect(decision.suspended).toBe(expected.suspended);
      if (expected.remedy !== undefined) expect(decision.remedy).toBe(expected.remedy);
      if (expected.cites !== undefined) expect(decision.cites).toEqual(expected.cites);
      if (expected.costs !== undefined) expect(decision.costs).toMatchObject(expected.costs);
      if (expected.recoverable_from_supplier !== undefined)
        expect(decision.recoverable_from_supplier).toBe(expected.recoverable_from_supplier);
    });
  }
});
