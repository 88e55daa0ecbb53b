import type { Label } from '../label.ts';
import { territoryWithin } from '../unit/index.ts';
import { type Point, travel } from './geo.ts';

export interface Skill {
  /** A product model the technician is certified for (CH-900). */
  product: string;
  /** A part (number or category) certification; null: the product as a whole. */
  part: string | null;
  /** The last day the certification holds (inclusive). */
  expiresOn: string;
}

export interface TechnicianFacts {
  id: string;
  name: string;
  skills: readonly Skill[];
  territories: readonly string[];
  /** Where the technician sets out from for this visit (home base, or the last booked site). */
  from: Point;
  /** Which of the two `from` is; home when not said. */
  comesFrom?: 'home' | 'previous_visit' | undefined;
  /** The first instant (epoch seconds) the technician is free to set out, after bookings and absences, within the working calendar. */
  freeAt: number | null;
  /** Visits already booked in the horizon. */
  load: number;
}

export interface VisitFacts {
  product: string;
  /** The part likely failed, when known: a certification for it is preferred, not required. */
  part: string | null;
  territory: string;
  site: Point;
  /** The local date of the visit (for the certification's expiry). */
  date: string;
  /** The on-site deadline (epoch seconds), null when the terms set none. */
  dueAt: number | null;
}

export type ReasonCode =
  | 'certified'
  | 'part_certified'
  | 'not_certified'
  | 'certification_expired'
  | 'territory'
  | 'outside_territory'
  | 'load'
  | 'travel'
  | 'deadline_met'
  | 'deadline_missed'
  | 'not_free';

export interface Reason extends Label {
  code: ReasonCode;
}

export interface Candidate {
  technicianId: string;
  name: string;
  eligible: boolean;
  meetsDeadline: boolean;
  km: number;
  travelSeconds: number;
  /** Earliest arrival on site (epoch seconds), null when not free in the horizon. */
  arrivesAt: number | null;
  load: number;
  /** Lower is better: travel minutes plus one hour per booked visit. */
  score: number;
  reasons: Reason[];
}

/** How much one booked visit weighs against travel: one hour of driving. */
export const LOAD_WEIGHT_MINUTES = 60;

const hhmm = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');

