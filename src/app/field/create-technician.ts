import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { partyByKey } from '../party/index.ts';
import { inTransaction } from '../transaction.ts';
import { forbidden, mayDispatch } from './field-access.ts';
import { checkTechnicianFacts } from './technician-checks.ts';
import { type TechnicianView, toTechnicianView } from './technician-view.ts';

export interface TechnicianInput {
  /** The partner's (or the brand's) party key. */
  party: string;
  /** The technician's sign-in e-mail, when the technician uses the phone view. */
  userEmail?: string | undefined;
  name: string;
  phone: string;
  homeLatitude: number;
  homeLongitude: number;
  territories: string[];
  /** The working calendar's key (the calendars engine), e.g. cn-business. */
  calendar: string;
  skills: { product: string; part?: string | null | undefined; expiresOn: string }[];
  absences?: { from: string; to: string }[] | undefined;
}

/** Records a technician of a partner or of the brand; a partner records its own people. */
export async function createTechnician(
  deps: AppDeps,
  actor: Actor,
  input: TechnicianInput,
): Promise<TechnicianView> {
  const party = await partyByKey(deps.db, actor.tenantId, input.party, '/body/party');
  if (!mayDispatch(actor, party.party_id))
    throw forbidden(
      'Only service staff, or the partner for its own people, record technicians.',
      '只有服务人员或服务伙伴本身可以记录其技术员。',
    );
  const { problems, userId } = await checkTechnicianFacts(deps.db, actor.tenantId, party.party_id, input);
  if (problems.length > 0) throw invalid(problems);
  const id = deps.newId();
  const now = deps.now();
  const skills = input.skills.map((s) => ({
    product: s.product,
    part: s.part ?? null,
    expiresOn: s.expiresOn,
  }));
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('technicians')
      .values({
        tenant_id: actor.tenantId,
        technician_id: id,
        party_id: party.party_id,
        user_id: userId ?? null,
        name: input.name,
        phone: input.phone,
        home_latitude: input.homeLatitude,
        home_longitude: input.homeLongitude,
        territories: JSON.stringify(input.territories),
        calendar_key: input.calendar,
        skills: JSON.stringify(skills),
        absences: JSON.stringify(input.absences ?? []),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'technician.recorded',
      subject: { type: 'party', id: party.party_id },
      payload: { technicianId: id, territories: input.territories, calendar: input.calendar, skills },
    });
  });
  return (await technicianViews(deps, actor.tenantId, [id]))[0]!;
}

export async function technicianViews(deps: Pick<AppDeps, 'db'>, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await deps.db
    .selectFrom('technicians')
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'technicians.tenant_id')
        .onRef('parties.party_id', '=', 'technicians.party_id'),
    )
    .selectAll('technicians')
    .select(['parties.key as party_key', 'parties.name as party_name'])
    .where('technicians.tenant_id', '=', tenantId)
    .where('technicians.technician_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.technician_id, toTechnicianView(r)]));
  return ids.flatMap((i) => (byId.has(i) ? [byId.get(i)!] : []));
}
