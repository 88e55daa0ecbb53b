/**
 * The rest of the management set on live paths: a case's cost over the threshold, a service
 * partner declining, missing a commitment target, holding a defective part past its deadline, and
 * a payment dispute — each counted when it happens (index probes, migration 0030) and raised on
 * the case citing its clause, with the mail subject in words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDueClocks } from '../src/app/case/process-due-clocks.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
let manager: Session;
let agent: Session;

const SERIAL = 'CH9-2024-00031'; // Ruijin Hospital's chiller, serviced by FixIt Shanghai

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  manager = await Session.signIn(server.app, 'manager@acme.example');
  agent = await Session.signIn(server.app, 'agent@acme.example');
  const v1 = fs.readFileSync(path.join(EXAMPLES_DIR, 'terms/acme-chiller-b2b-cn.yaml'), 'utf8');
  const v2 = v1
    .replace(/^version: 1$/m, 'version: 2\nsupersedes: 1')
    .replace(
      '    - { when: { safety_issue: true }, level: management, act_within: PT1H }',
      [
        '    - { when: { safety_issue: true }, level: management, act_within: PT1H }',
        '    - { when: { claim_cost_over: 100 }, level: management, act_within: P2D, ref: "§7.2" }',
        '    - { when: { partner_declines: 1, within: P30D }, level: management, act_within: P1D, ref: "§7.3" }',
        '    - { when: { partner_missed: 1, within: P30D }, level: management, act_within: P2D, ref: "§7.4" }',
        '    - { when: { defective_parts_overdue: 1 }, level: supervisor, act_within: P2D, ref: "§7.5" }',
        '    - { when: { payment_disputed: true }, level: management, act_within: P1D, ref: "§7.6" }',
      ].join('\n'),
    );
  const imported = await manager.post('/api/v1/agreements/import', {
    files: [{ name: 'acme-chiller-b2b-cn.v2.yaml', text: v2 }],
  });
  expect(imported.statusCode, imported.body).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

async function openAssigned(): Promise<string> {
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'critical',
    serial: SERIAL,
    description: 'Compressor trips on start. 压缩机启动跳闸。',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const caseId = opened.json().id;
  const assigned = await agent.post(`/api/v1/cases/${caseId}/assignment`, {
    servicePartner: 'fixit-shanghai',
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  return caseId;
}

const escalationsOf = async (caseId: string) =>
  (
    await server.db.deps.db
      .selectFrom('escalations')
      .select(['level', 'trigger', 'ref'])
      .where('case_id', '=', caseId)
      .execute()
  ).filter((e) => !('breached' in e.trigger) && !('repeat_failures' in e.trigger));

const subjectsOf = async (caseId: string) =>
  (
    await server.db.deps.db
      .selectFrom('outbox')
      .select(['subject_en', 'subject_zh', 'payload'])
      .where('kind', '=', 'escalation_raised')
      .execute()
  )
    .filter((m) => (m.payload as { caseId: string }).caseId === caseId)
    .map((m) => [m.subject_en, m.subject_zh]);

describe(`the partner, cost and payment triggers on live cases on ${ENGINE}`, () => {
  it('a partner declining a case raises §7.3, read in words in both languages', async () => {
    const caseId = await openAssigned();
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const declined = await fixit.post(`/api/v1/cases/${caseId}/partner-response`, {
      decision: 'declined',
      reason: 'No technician free. 暂无技术员。',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(await escalationsOf(caseId)).toEqual([
      { level: 'management', trigger: { partner_declines: 1, within: 'P30D' }, ref: '§7.3' },
    ]);
    const subjects = await subjectsOf(caseId);
    expect(subjects).toHaveLength(1);
    expect(subjects[0]![0]).toMatch(
      /escalated to management \(Cases declined by the service partner: 1 within 30 days\)$/,
    );
    expect(subjects[0]![1]).toMatch(/已升级至管理层（服务伙伴 30 天内拒绝服务单：1 次）$/);
    expect(subjects.flat().join(' ')).not.toMatch(/partner_declines|within:/);
  });

  it('a payment dispute recorded by staff raises §7.6; another party gets 404 and nothing is raised', async () => {
    const caseId = await openAssigned();
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    const stranger = await pearl.post(`/api/v1/cases/${caseId}/payment-dispute`, { reason: 'x' });
    expect(stranger.statusCode).toBe(404);
    expect(await escalationsOf(caseId)).toEqual([]);
    const disputed = await agent.post(`/api/v1/cases/${caseId}/payment-dispute`, {
      reason: 'Ruijin withholds the October invoice. 瑞金医院拒付十月发票。',
    });
    expect(disputed.statusCode, disputed.body).toBe(200);
    expect(disputed.json()).toEqual({ recorded: true, escalations: 1 });
    expect(await escalationsOf(caseId)).toEqual([
      { level: 'management', trigger: { payment_disputed: true }, ref: '§7.6' },
    ]);
    expect((await subjectsOf(caseId))[0]).toEqual([
      expect.stringMatching(/escalated to management \(Payment disputed or withheld\)$/),
      expect.stringMatching(/已升级至管理层（发票有争议或拒付）$/),
    ]);
    const again = await agent.post(`/api/v1/cases/${caseId}/payment-dispute`, { reason: 'Still. 仍拒付。' });
    expect(again.json()).toEqual({ recorded: true, escalations: 0 });
  });

  it('a missed commitment target, the case cost and an overdue defective part each raise their clause', async () => {
    now = new Date('2026-11-23T01:30:00Z');
    const caseId = await openAssigned();
    // FixIt's on-site commitment runs out while nobody goes: the worker records the breach.
    now = new Date('2026-11-26T01:30:00Z');
    await processDueClocks(server.db.deps);
    expect(await escalationsOf(caseId)).toEqual([
      { level: 'management', trigger: { partner_missed: 1, within: 'P30D' }, ref: '§7.4' },
    ]);
    // The repair fits a compressor: the case's cost passes CNY 100.
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const repair = await tech.post(`/api/v1/cases/${caseId}/repairs`, {
      diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(repair.statusCode, repair.body).toBe(201);
    const repairId = repair.json().id;
    const reserved = await tech.post(`/api/v1/repairs/${repairId}/parts`, {
      partNumber: 'CMP-900',
      quantity: 1,
      location: 'fixit-consignment',
    });
    expect(reserved.statusCode, reserved.body).toBe(200);
    const done = await tech.post(`/api/v1/repairs/${repairId}/completion`, {
      result: 'fixed',
      parts: [
        { lineId: reserved.json().parts[0].lineId, serialOut: 'C9-2024-00031', serialIn: 'C9-2026-77101' },
      ],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(await escalationsOf(caseId)).toEqual(
      expect.arrayContaining([{ level: 'management', trigger: { claim_cost_over: 100 }, ref: '§7.2' }]),
    );
    // The old compressor is not sent back within FixIt's 30 days.
    now = new Date('2026-12-28T02:00:00Z');
    await processDueClocks(server.db.deps);
    await processDueClocks(server.db.deps);
    expect(await escalationsOf(caseId)).toEqual(
      expect.arrayContaining([{ level: 'supervisor', trigger: { defective_parts_overdue: 1 }, ref: '§7.5' }]),
    );
    const words = (await subjectsOf(caseId)).flat().join('\n');
    expect(words).toContain('Cost of the claim above 100');
    expect(words).toContain('索赔成本超过 100');
    expect(words).toContain('Defective parts overdue for return from the service partner: 1');
    expect(words).toContain('服务伙伴逾期未退回的故障件：1 件');
    expect(words).toContain('Targets missed by the service partner: 1 within 30 days');
  });

  it('counts through the indexes of migration 0030', async () => {
    const { sql } = await import('kysely');
    const db = server.db.deps.db;
    const plan = async (q: ReturnType<typeof sql>) =>
      (await q.execute(db)).rows.map((r) => Object.values(r as object)[0]).join('\n');
    const t = server.tenantId;
    await sql`SET enable_seqscan = off`.execute(db);
    try {
      expect(
        await plan(sql`EXPLAIN SELECT count(*) FROM case_partner_responses WHERE tenant_id = ${t}
          AND party_id = ${t} AND decision = 'declined' AND created_at >= now()`),
      ).toMatch(/case_partner_responses_declined/);
      expect(
        await plan(sql`EXPLAIN SELECT count(*) FROM case_clocks WHERE tenant_id = ${t} AND owed_by = 'x'
          AND side = 'commitment' AND breach_recorded_at IS NOT NULL AND breach_recorded_at >= 0`),
        // Migration 0035's commitments index (by owed party and start) bounds it as well.
      ).toMatch(/case_clocks_missed_by|case_clocks_commitments_by/);
      expect(
        await plan(sql`EXPLAIN SELECT count(*) FROM deadline_clocks WHERE tenant_id = ${t} AND party_id = ${t}
          AND kind = 'defective_return' AND breached_at IS NOT NULL AND stopped_at IS NULL`),
      ).toMatch(/deadline_clocks_overdue_by/);
    } finally {
      await sql`SET enable_seqscan = on`.execute(db);
    }
  });
});
