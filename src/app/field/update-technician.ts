import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { technicianViews } from './create-technician.ts';
import { forbidden, isStaff, mayDispatch, TECHNICIAN_NOT_FOUND } from './field-access.ts';
import { checkTechnicianFacts } from './technician-checks.ts';
import type { TechnicianView } from './technician-view.ts';

export interface TechnicianChange {
  name?: string | undefined;
  phone?: string | undefined;
  /** The sign-in e-mail of the phone view; null unlinks it. */
  userEmail?: string | null | undefined;
  homeLatitude?: number | undefined;
  homeLongitude?: number | undefined;
  territories?: string[] | undefined;
  calendar?: string | undefined;
  skills?: { product: string; part?: string | null | undefined; expiresOn: string }[] | undefined;
  absences?: { from: string; to: string }[] | undefined;
  /** true retires the technician (kept for the record, offered for nothing); false brings it back. */
  retired?: boolean | undefined;
}

/**
 * Changes a technician's record: the dispatcher of its party (or the brand's staff). What is
 * given replaces what was there; the rest stays. A technician with visits still booked ahead is
 * not retired (409, naming how many): those visits are moved first. Recorded with the fields
 * changed, the technician's new skills, territories and calendar.
 */
export async function updateTechnician(
  deps: AppDeps,
  actor: Actor,
  technicianId: string,
  change: TechnicianChange,
): Promise<TechnicianView> {
  const current = await deps.db
    .selectFrom('technicians')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('technician_id', '=', technicianId)
    .executeTakeFirst();
  // Another party's technician is not there for this actor: 404, as for a read.
  if (!current || (!isStaff(actor) && actor.partyId !== current.party_id))
    throw notFound(TECHNICIAN_NOT_FOUND);
  if (!mayDispatch(actor, current.party_id))
    throw forbidden(
      'Only service staff, or the partner for its own people, change technicians.',
      '只有服务人员或服务伙伴本身可以修改其技术员。',
    );
  const { problems, userId } = await checkTechnicianFacts(deps.db, actor.tenantId, current.party_id, change);
  if (problems.length > 0) throw invalid(problems);
  const now = deps.now();
  if (change.retired === true && current.retired_at === null) {
    const ahead = await deps.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', actor.tenantId)
      .where('technician_id', '=', technicianId)
      .where('state', '=', 'booked')
      .where('ends_at', '>', now)
      .executeTakeFirstOrThrow();
    const n = Number(ahead.n);
    if (n > 0)
      throw new AppError('invalid_transition', {
        detail: {
          en: `${current.name} has ${n} visit${n === 1 ? '' : 's'} booked ahead: move them to another technician first.`,
          zh: `${current.name} 还有 ${n} 个已预约的上门：请先改派给其他技术员。`,
        },
        fields: [{ path: '/body/retired', message: `${n} visits booked ahead` }],
      });
  }
  const skills = change.skills?.map((s) => ({
    product: s.product,
    part: s.part ?? null,
    expiresOn: s.expiresOn,
  }));
  const changed = Object.keys(change).filter((k) => change[k as keyof TechnicianChange] !== undefined);
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('technicians')
      .set({
        ...(change.name !== undefined && { name: change.name }),
        ...(change.phone !== undefined && { phone: change.phone }),
        ...(userId !== undefined && { user_id: userId }),
        ...(change.homeLatitude !== undefined && { home_latitude: change.homeLatitude }),
        ...(change.homeLongitude !== undefined && { home_longitude: change.homeLongitude }),
        ...(change.territories !== undefined && { territories: JSON.stringify(change.territories) }),
        ...(change.calendar !== undefined && { calendar_key: change.calendar }),
        ...(skills !== undefined && { skills: JSON.stringify(skills) }),
        ...(change.absences !== undefined && { absences: JSON.stringify(change.absences) }),
        ...(change.retired !== undefined && {
          retired_at: change.retired ? (current.retired_at ?? now) : null,
        }),
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('technician_id', '=', technicianId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'technician.changed',
      subject: { type: 'party', id: current.party_id },
      payload: {
        technicianId,
        changed,
        territories: change.territories ?? current.territories,
        calendar: change.calendar ?? current.calendar_key,
        skills: skills ?? current.skills,
        retired: change.retired ?? current.retired_at !== null,
      },
    });
  });
  return (await technicianViews(deps, actor.tenantId, [technicianId]))[0]!;
}
