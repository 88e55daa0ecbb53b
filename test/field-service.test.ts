import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

// Field service (issue 17) across the layers, on PGlite or on PostgreSQL (DATABASE_URL).
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
const png = (name: string) => ({ name, mediaType: 'image/png', contentBase64: PNG });

async function outbox(kind: string) {
  return server.db.deps.db
    .selectFrom('outbox')
    .select(['subject_en', 'subject_zh', 'recipient_party_id', 'case_id'])
    .where('tenant_id', '=', server.tenantId)
    .where('kind', '=', kind)
    .execute();
}

async function entries(type: string) {
  return server.db.deps.db
    .selectFrom('timeline_entries')
    .select(['seq'])
    .where('tenant_id', '=', server.tenantId)
    .where('entry_type', '=', type)
    .execute();
}

describe('installation sets the cover start; maintenance is planned, reminded, warned, and a skipped one suspends cover (§2.4)', () => {
  const serial = 'CH9-2026-77777';

  it('runs from the installation to a case decided as suspended', async () => {
    let agent = await Session.signIn(server.app, 'agent@acme.example');
    const created = await agent.post('/api/v1/units', {
      serial,
      product: 'CH-900',
      owner: 'ruijin-hospital',
      servicePartner: 'fixit-shanghai',
      territory: 'CN-SH',
      soldOn: '2026-04-01',
      deliveredOn: '2026-05-10',
    });
    expect(created.statusCode).toBe(201);

    let fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    const body = { serial, kind: 'installation', checklist: ['Level and anchor', 'Pipework pressure test'] };
    expect((await pearl.post('/api/v1/work-orders', body)).statusCode).toBe(404);
    const order = await fixit.post('/api/v1/work-orders', body);
    expect(order.statusCode).toBe(201);
    const id = order.json().id;
    // The partner's open work orders list it, with the customer's and the product's names; another partner's do not.
    const open = (await fixit.get('/api/v1/work-orders')).json();
    expect(open.find((w: { id: string }) => w.id === id)).toMatchObject({
      serial,
      kind: 'installation',
      state: 'open',
      customer: { name: 'Ruijin Hospital' },
      product: { model: 'CH-900' },
    });
    expect((await pearl.get('/api/v1/work-orders')).json()).toEqual([]);
    expect((await fixit.get('/api/v1/work-orders?state=pending')).statusCode).toBe(400);
    const completion = {
      checklist: [
        { item: 'Level and anchor', done: true },
        { item: 'Pipework pressure test', done: false },
      ],
      commissioning: { leavingWaterC: 7.1, suctionPressureBar: 4.3 },
      signedBy: 'Dr. Li Fang',
      signature: png('signature.png'),
      photos: [png('plate.png')],
      completedOn: '2026-05-20',
    };
    const unfinished = await fixit.post(`/api/v1/work-orders/${id}/completion`, completion);
    expect(unfinished.statusCode).toBe(400);
    completion.checklist[1]!.done = true;
    const done = await fixit.post(`/api/v1/work-orders/${id}/completion`, completion);
    expect(done.statusCode).toBe(200);
    expect(
      (await fixit.get('/api/v1/work-orders?state=completed')).json().map((w: { id: string }) => w.id),
    ).toContain(id);
    expect(done.json()).toMatchObject({
      state: 'completed',
      completedOn: '2026-05-20',
      plans: [
        {
          ref: '§2.4',
          every: 'P6M',
          basis: '2026-05-20',
          nextDueOn: '2026-11-20',
          suspendsAfter: '2026-11-20',
        },
      ],
    });
    // Cover starts from the recorded installation, as evidence.
    const unit = (await agent.get(`/api/v1/units/by-serial/${serial}`)).json();
    expect(unit.installedOn).toBe('2026-05-20');
    expect((await entries('unit.installed')).length).toBe(1);

    // The customer sees the plan in its due list; another partner does not.
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const due = (await ruijin.get('/api/v1/maintenance/due?until=2026-12-31')).json();
    expect(due.map((p: { serial: string }) => p.serial)).toContain(serial);
    const pearlDue = (await pearl.get('/api/v1/maintenance/due?until=2026-12-31')).json();
    expect(pearlDue.map((p: { serial: string }) => p.serial)).not.toContain(serial);

    let admin = await Session.signIn(server.app, 'admin@acme.example');
    expect((await ruijin.post('/api/v1/maintenance/notices', {})).statusCode).toBe(403);
    // Thirty days before: the reminder.
    now = new Date('2026-10-25T02:00:00Z');
    admin = await Session.signIn(server.app, 'admin@acme.example');
    expect((await admin.post('/api/v1/maintenance/notices', {})).json()).toMatchObject({
      reminders: 1,
      warnings: 0,
    });
    expect((await outbox('maintenance_reminder')).map((m) => m.subject_en)).toEqual([
      `Your CH-900 ${serial} is due for maintenance on 2026-11-20 (§2.4)`,
    ]);
    // The maintenance visit is opened ahead, once per due day, and scheduled like any visit.
    const ruijinNow = await Session.signIn(server.app, 'customer@ruijin.example');
    const pearlNow = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await ruijinNow.post('/api/v1/maintenance/visits', {})).statusCode).toBe(403);
    expect((await admin.post('/api/v1/maintenance/visits', {})).json()).toEqual({ opened: 1 });
    expect((await admin.post('/api/v1/maintenance/visits', {})).json()).toEqual({ opened: 0 });
    const plan = await server.db.deps.db
      .selectFrom('maintenance_plans')
      .select(['visit_case_id', 'visit_for'])
      .where('tenant_id', '=', server.tenantId)
      .where('ref', '=', '§2.4')
      .where('visit_for', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(plan.visit_for).toBe('2026-11-20');
    const planned = (await admin.get(`/api/v1/cases/${plan.visit_case_id}`)).json();
    expect(planned).toMatchObject({
      kind: 'maintenance',
      unit: { serial },
      customer: { key: 'ruijin-hospital' },
      // The unit's service partner gets the visit by itself, and finds it on its board.
      servicePartner: { key: 'fixit-shanghai' },
    });
    expect(planned.description).toContain('Maintenance due by 2026-11-20 (§2.4)');
    // Planned work, not a failure: no promise clock runs on it.
    expect(planned.clocks).toEqual([]);
    // The customer sees its visit; another customer and another partner do not.
    expect((await ruijinNow.get(`/api/v1/cases/${plan.visit_case_id}`)).statusCode).toBe(200);
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/cases/${plan.visit_case_id}`)).statusCode).toBe(404);
    expect((await pearlNow.get(`/api/v1/cases/${plan.visit_case_id}`)).statusCode).toBe(404);
    const fixitNow = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await fixitNow.get(`/api/v1/cases/${plan.visit_case_id}`)).statusCode).toBe(200);
    // A week before the cover would be suspended: the warning, citing §2.4, once.
    now = new Date('2026-11-16T02:00:00Z');
    admin = await Session.signIn(server.app, 'admin@acme.example');
    expect((await admin.post('/api/v1/maintenance/notices', {})).json()).toMatchObject({
      reminders: 0,
      warnings: 1,
    });
    expect((await admin.post('/api/v1/maintenance/notices', {})).json()).toMatchObject({
      reminders: 0,
      warnings: 0,
    });
    const [warning] = await outbox('maintenance_warning');
    expect(warning!.subject_en).toBe(
      `Your CH-900 ${serial}: cover depends on maintenance by 2026-11-20, §2.4`,
    );
    expect(warning!.subject_zh).toContain('§2.4');
    expect((await entries('unit.maintenance_notice')).length).toBe(2);

    // The maintenance is skipped: a failure after the due day is decided as suspended, §2.4.
    now = new Date('2026-11-25T02:00:00Z');
    agent = await Session.signIn(server.app, 'agent@acme.example');
    fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial,
      customer: 'ruijin-hospital',
      description: 'No cooling.',
      channel: 'phone',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json().decision).toMatchObject({
      covered: false,
      suspended: true,
      reason: 'condition_unmet',
      cites: ['§2.4'],
      suspension: { condition: 'maintenance_every', ref: '§2.4' },
    });

    // Maintenance performed moves the plan on, as evidence.
    const maintained = await fixit.post('/api/v1/maintenance/performed', {
      serial,
      performedOn: '2026-11-25',
    });
    expect(maintained.statusCode).toBe(200);
    expect(maintained.json()[0]).toMatchObject({ nextDueOn: '2027-05-25' });
    expect((await entries('unit.maintained')).length).toBeGreaterThan(0);
  });
});

describe('the CH-900 case in Shanghai: suggestion, portal slot, phone day list, offline visit report', () => {
  it('keeps the 24 business-hour on-site promise', async () => {
    now = new Date('2026-11-30T01:30:00Z'); // Monday 09:30 in Shanghai
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    const tech = await Session.signIn(server.app, 'technician@fixit.example');

    // The customer's site, with the chiller standing there.
    const site = await agent.post('/api/v1/sites', {
      customer: 'ruijin-hospital',
      name: 'Ruijin Hospital, main campus',
      addressZh: '上海市黄浦区瑞金二路197号',
      addressEn: '197 Ruijin Er Road, Huangpu District, Shanghai',
      district: 'Huangpu',
      territory: 'CN-SH',
      latitude: 31.2118,
      longitude: 121.4695,
      accessNotes: 'Plant room B2, ask security for the key',
      openingHours: 'Mon-Fri 08:00-18:00',
      contactName: 'Zhou Min',
      contactPhone: '+86 21 6437 0045',
      units: ['CH9-2025-00417'],
    });
    expect(site.statusCode).toBe(201);
    const siteId = site.json().id;
    expect(site.json().units).toEqual([{ id: expect.any(String), serial: 'CH9-2025-00417' }]);
    expect((await ruijin.get(`/api/v1/sites/${siteId}`)).statusCode).toBe(200);
    expect((await ruijin.get('/api/v1/sites')).json()).toHaveLength(1);
    expect((await fixit.get(`/api/v1/sites/${siteId}`)).statusCode).toBe(404);
    expect((await pearl.get(`/api/v1/sites/${siteId}`)).statusCode).toBe(404);
    // The customer edits its own site in the portal; another customer cannot.
    const zhangEdit = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhangEdit.patch(`/api/v1/sites/${siteId}`, { openingHours: 'never' })).statusCode).toBe(
      404,
    );
    const edited = await ruijin.patch(`/api/v1/sites/${siteId}`, { openingHours: 'Mon-Sat 08:00-18:00' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      openingHours: 'Mon-Sat 08:00-18:00',
      units: [{ serial: 'CH9-2025-00417' }],
    });

    // FixIt's technicians: one certified, one with an expired certificate, one absent, one for purifiers only.
    const base = {
      party: 'fixit-shanghai',
      territories: ['CN-SH'],
      calendar: 'cn-business',
      phone: '+86 138 0000 0000',
    };
    const wang = await fixit.post('/api/v1/technicians', {
      ...base,
      name: 'Wang Jun',
      userEmail: 'technician@fixit.example',
      homeLatitude: 31.2304,
      homeLongitude: 121.4737,
      skills: [{ product: 'CH-900', part: 'compressor', expiresOn: '2027-06-30' }],
    });
    expect(wang.statusCode).toBe(201);
    await fixit.post('/api/v1/technicians', {
      ...base,
      name: 'Li Ming',
      homeLatitude: 31.215,
      homeLongitude: 121.47,
      skills: [{ product: 'CH-900', expiresOn: '2026-01-31' }],
    });
    await fixit.post('/api/v1/technicians', {
      ...base,
      name: 'Chen Hao',
      homeLatitude: 31.212,
      homeLongitude: 121.469,
      skills: [{ product: 'CH-900', expiresOn: '2027-12-31' }],
      absences: [{ from: '2026-11-29T16:00:00Z', to: '2026-12-11T16:00:00Z' }],
    });
    await fixit.post('/api/v1/technicians', {
      ...base,
      name: 'Zhao Lei',
      homeLatitude: 31.2,
      homeLongitude: 121.45,
      skills: [{ product: 'PA-300', expiresOn: '2027-12-31' }],
    });
    expect(
      (
        await pearl.post('/api/v1/technicians', {
          ...base,
          name: 'Intruder',
          homeLatitude: 31,
          homeLongitude: 121,
          skills: [],
        })
      ).statusCode,
    ).toBe(403);
    expect((await pearl.get('/api/v1/technicians')).json()).toHaveLength(0);

    // The case: critical, on site within 24 business hours (§4).
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
    expect(
      (await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await fixit.post(`/api/v1/cases/${caseId}/partner-response`, { decision: 'accepted' })).statusCode,
    ).toBe(200);

    // The board's suggestion: the certified, free, nearby FixIt technician, with reasons.
    expect((await pearl.get(`/api/v1/appointments/suggestion?caseId=${caseId}`)).statusCode).toBe(404);
    const suggestion = await fixit.get(`/api/v1/appointments/suggestion?caseId=${caseId}`);
    expect(suggestion.statusCode).toBe(200);
    const s = suggestion.json();
    expect(s.onsiteDueAt).not.toBeNull();
    expect(s.best).toMatchObject({ name: 'Wang Jun', eligible: true, meetsDeadline: true });
    const codes = s.best.reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining(['certified', 'part_certified', 'territory', 'travel', 'deadline_met']),
    );
    expect(s.best.reasons.every((r: { en: string; zh: string }) => r.en && r.zh)).toBe(true);
    const li = s.ranked.find((c: { name: string }) => c.name === 'Li Ming');
    expect(li.eligible).toBe(false);
    expect(li.reasons.map((r: { code: string }) => r.code)).toContain('certification_expired');
    const chen = s.ranked.find((c: { name: string }) => c.name === 'Chen Hao');
    expect(chen.meetsDeadline).toBe(false);
    expect(s.ranked.find((c: { name: string }) => c.name === 'Zhao Lei').eligible).toBe(false);

    // The customer picks a slot in the portal: all offered slots keep the on-site deadline.
    const offer = (await ruijin.get(`/api/v1/appointments/slots?caseId=${caseId}`)).json();
    expect(offer.technician.name).toBe('Wang Jun');
    expect(offer.slots.length).toBeGreaterThan(1);
    for (const slot of offer.slots) {
      expect(slot.meetsDeadline).toBe(true);
      expect(slot.startsAt <= offer.onsiteDueAt).toBe(true);
    }
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/appointments/slots?caseId=${caseId}`)).statusCode).toBe(404);
    const offTheList = await ruijin.post('/api/v1/appointments', {
      caseId,
      technicianId: offer.technician.id,
      startsAt: '2026-11-30T20:00:00Z',
    });
    expect(offTheList.statusCode).toBe(409);
    expect(offTheList.json().code).toBe('slot_not_offered');
    const booked = await ruijin.post('/api/v1/appointments', {
      caseId,
      technicianId: offer.technician.id,
      startsAt: offer.slots[0].startsAt,
    });
    expect(booked.statusCode).toBe(201);
    expect(booked.json()).toMatchObject({ state: 'booked', chosenBy: 'customer' });
    const appointmentId = booked.json().id;
    expect((await outbox('appointment_confirmed')).filter((m) => m.case_id === caseId)).toHaveLength(1);

    // The customer asks to push it later: the chiller terms name no such pause, so the clock runs on.
    const later = (
      await ruijin.get(`/api/v1/appointments/slots?caseId=${caseId}&technicianId=${offer.technician.id}`)
    ).json().slots[1];
    const moved = await ruijin.post(`/api/v1/appointments/${appointmentId}/reschedule`, {
      startsAt: later.startsAt,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().reschedules).toBe(1);
    expect(moved.json().clockEffect.en).toContain('do not name a pause');
    const clocks = (await agent.get(`/api/v1/cases/${caseId}`)).json().clocks;
    for (const c of clocks.filter((c: { target: string }) => c.target === 'onsite'))
      expect(c.status).toBe('running');
    expect((await entries('case.appointment_rescheduled')).length).toBe(1);

    // The reminder goes out within the 24 hours before the visit, once.
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    expect((await admin.post('/api/v1/appointments/reminders', {})).json().reminders).toBe(1);
    expect((await admin.post('/api/v1/appointments/reminders', {})).json().reminders).toBe(0);

    // The technician's phone list: the site, the contact, the parts.
    const date = new Date(Date.parse(later.startsAt) + 8 * 3600_000).toISOString().slice(0, 10);
    const day = await tech.get(`/api/v1/technicians/day?date=${date}`);
    expect(day.statusCode).toBe(200);
    const stop = day.json().stops[0];
    expect(stop).toMatchObject({
      order: 1,
      appointmentId,
      serial: 'CH9-2025-00417',
      site: {
        addressZh: '上海市黄浦区瑞金二路197号',
        contact: { name: 'Zhou Min', phone: '+86 21 6437 0045' },
        accessNotes: 'Plant room B2, ask security for the key',
      },
    });
    expect(stop.parts.map((p: { why: string }) => p.why)).toContain('likely_failed');
    expect(stop.leg.km).toBeGreaterThan(0);
    expect((await fixit.get(`/api/v1/sites/${siteId}`)).statusCode).toBe(200);
    expect((await pearl.get(`/api/v1/sites/${siteId}`)).statusCode).toBe(404);
    expect(
      (await pearl.get(`/api/v1/technicians/day?date=${date}&technicianId=${wang.json().id}`)).statusCode,
    ).toBe(404);

    // Filed offline on site, sent hours later: the server takes the arrival the phone recorded.
    const arrivedAt = new Date(Date.parse(later.startsAt) + 10 * 60_000).toISOString();
    now = new Date(Date.parse(later.startsAt) + 5 * 3600_000);
    const report = {
      arrivedAt,
      workDone: 'Replaced the compressor contactor; E12 cleared.',
      partsUsed: [{ partNumber: 'CMP-900', quantity: 1 }],
      signedBy: 'Zhou Min',
      signature: png('signature.png'),
    };
    expect((await pearl.post(`/api/v1/appointments/${appointmentId}/visit-report`, report)).statusCode).toBe(
      404,
    );
    const filed = await tech.post(`/api/v1/appointments/${appointmentId}/visit-report`, report);
    expect(filed.statusCode).toBe(201);
    const onsite = filed.json().clocks.filter((c: { target: string }) => c.target === 'onsite');
    expect(onsite.length).toBeGreaterThan(0);
    for (const c of onsite) {
      expect(c.stoppedAt).toBe(arrivedAt.replace('Z', '.000Z').replace('.000.000Z', '.000Z'));
      expect(c.status).toBe('met');
    }
    expect((await tech.get(`/api/v1/appointments/${appointmentId}`)).json().state).toBe('done');
  });
});

