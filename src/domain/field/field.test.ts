import { describe, expect, it } from 'vitest';
import { calendar, iso, sec } from '../calendar/testing.ts';
import type { Agreement } from '../terms/index.ts';
import {
  bestTechnician,
  haversineKm,
  noShowEffect,
  noticeDue,
  offerSlots,
  plansFor,
  postponementEffect,
  suggestTechnician,
  type TechnicianFacts,
  travel,
  type VisitFacts,
} from './index.ts';

const site = { latitude: 31.2118, longitude: 121.4695 };
const visit: VisitFacts = {
  product: 'CH-900',
  part: 'compressor',
  territory: 'CN-SH',
  site,
  date: '2026-11-30',
  dueAt: sec('2026-12-01T06:00:00Z'),
};
const tech = (over: Partial<TechnicianFacts>): TechnicianFacts => ({
  id: 'a',
  name: 'A',
  skills: [{ product: 'CH-900', part: null, expiresOn: '2027-06-30' }],
  territories: ['CN-SH'],
  from: { latitude: 31.23, longitude: 121.47 },
  freeAt: sec('2026-11-30T02:00:00Z'),
  load: 0,
  ...over,
});

describe('travel model', () => {
  it('is the haversine distance × 1.3 at 30 km/h', () => {
    // People's Square to Pudong airport: about 43 km as the crow flies.
    const km = haversineKm(
      { latitude: 31.2304, longitude: 121.4737 },
      { latitude: 31.1443, longitude: 121.8083 },
    );
    expect(km).toBeGreaterThan(30);
    expect(km).toBeLessThan(40);
    const t = travel({ latitude: 31.2304, longitude: 121.4737 }, { latitude: 31.1443, longitude: 121.8083 });
    expect(t.km).toBeCloseTo(km * 1.3, 6);
    expect(t.seconds).toBe(Math.round((t.km / 30) * 3600));
  });
});

describe('dispatch suggestion', () => {
  it('prefers the certified technician in territory who meets the deadline, then less travel and load', () => {
    const pool = [
      tech({ id: 'expired', skills: [{ product: 'CH-900', part: null, expiresOn: '2026-01-31' }] }),
      tech({ id: 'elsewhere', territories: ['CN-JS'] }),
      tech({ id: 'late', freeAt: sec('2026-12-02T01:00:00Z') }),
      tech({ id: 'busy', load: 4 }),
      tech({
        id: 'near',
        from: site,
        skills: [{ product: 'CH-900', part: 'compressor', expiresOn: '2027-06-30' }],
      }),
    ];
    const s = suggestTechnician(visit, pool);
    expect(s.best?.technicianId).toBe('near');
    expect(s.best?.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['certified', 'part_certified', 'territory', 'deadline_met']),
    );
    expect(s.ranked.map((c) => c.technicianId)).toEqual(['near', 'busy', 'late', 'elsewhere', 'expired']);
    const expired = s.ranked.find((c) => c.technicianId === 'expired')!;
    expect(expired.reasons.find((r) => r.code === 'certification_expired')?.zh).toContain('过期');
    expect(bestTechnician(visit, pool)?.technicianId).toBe('near');
  });

  it('answers none, with reasons, when nobody is eligible', () => {
    const s = suggestTechnician(visit, [tech({ skills: [] })]);
    expect(s.best).toBeNull();
    expect(s.ranked[0]!.reasons[0]!.code).toBe('not_certified');
    expect(bestTechnician(visit, [tech({ skills: [] })])).toBeNull();
  });
});

