import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * Issue 14's last pieces over the API, on PGlite or PostgreSQL (DATABASE_URL): the repairs page's
 * day (work orders by the case's appointment, else by the day they were worked on, in the
 * tenant's zone; a second partner sees none) and the brand's reviewer deciding a claim's lines
 * over the terms' proposal. Monday 2026-05-25 10:00 in Shanghai.
 */
let now = new Date('2026-05-25T02:00:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('the repairs of a day', () => {
  let repairId = '';
  let appointmentDay = '';

  it('lists a work order on its appointment’s day and on the day it was opened, for its partner only', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    // The chiller's site and FixIt's technician, as dispatch needs them.
    const site = await agent.post('/api/v1/sites', {
      customer: 'ruijin-hospital',
      name: 'Ruijin Hospital, main campus',
      addressZh: '上海市黄浦区瑞金二路197号',
      addressEn: '197 Ruijin Er Road, Huangpu District, Shanghai',
      district: 'Huangpu',
      territory: 'CN-SH',
      latitude: 31.2118,
      longitude: 121.4695,
      accessNotes: 'Plant room B2',
      openingHours: 'Mon-Fri 08:00-18:00',
      contactName: 'Zhou Min',
      contactPhone: '+86 21 6437 0045',
      units: ['CH9-2025-00417'],
    });
    expect(site.statusCode).toBe(201);
    const wang = await fixit.post('/api/v1/technicians', {
      party: 'fixit-shanghai',
      territories: ['CN-SH'],
      calendar: 'cn-business',
      phone: '+86 138 0000 0000',
      name: 'Wang Jun',
      userEmail: 'technician@fixit.example',
      homeLatitude: 31.2304,
      homeLongitude: 121.4737,
      skills: [{ product: 'CH-900', part: 'compressor', expiresOn: '2027-06-30' }],
    });
    expect(wang.statusCode).toBe(201);
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      customer: 'ruijin-hospital',
      description: 'Chiller alarms E12, compressor trips.',
      channel: 'phone',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id;
    await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
    await fixit.post(`/api/v1/cases/${caseId}/partner-response`, { decision: 'accepted' });
    const offered = await fixit.get(`/api/v1/appointments/slots?caseId=${caseId}`);
    expect(offered.statusCode, offered.body).toBe(200);
    const offer = offered.json();
    const slot = offer.slots.find((s: { startsAt: string }) => s.startsAt.slice(0, 10) > '2026-05-25');
    expect(slot).toBeDefined();
    const booked = await fixit.post('/api/v1/appointments', {
      caseId,
      technicianId: offer.technician.id,
      startsAt: slot.startsAt,
    });
    expect(booked.statusCode).toBe(201);
    appointmentDay = new Date(new Date(slot.startsAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const repair = await tech.post(`/api/v1/cases/${caseId}/repairs`, {});
    expect(repair.statusCode).toBe(201);
    repairId = repair.json().id;

    // Today (the tenant's zone, Asia/Shanghai): opened today.
    const today = await fixit.get('/api/v1/repairs/day');
    expect(today.statusCode).toBe(200);
    expect(today.json()).toMatchObject({
      date: '2026-05-25',
      zone: 'Asia/Shanghai',
      previous: '2026-05-24',
      next: '2026-05-26',
    });
    const mine = today.json().items.find((r: { id: string }) => r.id === repairId);
    expect(mine.on).toEqual(['opened']);
    // The appointment's day: there by the appointment, with its technician.
    const day = (await tech.get(`/api/v1/repairs/day?date=${appointmentDay}`)).json();
    const visit = day.items.find((r: { id: string }) => r.id === repairId);
    expect(visit.on).toEqual(['appointment']);
    expect(visit.appointments).toEqual([
      expect.objectContaining({ state: 'booked', technician: 'Wang Jun', startsAt: slot.startsAt }),
    ]);
    // The day before: not there.
    const before = (await fixit.get('/api/v1/repairs/day?date=2026-05-24')).json();
    expect(before.items.map((r: { id: string }) => r.id)).not.toContain(repairId);
    // Staff see it; a second partner sees nothing of FixIt's day, and the repair itself is 404.
    expect(
      (await agent.get('/api/v1/repairs/day?date=2026-05-25')).json().items.map((r: { id: string }) => r.id),
    ).toContain(repairId);
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    for (const date of ['2026-05-25', appointmentDay]) {
      const theirs = (await pearl.get(`/api/v1/repairs/day?date=${date}`)).json();
      expect(theirs.items.map((r: { id: string }) => r.id)).not.toContain(repairId);
    }
    expect((await pearl.get(`/api/v1/repairs/${repairId}`)).statusCode).toBe(404);
    // A date that is not one is refused, naming the field.
    const bad = await fixit.get('/api/v1/repairs/day?date=2026-13-40');
    expect(bad.statusCode).toBe(400);
  });

  it('has an index on (tenant, instant) for each of the day’s four reads', async () => {
    const indexes = await server.db.deps.db
      .selectFrom('pg_indexes' as never)
      .select(['indexname' as never])
      .where('tablename' as never, 'in', ['repairs', 'repair_visits', 'appointments'] as never)
      .execute();
    expect(indexes.map((i) => (i as { indexname: string }).indexname)).toEqual(
      expect.arrayContaining([
        'repairs_by_opened',
        'repairs_by_completed',
        'repair_visits_by_arrival',
        'appointments_by_start',
      ]),
    );
  });
});

describe('the brand reviews a claim line by line', () => {
  let claimId = '';

  it('the partner files a claim; the terms propose; ACME approves, reduces and rejects with reasons and clauses', async () => {
    now = new Date('2026-05-26T02:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'critical',
      serial: 'CH9-2024-00031',
      description: 'Compressor trips on start. 压缩机启动跳闸。',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id;
    await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const repair = (
      await tech.post(`/api/v1/cases/${caseId}/repairs`, {
        diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
      })
    ).json();
    await tech.post(`/api/v1/repairs/${repair.id}/labor`, { operation: 'diagnose', minutes: 50 });
    await tech.post(`/api/v1/repairs/${repair.id}/labor`, { operation: 'replace_compressor', minutes: 400 });
    now = new Date('2026-05-26T08:00:00Z');
    expect(
      (
        await tech.post(`/api/v1/repairs/${repair.id}/visits`, {
          arrivedAt: '2026-05-26T03:00:00Z',
          leftAt: '2026-05-26T07:00:00Z',
          distanceKm: 45,
          customerSigned: true,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await tech.post(`/api/v1/repairs/${repair.id}/completion`, { result: 'fixed', parts: [] })).statusCode,
    ).toBe(200);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const filed = await fixit.post(`/api/v1/repairs/${repair.id}/claim`, {
      lines: [
        { kind: 'labor', item: 'diagnose', quantity: 50, amount: '150.00' },
        { kind: 'labor', item: 'replace_compressor', quantity: 400, amount: '1200.00' },
        { kind: 'travel', quantity: 45, amount: '112.50' },
      ],
      evidence: [{ evidence: 'photos', name: 'compressor.png', mediaType: 'image/png', contentBase64: PNG }],
    });
    expect(filed.statusCode).toBe(201);
    claimId = filed.json().id;
    const proposed = filed.json().decision.lines.map((l: { status: string }) => l.status);
    expect(proposed).toEqual(['approved', 'reduced', 'reduced']);

    // A partner may not review its own claim; a second partner does not find it.
    const review = {
      lines: [
        {
          line: 0,
          status: 'reduced',
          amount: '120.00',
          reason: 'Diagnosis took 40 min by the log.',
          ref: '§5',
        },
        { line: 1, status: 'approved', reason: 'Rusted fittings: the extra time is accepted.', ref: '§5.2' },
        { line: 2, status: 'rejected', reason: 'Visit combined with another job.', ref: '§5.3' },
      ],
    };
    expect((await fixit.post(`/api/v1/claims/${claimId}/review`, review)).statusCode).toBe(403);
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await pearl.post(`/api/v1/claims/${claimId}/review`, review)).statusCode).toBe(404);
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    // A status outside the three is refused with the three named; a reduction needs an amount below the claim.
    const wrong = await manager.post(`/api/v1/claims/${claimId}/review`, {
      lines: [{ line: 0, status: 'waived', reason: 'x', ref: '§5' }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json())).toMatch(/approved.*reduced.*rejected/);
    const tooMuch = await manager.post(`/api/v1/claims/${claimId}/review`, {
      lines: [{ line: 0, status: 'reduced', amount: '150.00', reason: 'x', ref: '§5' }],
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/lines/0/amount']);
    const noLine = await manager.post(`/api/v1/claims/${claimId}/review`, {
      lines: [{ line: 7, status: 'approved', reason: 'x', ref: '§5' }],
    });
    expect(noLine.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/lines/0/line']);

    const reviewed = await manager.post(`/api/v1/claims/${claimId}/review`, review);
    expect(reviewed.statusCode).toBe(200);
    const c = reviewed.json();
    expect(c).toMatchObject({ state: 'partly_approved', approved: '1320.00', claimed: '1462.50' });
    expect(
      c.decision.lines.map((l: { status: string; approvedMinor: number; ref: string; reason: string }) => [
        l.status,
        l.approvedMinor,
        l.ref,
        l.reason,
      ]),
    ).toEqual([
      ['reduced', 12000, '§5', 'reviewer_decision'],
      ['approved', 120000, '§5.2', 'reviewer_decision'],
      ['rejected', 0, '§5.3', 'reviewer_decision'],
    ]);
    // What the terms had proposed stays beside the reviewer's answer.
    expect(c.decision.lines[1].proposed).toMatchObject({
      status: 'reduced',
      approvedMinor: 108000,
      ref: '§5',
    });
    expect(c.decision.lines[1].reviewed).toMatchObject({ by: expect.any(String), on: '2026-05-26' });
    expect(c.decision.lines[2].explanation.en).toBe('Visit combined with another job.');

    // The partner reads the reviewed claim; the ledger owes FixIt what the review approved.
    const seen = (await fixit.get(`/api/v1/claims/${claimId}`)).json();
    expect(seen.approved).toBe('1320.00');
    const lines = (await manager.get(`/api/v1/cost-lines?case=${caseId}`)).json().items;
    const owed = lines
      .filter((l: { payee: { key: string } | null }) => l.payee?.key === 'fixit-shanghai')
      .reduce((s: number, l: { amountMinor: number }) => s + l.amountMinor, 0);
    expect(owed).toBe(132000);
    const entries = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('entry_type')
      .where('tenant_id', '=', server.tenantId)
      .where('subject_id', '=', caseId)
      .execute();
    expect(entries.map((e) => e.entry_type)).toContain('claim.reviewed');

    // Paid, it is settled: no review after.
    expect((await manager.post(`/api/v1/claims/${claimId}/payment`, {})).statusCode).toBe(200);
    expect((await manager.post(`/api/v1/claims/${claimId}/review`, review)).statusCode).toBe(409);
  });
});