describe('a missed visit: the terms decide what it does to the clocks', () => {
  it('pauses the chiller promise from a visit the customer missed until the next is booked; a technician’s miss pauses nothing', async () => {
    now = new Date('2026-12-14T01:30:00Z'); // Monday 09:30 in Shanghai
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      customer: 'ruijin-hospital',
      description: 'Chiller trips again on high pressure.',
      channel: 'phone',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id;
    await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
    await fixit.post(`/api/v1/cases/${caseId}/partner-response`, { decision: 'accepted' });
    const offer = (await fixit.get(`/api/v1/appointments/slots?caseId=${caseId}`)).json();
    const first = await fixit.post('/api/v1/appointments', {
      caseId,
      technicianId: offer.technician.id,
      startsAt: offer.slots[0].startsAt,
    });
    expect(first.statusCode).toBe(201);
    const onsite = async () =>
      (await agent.get(`/api/v1/cases/${caseId}`))
        .json()
        .clocks.filter((c: { target: string }) => c.target === 'onsite') as {
        side: string;
        status: string;
        dueAt: string;
        ref: string | null;
      }[];
    const promiseBefore = (await onsite()).find((c) => c.side === 'promise')!;
    expect(promiseBefore.status).toBe('running');

    // An hour after the slot began the customer still is not there.
    now = new Date(Date.parse(offer.slots[0].startsAt) + 3600_000);
    expect(
      (await pearl.post(`/api/v1/appointments/${first.json().id}/no-show`, { by: 'customer' })).statusCode,
    ).toBe(404);
    const missed = await fixit.post(`/api/v1/appointments/${first.json().id}/no-show`, { by: 'customer' });
    expect(missed.statusCode).toBe(200);
    const effects = missed.json().clockEffects as {
      side: string;
      target: string;
      paused: boolean;
      because: { en: string };
    }[];
    // The chiller terms name `site_not_accessible`: the brand's promise pauses; FixIt's agreement names no pause.
    expect(effects.find((e) => e.side === 'promise' && e.target === 'onsite')).toMatchObject({
      paused: true,
    });
    expect(effects.find((e) => e.side === 'commitment' && e.target === 'onsite')).toMatchObject({
      paused: false,
    });
    expect((await onsite()).find((c) => c.side === 'promise')!.status).toBe('paused');
    expect((await agent.get(`/api/v1/cases/${caseId}`)).json().siteNotAccessible).toBe(true);

    // Two hours later the customer books again: the pause ends, the deadline moved by the paused time.
    now = new Date(now.getTime() + 2 * 3600_000);
    const again = (await ruijin.get(`/api/v1/appointments/slots?caseId=${caseId}`)).json();
    const second = await ruijin.post('/api/v1/appointments', {
      caseId,
      technicianId: again.technician.id,
      startsAt: again.slots[0].startsAt,
    });
    expect(second.statusCode).toBe(201);
    const promiseAfter = (await onsite()).find((c) => c.side === 'promise')!;
    expect(promiseAfter.status).toBe('running');
    expect(Date.parse(promiseAfter.dueAt)).toBeGreaterThan(Date.parse(promiseBefore.dueAt));
    expect((await agent.get(`/api/v1/cases/${caseId}`)).json().siteNotAccessible).toBe(false);

    // The technician does not come: the provider's miss, no clock pauses.
    now = new Date(Date.parse(again.slots[0].startsAt) + 3600_000);
    const noTech = await fixit.post(`/api/v1/appointments/${second.json().id}/no-show`, { by: 'technician' });
    expect(noTech.statusCode).toBe(200);
    expect(noTech.json().clockEffects.every((e: { paused: boolean }) => !e.paused)).toBe(true);
    expect((await onsite()).find((c) => c.side === 'promise')!.dueAt).toBe(promiseAfter.dueAt);
    const recorded = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('seq')
      .where('tenant_id', '=', server.tenantId)
      .where('entry_type', '=', 'case.appointment_no_show')
      .execute();
    expect(recorded).toHaveLength(2);
  });
});