describe('slots', () => {
  const cal = calendar({ timezone: 'Asia/Shanghai', weekdays: ['09:00-12:00', '13:00-18:00'] });
  // Home about 30 minutes from the site under the travel model (11.5 km straight, 15 km by road).
  const home = { latitude: site.latitude + 11.54 / 111.195, longitude: site.longitude };
  const far = { latitude: site.latitude + 46.2 / 111.195, longitude: site.longitude }; // about 2 h
  const base = {
    calendar: cal,
    slotSeconds: 7200,
    home,
    site,
    busy: [] as { startsAt: number; endsAt: number; at: typeof site }[],
    absences: [] as [number, number][],
    count: 4,
    horizonSeconds: 7 * 86_400,
  };
  const stop = (from: string, to: string, at: typeof site) => ({ startsAt: sec(from), endsAt: sec(to), at });

  it('offers whole slots in working time, clear of bookings with travel, before the deadline', () => {
    expect(Math.abs(travel(home, site).seconds - 1800)).toBeLessThan(30);
    const slots = offerSlots({
      ...base,
      from: sec('2026-11-30T01:00:00Z'), // Monday 09:00 Shanghai
      dueAt: sec('2026-12-01T06:00:00Z'),
      busy: [stop('2026-11-30T05:00:00Z', '2026-11-30T07:00:00Z', home)], // 13:00-15:00, 30 min away
    });
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      '2026-11-30T02:00:00Z', // 10:00-12:00 (09:00 + 30 min travel, on the hour)
      '2026-11-30T08:00:00Z', // 16:00-18:00 (15:00 + 30 min travel from the visit before)
      '2026-12-01T01:00:00Z', // Tuesday 09:00-11:00, from home
      '2026-12-01T05:00:00Z', // 13:00-15:00
    ]);
    expect(slots.map((s) => s.comesFrom)).toEqual(['home', 'previous_visit', 'home', 'home']);
    expect(slots.every((s) => s.meetsDeadline)).toBe(true);
  });

  it('travels from the visit booked before that day, and keeps the next one reachable', () => {
    // A visit at the same site until 12:00: the next slot starts at 13:00 with no travel.
    const next = offerSlots({
      ...base,
      from: sec('2026-11-30T01:00:00Z'),
      dueAt: null,
      count: 1,
      busy: [stop('2026-11-30T02:00:00Z', '2026-11-30T04:00:00Z', site)], // 10:00-12:00 here
    });
    expect(iso(next[0]!.startsAt)).toBe('2026-11-30T05:00:00Z');
    expect(next[0]).toMatchObject({ comesFrom: 'previous_visit', travelSeconds: 0 });
    // A visit 2 h away at 16:00: a 13:00-15:00 slot here would leave no time to get there.
    const blocked = offerSlots({
      ...base,
      from: sec('2026-11-30T04:00:00Z'), // 12:00
      dueAt: null,
      count: 1,
      busy: [stop('2026-11-30T08:00:00Z', '2026-11-30T10:00:00Z', far)], // 16:00-18:00, far away
    });
    expect(iso(blocked[0]!.startsAt)).toBe('2026-12-01T01:00:00Z'); // Tuesday 09:00
  });

  it('offers the earliest later slots, marked, when none keeps the deadline', () => {
    const slots = offerSlots({
      ...base,
      from: sec('2026-11-30T01:00:00Z'),
      dueAt: sec('2026-11-30T01:45:00Z'),
      absences: [[sec('2026-11-29T16:00:00Z'), sec('2026-11-30T16:00:00Z')]],
    });
    expect(iso(slots[0]!.startsAt)).toBe('2026-12-01T01:00:00Z');
    expect(slots.every((s) => !s.meetsDeadline)).toBe(true);
  });
});

describe('postponement and the on-site clock', () => {
  it('pauses only a customer’s postponement, and only when the terms name it', () => {
    const old = sec('2026-11-30T02:00:00Z');
    const later = sec('2026-12-01T02:00:00Z');
    const at = sec('2026-11-30T01:00:00Z');
    expect(postponementEffect(['waiting_on_customer'], 'customer', at, old, later).pause).toBeNull();
    expect(postponementEffect(['customer_postponement'], 'dispatcher', at, old, later).pause).toBeNull();
    expect(postponementEffect(['customer_postponement'], 'customer', at, old, later).pause).toEqual([
      old,
      later,
    ]);
  });

  it('pauses for a customer’s absence only where the terms name the site not accessible', () => {
    const chiller = ['waiting_on_customer', 'site_not_accessible'];
    expect(noShowEffect(chiller, 'customer').pausesFromVisit).toBe(true);
    expect(noShowEffect(chiller, 'technician').pausesFromVisit).toBe(false);
    expect(noShowEffect(['waiting_on_customer'], 'customer').pausesFromVisit).toBe(false);
    expect(noShowEffect(['waiting_on_customer'], 'customer').because.zh).toContain('照常计时');
  });
});

describe('maintenance plans', () => {
  const chiller = {
    id: 'acme-chiller-b2b-cn',
    kind: 'warranty',
    title: 't',
    version: 1,
    effective_from: '2025-07-01',
    provider: 'acme',
    recipient: 'business-customers',
    scope: { products: ['CH-900'], territory: ['CN'] },
    coverage: {
      starts_at: 'installation',
      conditions: [{ require: 'maintenance_every', every: 'P6M', ref: '§2.4' }],
    },
  } as unknown as Agreement;
  const unit = { serial: 'S', product: 'CH-900', territory: 'CN-SH', installed_at: '2026-05-20' };

  it('counts from the installation, then from the last maintenance', () => {
    expect(plansFor([chiller], unit, '2026-06-01')).toMatchObject([
      { ref: '§2.4', nextDueOn: '2026-11-20', suspendsAfter: '2026-11-20', basis: '2026-05-20' },
    ]);
    expect(plansFor([chiller], { ...unit, maintained_at: ['2026-11-10'] }, '2026-11-11')[0]!.nextDueOn).toBe(
      '2027-05-10',
    );
    expect(plansFor([chiller], { ...unit, installed_at: undefined } as never, '2026-06-01')).toEqual([]);
  });

  it('reminds 30 days before, warns 7 days before the suspension, each once', () => {
    const plan = { nextDueOn: '2026-11-20', suspendsAfter: '2026-11-20', remindedFor: null, warnedFor: null };
    expect(noticeDue(plan, '2026-10-20')).toBeNull();
    expect(noticeDue(plan, '2026-10-21')).toBe('reminder');
    expect(noticeDue({ ...plan, remindedFor: '2026-11-20' }, '2026-11-01')).toBeNull();
    expect(noticeDue({ ...plan, remindedFor: '2026-11-20' }, '2026-11-13')).toBe('warning');
    expect(
      noticeDue({ ...plan, warnedFor: '2026-11-20', remindedFor: '2026-11-20' }, '2026-11-19'),
    ).toBeNull();
    expect(noticeDue(plan, '2026-11-21')).toBeNull();
  });
});
