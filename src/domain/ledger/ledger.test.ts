import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, statementCsv } from './csv.ts';
import { buildStatement, type CostLine, splitByDistance } from './ledger.ts';
import { formatMinor, prorate, sumMinor, toMinor } from './money.ts';

describe('money', () => {
  it('reads decimal text and YAML numbers exactly, refusing extra decimals', () => {
    expect(toMinor('180', 'CNY')).toBe(18000);
    expect(toMinor(2.5, 'CNY')).toBe(250);
    expect(toMinor('0.1', 'CNY') + toMinor('0.2', 'CNY')).toBe(toMinor('0.3', 'CNY'));
    expect(toMinor('1500', 'JPY')).toBe(1500);
    expect(() => toMinor('1.005', 'CNY')).toThrow();
    expect(() => toMinor('1e3', 'CNY')).toThrow();
  });

  it('prorates with one half-up rounding at the end', () => {
    expect(prorate(18000, 360, 60)).toBe(108000); // 6 h at 180.00
    expect(prorate(18000, 1, 60)).toBe(300);
    expect(prorate(250, 15, 1)).toBe(3750);
    expect(prorate(100, 1, 3)).toBe(33);
    expect(prorate(100, 2, 3)).toBe(67);
  });

  it('property: formatting and reading back is the identity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('CNY', 'JPY', 'KWD'),
        (minor, currency) => {
          expect(toMinor(formatMinor(minor, currency), currency)).toBe(minor);
        },
      ),
    );
  });

  it('property: a distance split never loses or makes a fen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 200 }),
        (amount, km, upTo) => {
          const parts = splitByDistance(amount, km, { bearer: 'acme', up_to_km: upTo, beyond: 'customer' });
          expect(sumMinor(parts.map((p) => p.amountMinor))).toBe(amount);
          expect(parts.every((p) => p.amountMinor >= 0)).toBe(true);
        },
      ),
    );
  });
});

const line = (over: Partial<CostLine>): CostLine => ({
  id: 'l1',
  kind: 'labor',
  amountMinor: 100,
  currency: 'CNY',
  caseNumber: 'C-000001',
  source: { type: 'claim', id: null },
  bearer: 'acme',
  payee: 'fixit-shanghai',
  ref: '§5',
  agreement: null,
  description: 'Labor',
  occurredOn: '2027-11-12',
  ...over,
});

describe('statement', () => {
  const lines = [
    line({ id: 'a', amountMinor: 108000 }),
    line({ id: 'b', kind: 'travel', amountMinor: 3750 }),
    line({ id: 'c', kind: 'parts', amountMinor: 1860000, payee: null }),
    line({ id: 'd', kind: 'credit', bearer: 'ningbo-motor', payee: 'acme', amountMinor: 28000 }),
    line({ id: 'e', occurredOn: '2028-01-02', amountMinor: 999 }),
  ];

  it('says what a party bore, what it is owed and by whom, inside the period', () => {
    const acme = buildStatement(lines, 'acme', '2027-11-01', '2027-11-30');
    expect(acme.bore).toEqual([
      { currency: 'CNY', kind: 'labor', amountMinor: 108000, lines: 1 },
      { currency: 'CNY', kind: 'parts', amountMinor: 1860000, lines: 1 },
      { currency: 'CNY', kind: 'travel', amountMinor: 3750, lines: 1 },
    ]);
    expect(acme.owesTo).toEqual([
      { party: 'fixit-shanghai', currency: 'CNY', amountMinor: 111750, lines: 2 },
    ]);
    expect(acme.owedBy).toEqual([{ party: 'ningbo-motor', currency: 'CNY', amountMinor: 28000, lines: 1 }]);
    const fixit = buildStatement(lines, 'fixit-shanghai', '2027-11-01', '2027-11-30');
    expect(fixit.owedBy).toEqual([{ party: 'acme', currency: 'CNY', amountMinor: 111750, lines: 2 }]);
    expect(fixit.bore).toEqual([]);
  });

  it('CSV: exact decimals, quoted fields, formulas defused', () => {
    const csv = statementCsv(
      buildStatement(
        [line({ description: '=HYPERLINK("x"), "quoted"' })],
        'acme',
        '2027-01-01',
        '2027-12-31',
      ),
    );
    const [header, row] = csv.split('\r\n');
    expect(header).toContain('金额 amount');
    expect(row).toContain('1.00');
    expect(row).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('')).toBe('');
  });
});
