import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { formatSourceProblem, parseClaim, parseTerms, parseTermsOrThrow } from './parse-terms.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples/terms');
const PARTIES = new Set(['acme', 'huadong-trading', 'fixit-shanghai', 'pearl-river-service', 'ningbo-motor']);

const GOOD = `id: sample
kind: warranty
title: Sample
version: 1
effective_from: 2026-01-01
provider: acme
recipient: end-customers
coverage:
  ref: "§2"
  starts_at: sale
  duration: P2Y
  components:
    - { part_category: motor, duration: P5Y, ref: "§2.3" }
`;

/** Parses one file and returns its single problem's text. */
function problemsOf(text: string, name = 'bad.yaml') {
  const { problems } = parseTerms([{ name, text }], { parties: PARTIES });
  return problems.map(formatSourceProblem);
}

describe('parsing terms', () => {
  it('loads every example file without a problem, into the format’s model', () => {
    const sources = fs
      .readdirSync(EXAMPLES)
      .map((f) => ({ name: f, text: fs.readFileSync(path.join(EXAMPLES, f), 'utf8') }));
    const { agreements, problems } = parseTerms(sources, { parties: PARTIES });
    expect(problems).toEqual([]);
    expect(agreements.map((a) => a.agreement.id).sort()).toEqual([
      'acme-chiller-b2b-cn',
      'acme-pureair-consumer-cn',
      'fixit-shanghai-partner',
      'huadong-distribution',
      'ningbo-motor-supply',
      'pearl-river-partner',
    ]);
    const pureair = agreements.find((a) => a.agreement.id === 'acme-pureair-consumer-cn')!.agreement;
    expect(pureair.costs?.in_warranty?.travel).toEqual({
      bearer: 'provider',
      up_to_km: 50,
      beyond: 'recipient',
    });
    expect(pureair.disputes?.language).toEqual(['zh']);
    expect(pureair.service_levels?.[0]?.targets?.high).toEqual({ response: 'PT4H', resolution: 'P5D' });
  });

  it('reads JSON as well, with positions', () => {
    const json = JSON.stringify(
      {
        ...{ id: 'j', kind: 'supply', title: 'J', version: 1 },
        effective_from: '2026-01-01',
        provider: 'acme',
        recipient: 'ningbo-motor',
        colour: 1,
      },
      null,
      2,
    );
    expect(problemsOf(json, 'j.json')).toEqual([
      expect.stringMatching(/^j\.json:9:3 colour: unknown key "colour"/),
    ]);
  });

  it('a syntax error names the file, line and column', () => {
    expect(problemsOf(`${GOOD}disputes: { governing_law: CN\n`)[0]).toMatch(/^bad\.yaml:15:\d+ \(syntax\): /);
  });

  it('an unknown key names the file, line, column and the path to the key', () => {
    const text = GOOD.replace('  duration: P2Y\n', '  duration: P2Y\n  duraton: P3Y\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^bad\.yaml:12:3 coverage\.duraton: unknown key "duraton"/),
    ]);
  });

  it('a wrong type names the file, line and key path', () => {
    const text = GOOD.replace('version: 1', 'version: one');
    expect(problemsOf(text)).toEqual([
      'bad.yaml:4:10 version: expected a whole number, found the text "one"',
    ]);
  });

  it('a bad duration names the file, line and key path inside a list', () => {
    const text = GOOD.replace('duration: P5Y', 'duration: 5 years');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        /^bad\.yaml:13:41 coverage\.components\[0\]\.duration: "5 years" is not an ISO 8601 duration/,
      ),
    ]);
  });

  it('a bad date names the file, line and key', () => {
    expect(problemsOf(GOOD.replace('2026-01-01', '2026-02-30'))).toEqual([
      expect.stringMatching(/^bad\.yaml:5:17 effective_from: expected a calendar date/),
    ]);
  });

  it('a value outside its set names the file, line and key', () => {
    expect(problemsOf(GOOD.replace('starts_at: sale', 'starts_at: purchase'))).toEqual([
      expect.stringMatching(/^bad\.yaml:10:14 coverage\.starts_at: "purchase" is not one of sale, delivery/),
    ]);
  });

  it('a missing required key names the file, the line of its parent and the key', () => {
    expect(problemsOf(GOOD.replace('title: Sample\n', ''))).toEqual([
      expect.stringMatching(/^bad\.yaml:1:1 title: "title" is required/),
    ]);
  });

  it('an unknown party id names the file, line and key; a customer group is allowed only as a warranty’s recipient', () => {
    expect(problemsOf(GOOD.replace('provider: acme', 'provider: acme-gmbh'))).toEqual([
      'bad.yaml:6:11 provider: no party with key "acme-gmbh"',
    ]);
    const partner = GOOD.replace('kind: warranty', 'kind: service_partner');
    expect(problemsOf(partner)).toEqual([
      expect.stringMatching(/^bad\.yaml:7:12 recipient: no party with key "end-customers"/),
    ]);
  });

  it('reports every problem of every file, and two files with the same id and version', () => {
    const { agreements, problems } = parseTerms(
      [
        { name: 'a.yaml', text: GOOD },
        { name: 'b.yaml', text: GOOD },
        { name: 'c.yaml', text: GOOD.replace('P2Y', 'P2').replace('version: 1', 'version: 0') },
      ],
      { parties: PARTIES },
    );
    expect(agreements).toHaveLength(1);
    expect(problems.map(formatSourceProblem)).toEqual([
      expect.stringMatching(/^b\.yaml:1:1 version: sample version 1 is also in a\.yaml/),
      expect.stringMatching(/^c\.yaml:4:10 version: must be at least 1/),
      expect.stringMatching(/^c\.yaml:11:13 coverage\.duration: "P2" is not an ISO 8601 duration/),
    ]);
  });

  it('throws invalid_input with one field per problem, each naming file:line:col and key', () => {
    try {
      parseTermsOrThrow([{ name: 'x.yaml', text: GOOD.replace('P2Y', 'two years') }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fields).toEqual([
        {
          path: 'x.yaml:11:13 coverage.duration',
          message: expect.stringContaining('not an ISO 8601 duration'),
        },
      ]);
    }
  });

  it('parses claims the same way', () => {
    expect(() =>
      parseClaim({
        name: 'claim.yaml',
        text: 'unit: { serial: S, product: P, territory: CN-SH }\nfailure:\n  reported_at: yesterday\n  part_category: motor\n  cause: wear\n',
      }),
    ).toThrow(/claim\.yaml:3:16 failure\.reported_at/);
  });
});
