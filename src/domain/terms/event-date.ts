/**
 * When an event happened, in the terms' own days. Terms count cover, windows and deadlines in
 * calendar dates; an instant becomes a date only in a time zone, and the zone is the terms': the
 * zone of the calendar the governing agreement names (its service levels, support or return
 * approval), else the zone of the unit's country. Never UTC by default and never a constant: a
 * case opened at 07:30 in Shanghai on 5 September is an event of 5 September, not of the 4th.
 */

import { zone } from '../calendar/index.ts';
import type { Agreement } from './agreement.ts';
import type { UnitFacts } from './claim.ts';
import { governingAgreement } from './decide.ts';

/**
 * The zone of a country's after-sales terms where the country keeps one zone (for a unit whose
 * agreement names no calendar). Mainland China, Hong Kong, Macao and Taiwan each keep one.
 */
const COUNTRY_ZONES: Readonly<Record<string, string>> = {
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  MO: 'Asia/Macau',
  TW: 'Asia/Taipei',
  SG: 'Asia/Singapore',
  JP: 'Asia/Tokyo',
  KR: 'Asia/Seoul',
  VN: 'Asia/Ho_Chi_Minh',
  TH: 'Asia/Bangkok',
  MY: 'Asia/Kuala_Lumpur',
  PH: 'Asia/Manila',
  IN: 'Asia/Kolkata',
  AE: 'Asia/Dubai',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  IT: 'Europe/Rome',
  ES: 'Europe/Madrid',
  NL: 'Europe/Amsterdam',
  GB: 'Europe/London',
  PL: 'Europe/Warsaw',
  TR: 'Europe/Istanbul',
};

/** The calendar an agreement counts its time on, by key, when it names one. */
export function calendarOf(agreement: Agreement): string | undefined {
  return (
    agreement.service_levels?.find((block) => block.calendar)?.calendar ??
    agreement.support?.calendar ??
    agreement.returns?.approval?.calendar
  );
}

/**
 * The time zone whose dates the terms count in: the governing agreement's calendar's zone, else
 * the unit's country's. Undefined when neither is known (the caller must then refuse, not guess).
 */
export function termsZone(
  agreement: Agreement | undefined,
  territory: string,
  calendarZones: ReadonlyMap<string, string>,
): string | undefined {
  const calendar = agreement ? calendarOf(agreement) : undefined;
  const fromCalendar = calendar ? calendarZones.get(calendar) : undefined;
  return fromCalendar ?? COUNTRY_ZONES[territory.slice(0, 2).toUpperCase()];
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateIn(instant: Date, zoneName: string): string {
  const seconds = Math.floor(instant.getTime() / 1000);
  const local = seconds + zone(zoneName).offsetAt(seconds);
  return new Date(local * 1000).toISOString().slice(0, 10);
}

/** An instant written with the zone's offset at that moment: its date as written is the local date. */
export function localTimestampIn(instant: Date, zoneName: string): string {
  const seconds = Math.floor(instant.getTime() / 1000);
  const offset = zone(zoneName).offsetAt(seconds);
  const local = new Date((seconds + offset) * 1000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

export interface TermsEvent {
  /** The customer-facing agreement that governs the unit for this event, if any. */
  governing: Agreement | undefined;
  /** The zone the event's date is read in. */
  zone: string;
  /** The event's calendar date in that zone. */
  date: string;
  /** The instant with that zone's offset: what a decision's `reported_at` takes. */
  reportedAt: string;
}

/**
 * The one rule for the date of an event about a unit. The governing agreement is chosen by the
 * unit's dates (sale, delivery, installation); only when none is recorded does the event's own
 * date choose it, and then that date is first read in the unit's country's zone and read again in
 * the chosen agreement's zone. Undefined when no zone is known for the unit at all.
 */
export function termsEvent(
  agreements: readonly Agreement[],
  unit: UnitFacts,
  at: Date,
  calendarZones: ReadonlyMap<string, string>,
): TermsEvent | undefined {
  const provisionalZone = termsZone(undefined, unit.territory, calendarZones);
  const provisional = provisionalZone ? localDateIn(at, provisionalZone) : undefined;
  // With no zone yet, only the unit's own dates can choose (no agreement is in force on day zero).
  let governing = governingAgreement(agreements, unit, provisional ?? '0000-01-01');
  const zoneName = termsZone(governing, unit.territory, calendarZones);
  if (!zoneName) return undefined;
  const date = localDateIn(at, zoneName);
  if (date !== provisional) governing = governingAgreement(agreements, unit, date);
  return { governing, zone: zoneName, date, reportedAt: localTimestampIn(at, zoneName) };
}

/**
 * The instant a day ends in a zone (the next day's first moment): a thing due on a day may be done
 * all that day, so its deadline clock runs until then.
 */
export function endOfDayIn(date: string, zoneName: string): Date {
  const next = Date.parse(`${date}T00:00:00Z`) / 1000 + 86_400;
  return new Date(zone(zoneName).toInstant(next, 'earlier') * 1000);
}
