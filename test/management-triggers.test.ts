/**
 * The management set of the terms review at runtime: a live case's opening counts the complaints
 * of its customer and through the distributor that sold its unit, and raises the rule they meet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
let manager: Session;
let agent: Session;
const now = new Date('2026-11-16T02:00:00Z');

const SERIAL = 'CH9-2024-00031'; // Ruijin Hospital's, sold by Huadong

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  manager = await Session.signIn(server.app, 'manager@acme.example');
  agent = await Session.signIn(server.app, 'agent@acme.example');
  // The chiller terms' next version carries two rules of the management set.
  const v1 = fs.readFileSync(path.join(EXAMPLES_DIR, 'terms/acme-chiller-b2b-cn.yaml'), 'utf8');
  const v2 = v1
    .replace(/^version: 1$/m, 'version: 2\nsupersedes: 1')
    .replace(
      '    - { when: { safety_issue: true }, level: management, act_within: PT1H }',
      [
        '    - { when: { safety_issue: true }, level: management, act_within: PT1H }',
        '    - { when: { complaints: 2, within: P30D, by: customer }, level: supervisor, act_within: P1D }',
        '    - { when: { complaints: 3, within: P30D, by: distributor }, level: management, act_within: P2D }',
      ].join('\n'),
    );
  const imported = await manager.post('/api/v1/agreements/import', {
    files: [{ name: 'acme-chiller-b2b-cn.v2.yaml', text: v2 }],
  });
  expect(imported.statusCode).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

async function complain(description: string): Promise<string> {
  const opened = await agent.post('/api/v1/cases', {
    kind: 'complaint',
    severity: 'high',
    serial: SERIAL,
    description,
  });
  expect(opened.statusCode).toBe(201);
  return opened.json().id;
}

const escalationsOf = (caseId: string) =>
  server.db.deps.db
    .selectFrom('escalations')
    .select(['level', 'trigger'])
    .where('case_id', '=', caseId)
    .execute();

describe('the management triggers on live cases', () => {
  it('a second complaint by one customer within 30 days raises the supervisor rule; the first does not', async () => {
    const first = await complain('Nobody came. 没人来。');
    expect(await escalationsOf(first)).toEqual([]);
    const second = await complain('Still nobody. 还是没人来。');
    expect(await escalationsOf(second)).toEqual([
      { level: 'supervisor', trigger: { complaints: 2, within: 'P30D', by: 'customer' } },
    ]);
    // People read the trigger in words, in both languages.
    const { triggerInWords } = await import('../src/domain/case/labels.ts');
    expect(triggerInWords({ complaints: 2, within: 'P30D', by: 'customer' })).toEqual({
      en: 'Complaints from one customer: 2 within 30 days',
      zh: '同一客户 30 天内投诉：2 次',
    });
  });

  it('a third complaint through the same distributor raises the management rule too', async () => {
    const third = await complain('Third call. 第三次投诉。');
    const raised = await escalationsOf(third);
    expect(raised).toEqual(
      expect.arrayContaining([
        { level: 'supervisor', trigger: { complaints: 2, within: 'P30D', by: 'customer' } },
        { level: 'management', trigger: { complaints: 3, within: 'P30D', by: 'distributor' } },
      ]),
    );
  });

  it('counts through an index: the plan reads the cases by customer and kind', async () => {
    const { sql } = await import('kysely');
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT count(*) FROM cases
      WHERE tenant_id = ${server.tenantId} AND customer_party_id = ${server.tenantId}
      AND kind = 'complaint' AND opened_at >= now()`.execute(server.db.deps.db);
    const text = plan.rows.map((r) => Object.values(r)[0]).join('\n');
    expect(text).toMatch(/cases_by_customer_kind|Index/);
  });
});
