import type { Actor } from '../../domain/access/index.ts';
import { suggestTechnician } from '../../domain/field/index.ts';
import { withCalendarYears } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import {
  loadPool,
  loadVisit,
  type PoolMember,
  slotsFor,
  type VisitContext,
  withFirstSlots,
} from './dispatch-facts.ts';
import { TECHNICIAN_NOT_FOUND } from './field-access.ts';

export interface SlotOffer {
  caseId: string;
  technician: { id: string; name: string };
  onsiteDueAt: string | null;
  slots: { startsAt: string; endsAt: string; meetsDeadline: boolean }[];
}

const iso = (t: number) => new Date(t * 1000).toISOString();

/** The technician (given, else the suggested one) and its slots for the visit, from the pool. */
export async function pickOffer(
  deps: AppDeps,
  actor: Actor,
  visit: VisitContext,
  technicianId: string | undefined,
  at: number,
  exceptAppointment?: string,
): Promise<{ member: PoolMember; slots: ReturnType<typeof slotsFor> }> {
  const pool = await loadPool(deps.db, actor.tenantId, visit.servicePartyId, at, exceptAppointment);
  let member: PoolMember | undefined;
  if (technicianId) member = pool.find((m) => m.facts.id === technicianId);
  else {
    const ready = await withFirstSlots(pool, visit, at);
    const best = suggestTechnician(
      visit.facts,
      ready.map((m) => m.facts),
    ).best;
    member = best ? pool.find((m) => m.facts.id === best.technicianId) : undefined;
  }
  if (!member) throw notFound(TECHNICIAN_NOT_FOUND);
  const chosen = member;
  const slots = await withCalendarYears(async () => slotsFor(chosen, visit, at));
  return { member: chosen, slots };
}

/**
 * The slots offered for a case's visit: the customer in the portal, or the dispatcher, picks one.
 * Slots keep the case's on-site deadline when any can; the technician's working calendar,
 * bookings, absences and the travel from its home base bound them.
 */
export async function offerSlotsForCase(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  technicianId?: string,
): Promise<SlotOffer> {
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  const visit = await loadVisit(deps.db, actor, caseId, now);
  const { member, slots } = await pickOffer(deps, actor, visit, technicianId, at);
  return {
    caseId,
    technician: { id: member.facts.id, name: member.facts.name },
    onsiteDueAt: visit.dueAt === null ? null : iso(visit.dueAt),
    slots: slots.map((s) => ({
      startsAt: iso(s.startsAt),
      endsAt: iso(s.endsAt),
      meetsDeadline: s.meetsDeadline,
    })),
  };
}