/** One technician judged for one visit, with every reason in English and Chinese. */
export function judge(visit: VisitFacts, t: TechnicianFacts): Candidate {
  const reasons: Reason[] = [];
  const forProduct = t.skills.filter((s) => s.product === visit.product);
  const valid = forProduct.filter((s) => s.expiresOn >= visit.date);
  let eligible = true;
  if (valid.length === 0) {
    eligible = false;
    const expired = forProduct
      .map((s) => s.expiresOn)
      .sort()
      .at(-1);
    reasons.push(
      expired
        ? {
            code: 'certification_expired',
            en: `Certification for ${visit.product} expired on ${expired}`,
            zh: `${visit.product} 认证已于 ${expired} 过期`,
          }
        : {
            code: 'not_certified',
            en: `Not certified for ${visit.product}`,
            zh: `未获 ${visit.product} 认证`,
          },
    );
  } else {
    const until = valid
      .map((s) => s.expiresOn)
      .sort()
      .at(-1)!;
    reasons.push({
      code: 'certified',
      en: `Certified for ${visit.product} until ${until}`,
      zh: `持有 ${visit.product} 认证，有效期至 ${until}`,
    });
    if (visit.part && valid.some((s) => s.part === visit.part))
      reasons.push({
        code: 'part_certified',
        en: `Certified for the part ${visit.part}`,
        zh: `持有部件 ${visit.part} 认证`,
      });
  }
  const area = t.territories.find((a) => territoryWithin(visit.territory, a));
  if (area) reasons.push({ code: 'territory', en: `Works in ${area}`, zh: `服务区域包括 ${area}` });
  else {
    eligible = false;
    reasons.push({
      code: 'outside_territory',
      en: `Does not work in ${visit.territory}`,
      zh: `服务区域不含 ${visit.territory}`,
    });
  }
  const trip = travel(t.from, visit.site);
  const minutes = Math.round(trip.seconds / 60);
  const previous = t.comesFrom === 'previous_visit';
  reasons.push({
    code: 'travel',
    en: `${trip.km.toFixed(1)} km by road from ${previous ? 'the visit before' : 'home base'}, about ${minutes} min`,
    zh: `从${previous ? '上一个上门地点' : '常驻地'}出发，路程约 ${trip.km.toFixed(1)} 公里，约 ${minutes} 分钟`,
  });
  reasons.push({ code: 'load', en: `${t.load} visit(s) booked`, zh: `已预约 ${t.load} 次上门` });
  const arrivesAt = t.freeAt === null ? null : t.freeAt + trip.seconds;
  let meetsDeadline = arrivesAt !== null;
  if (arrivesAt === null) {
    eligible = false;
    reasons.push({ code: 'not_free', en: 'No free time in the horizon', zh: '近期没有空闲时间' });
  } else if (visit.dueAt !== null) {
    meetsDeadline = arrivesAt <= visit.dueAt;
    reasons.push(
      meetsDeadline
        ? {
            code: 'deadline_met',
            en: `Can be on site by ${hhmm(arrivesAt)} UTC, before the on-site deadline ${hhmm(visit.dueAt)} UTC`,
            zh: `最早 ${hhmm(arrivesAt)} UTC 到场，早于上门时限 ${hhmm(visit.dueAt)} UTC`,
          }
        : {
            code: 'deadline_missed',
            en: `Earliest on site ${hhmm(arrivesAt)} UTC, after the on-site deadline ${hhmm(visit.dueAt)} UTC`,
            zh: `最早 ${hhmm(arrivesAt)} UTC 到场，晚于上门时限 ${hhmm(visit.dueAt)} UTC`,
          },
    );
  }
  return {
    technicianId: t.id,
    name: t.name,
    eligible,
    meetsDeadline,
    km: trip.km,
    travelSeconds: trip.seconds,
    arrivesAt,
    load: t.load,
    score: minutes + LOAD_WEIGHT_MINUTES * t.load,
    reasons,
  };
}

/** The order of preference: eligible, then meeting the deadline, then the lower score, then the id. */
export function better(a: Candidate, b: Candidate): boolean {
  if (a.eligible !== b.eligible) return a.eligible;
  if (a.meetsDeadline !== b.meetsDeadline) return a.meetsDeadline;
  if (a.score !== b.score) return a.score < b.score;
  return a.technicianId < b.technicianId;
}

export interface Suggestion {
  best: Candidate | null;
  /** Every technician judged, best first (the board shows why the others were not chosen). */
  ranked: Candidate[];
}

/**
 * The best technician for a visit: certified for the product (not expired on the visit's date),
 * working in the visit's territory, free, and of those the ones who can be on site before the
 * on-site deadline; then the least travel plus load. None eligible: `best` is null, with reasons.
 */
export function suggestTechnician(visit: VisitFacts, technicians: readonly TechnicianFacts[]): Suggestion {
  const ranked = technicians
    .map((t) => judge(visit, t))
    .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const best = ranked[0]?.eligible ? ranked[0] : null;
  return { best, ranked };
}

/**
 * The same choice, cheaper: a technician that cannot be eligible (no valid certification or
 * territory) is skipped before the travel is computed, and only the best is kept (no sort).
 */
export function bestTechnician(visit: VisitFacts, technicians: readonly TechnicianFacts[]): Candidate | null {
  let best: Candidate | null = null;
  for (const t of technicians) {
    if (t.freeAt === null) continue;
    if (!t.territories.some((a) => territoryWithin(visit.territory, a))) continue;
    if (!t.skills.some((s) => s.product === visit.product && s.expiresOn >= visit.date)) continue;
    const c = judge(visit, t);
    if (!best || better(c, best)) best = c;
  }
  return best;
}
