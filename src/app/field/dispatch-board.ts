import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { forbidden, isStaff } from './field-access.ts';

export interface BoardAppointment {
  id: string;
  caseId: string;
  caseRef: string;
  serial: string;
  startsAt: string;
  endsAt: string;
  state: string;
  /** `overlap`: another visit of the technician at the same time; `late`: after the on-site deadline. */
  conflicts: ('overlap' | 'late')[];
}

export interface DispatchBoard {
  from: string;
  days: number;
  technicians: { id: string; name: string; appointments: BoardAppointment[] }[];
  /** Cases needing a visit with none booked, nearest deadline first (SLA risk). */
  unassigned: {
    caseId: string;
    caseRef: string;
    serial: string;
    severity: string;
    siteName: string;
    district: string;
    dueAt: string | null;
  }[];
}

/**
 * The dispatch board of a partner (its own technicians and cases) or of the brand's staff (all):
 * technicians as rows with their visits of the day or week (Shanghai dates), conflicts marked,
 * and the cases still waiting for a visit ordered by SLA risk (`cases.risk_due_at`).
 */
export async function dispatchBoard(
  deps: AppDeps,
  actor: Actor,
  input: { from: string; days: number },
): Promise<DispatchBoard> {
  const staff = isStaff(actor);
  if (!staff && actor.role !== 'partner')
    throw forbidden('Only dispatchers see the board.', '只有调度人员可以查看派工看板。');
  const from = new Date(`${input.from}T00:00:00+08:00`);
  const to = new Date(from.getTime() + input.days * 86_400_000);
  let techs = deps.db
    .selectFrom('technicians')
    .select(['technician_id', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('retired_at', 'is', null);
  if (!staff) techs = techs.where('party_id', '=', actor.partyId);
  const technicians = await techs.orderBy('name').orderBy('technician_id').limit(200).execute();
  const ids = technicians.map((t) => t.technician_id);
  const appointments =
    ids.length === 0
      ? []
      : await deps.db
          .selectFrom('appointments')
          .innerJoin('cases', (j) =>
            j
              .onRef('cases.tenant_id', '=', 'appointments.tenant_id')
              .onRef('cases.case_id', '=', 'appointments.case_id'),
          )
          .innerJoin('units', (j) =>
            j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
          )
          .select((eb) => [
            'appointments.appointment_id',
            'appointments.technician_id',
            'appointments.case_id',
            'appointments.starts_at',
            'appointments.ends_at',
            'appointments.state',
            'cases.public_ref',
            'units.serial',
            eb
              .selectFrom('case_clocks')
              .select((c) => c.fn.min('due_at').as('due'))
              .whereRef('case_clocks.tenant_id', '=', 'appointments.tenant_id')
              .whereRef('case_clocks.case_id', '=', 'appointments.case_id')
              .where('case_clocks.target', '=', 'onsite')
              .where('case_clocks.stopped_at', 'is', null)
              .as('due'),
          ])
          .where('appointments.tenant_id', '=', actor.tenantId)
          .where('appointments.technician_id', 'in', ids)
          .where('appointments.state', 'in', ['booked', 'done'])
          .where('appointments.starts_at', '<', to)
          .where('appointments.ends_at', '>', from)
          .orderBy('appointments.starts_at')
          .execute();
  let waiting = deps.db
    .selectFrom('cases')
    .innerJoin('units', (j) =>
      j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
    )
    .innerJoin('sites', (j) =>
      j.onRef('sites.tenant_id', '=', 'units.tenant_id').onRef('sites.site_id', '=', 'units.site_id'),
    )
    .select([
      'cases.case_id',
      'cases.public_ref',
      'cases.severity',
      'cases.risk_due_at',
      'units.serial',
      'sites.name',
      'sites.district',
    ])
    .where('cases.tenant_id', '=', actor.tenantId)
    .where('cases.state', 'not in', ['resolved', 'closed'])
    .where('cases.merged_into_case_id', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('appointments')
            .select('appointments.appointment_id')
            .whereRef('appointments.tenant_id', '=', 'cases.tenant_id')
            .whereRef('appointments.case_id', '=', 'cases.case_id')
            .where('appointments.state', 'in', ['booked', 'done']),
        ),
      ),
    );
  if (!staff) waiting = waiting.where('cases.service_party_id', '=', actor.partyId);
  const unassigned = await waiting.orderBy('cases.risk_due_at').orderBy('cases.case_id').limit(50).execute();
  const FAR = Date.parse('9999-01-01T00:00:00Z') / 1000;
  return {
    from: input.from,
    days: input.days,
    technicians: technicians.map((t) => {
      const own = appointments.filter((a) => a.technician_id === t.technician_id);
      return {
        id: t.technician_id,
        name: t.name,
        appointments: own.map((a) => {
          const conflicts: ('overlap' | 'late')[] = [];
          if (own.some((b) => b !== a && b.starts_at < a.ends_at && a.starts_at < b.ends_at))
            conflicts.push('overlap');
          if (a.state === 'booked' && a.due !== null && a.starts_at.getTime() / 1000 > Number(a.due))
            conflicts.push('late');
          return {
            id: a.appointment_id,
            caseId: a.case_id,
            caseRef: a.public_ref,
            serial: a.serial,
            startsAt: a.starts_at.toISOString(),
            endsAt: a.ends_at.toISOString(),
            state: a.state,
            conflicts,
          };
        }),
      };
    }),
    unassigned: unassigned.map((c) => ({
      caseId: c.case_id,
      caseRef: c.public_ref,
      serial: c.serial,
      severity: c.severity,
      siteName: c.name,
      district: c.district,
      dueAt: Number(c.risk_due_at) >= FAR ? null : new Date(Number(c.risk_due_at) * 1000).toISOString(),
    })),
  };
}