describe('technicians are changed and retired, by their own partner only', () => {
  it('renews a certificate, refuses a bad calendar, keeps a technician with visits ahead, retires one without', async () => {
    now = new Date('2026-12-21T01:30:00Z'); // Monday 09:30 in Shanghai
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const people = (await fixit.get('/api/v1/technicians')).json() as { id: string; name: string }[];
    const byName = (name: string) => people.find((p) => p.name === name)!;
    const li = byName('Li Ming');

    // Another partner does not find FixIt's people; FixIt's technician may not edit them.
    expect((await pearl.patch(`/api/v1/technicians/${li.id}`, { phone: '+86 1' })).statusCode).toBe(404);
    expect((await tech.patch(`/api/v1/technicians/${li.id}`, { phone: '+86 1' })).statusCode).toBe(403);
    const bad = await fixit.patch(`/api/v1/technicians/${li.id}`, {
      calendar: 'no-such-calendar',
      phone: '+86 2',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('/body/calendar');
    expect(
      (await fixit.get('/api/v1/technicians')).json().find((p: { id: string }) => p.id === li.id).phone,
    ).toBe('+86 138 0000 0000');

    // Li Ming's CH-900 certificate renewed: the suggestion now counts him certified.
    const renewed = await fixit.patch(`/api/v1/technicians/${li.id}`, {
      skills: [{ product: 'CH-900', expiresOn: '2028-01-31' }],
    });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json().skills).toEqual([{ product: 'CH-900', part: null, expiresOn: '2028-01-31' }]);
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      customer: 'ruijin-hospital',
      description: 'Low refrigerant alarm.',
      channel: 'phone',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    const caseId = opened.json().id;
    await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
    const suggestion = (await fixit.get(`/api/v1/appointments/suggestion?caseId=${caseId}`)).json();
    const liNow = suggestion.ranked.find((c: { name: string }) => c.name === 'Li Ming');
    expect(liNow.reasons.map((r: { code: string }) => r.code)).toContain('certified');

    // A technician with a visit booked ahead is not retired; one without is, and leaves the board.
    const offer = (
      await fixit.get(`/api/v1/appointments/slots?caseId=${caseId}&technicianId=${li.id}`)
    ).json();
    expect(
      (
        await fixit.post('/api/v1/appointments', {
          caseId,
          technicianId: li.id,
          startsAt: offer.slots[0].startsAt,
        })
      ).statusCode,
    ).toBe(201);
    const kept = await fixit.patch(`/api/v1/technicians/${li.id}`, { retired: true });
    expect(kept.statusCode).toBe(409);
    expect(kept.json().detail).toContain('1 visit booked ahead');
    const zhao = byName('Zhao Lei');
    const retired = await fixit.patch(`/api/v1/technicians/${zhao.id}`, { retired: true });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retiredAt).toBe(now.toISOString());
    const board = (await fixit.get('/api/v1/appointments/board?from=2026-12-21&days=1')).json();
    expect(board.technicians.map((t: { name: string }) => t.name)).not.toContain('Zhao Lei');
    expect(board.technicians.map((t: { name: string }) => t.name)).toContain('Li Ming');
    const listed = (await fixit.get('/api/v1/technicians')).json();
    expect(listed.find((p: { id: string }) => p.id === zhao.id).retiredAt).toBe(now.toISOString());
    expect(await entries('technician.changed')).toHaveLength(2);
  });
});
