import { REMINDER_DAYS } from '../../domain/field/index.ts';
import { addToDate, duration } from '../../domain/time/index.ts';
import { openCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { serviceUserActor } from '../user/index.ts';
import { today } from './maintenance-plans.ts';

const PLANNER = { key: 'maintenance-planner', name: 'Maintenance planner / 保养计划' };

/**
 * Opens the maintenance visit of every plan due within 30 days that has none for that due day yet:
 * a `maintenance` case for the unit, its customer the unit's owner, saying the due day and the
 * clause the cover depends on. It is then scheduled like any visit (slots offered to the customer
 * in the portal, or the dispatcher's board), its slots kept to the due day. Each due day gets one
 * visit, however often the pass runs; the case's opening is the evidence. The visit goes to the
 * unit's service partner, whose dispatcher then finds it on the board (recorded as `case.assigned`);
 * planned work brings no commitment clocks, as it brings no promise clocks.
 */
export async function planMaintenanceVisits(deps: AppDeps, tenantId: string): Promise<{ opened: number }> {
  const day = today(deps.now());
  const horizon = addToDate(day, duration(`P${REMINDER_DAYS}D`));
  const due = await deps.db
    .selectFrom('maintenance_plans')
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'maintenance_plans.tenant_id')
        .onRef('units.unit_id', '=', 'maintenance_plans.unit_id'),
    )
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'units.tenant_id')
        .onRef('parties.party_id', '=', 'units.owner_party_id'),
    )
    .select([
      'maintenance_plans.unit_id',
      'maintenance_plans.ref',
      'maintenance_plans.next_due_on',
      'maintenance_plans.suspends_after',
      'units.serial',
      'units.service_party_id',
      'parties.key as customer',
    ])
    .where('maintenance_plans.tenant_id', '=', tenantId)
    .where('maintenance_plans.next_due_on', '<=', horizon)
    .where('maintenance_plans.suspends_after', '>=', day)
    .where((eb) =>
      eb.or([
        eb('maintenance_plans.visit_for', 'is', null),
        eb('maintenance_plans.visit_for', '<>', eb.ref('maintenance_plans.next_due_on')),
      ]),
    )
    .orderBy('maintenance_plans.next_due_on')
    .limit(200)
    .execute();
  let opened = 0;
  for (const plan of due) {
    await inTransaction(deps, async (trx) => {
      // Taken again under a row lock: two passes at once open one visit.
      const still = await trx
        .selectFrom('maintenance_plans')
        .select(['visit_for', 'next_due_on'])
        .where('tenant_id', '=', tenantId)
        .where('unit_id', '=', plan.unit_id)
        .where('ref', '=', plan.ref)
        .forUpdate()
        .executeTakeFirst();
      if (!still || still.visit_for === still.next_due_on) return;
      const actor = await serviceUserActor(trx, tenantId, deps.newId, deps.now(), PLANNER);
      const visit = await openCase(
        deps,
        actor,
        {
          kind: 'maintenance',
          severity: 'normal',
          serial: plan.serial,
          customer: plan.customer,
          channel: 'maintenance_plan',
          description:
            `Maintenance due by ${plan.next_due_on} (${plan.ref}); cover depends on it after ${plan.suspends_after}.\n` +
            `保养应于 ${plan.next_due_on} 前完成（${plan.ref}）；逾 ${plan.suspends_after} 未保养，保修将暂停。`,
        },
        trx,
      );
      await trx
        .updateTable('maintenance_plans')
        .set({ visit_case_id: visit.id, visit_for: still.next_due_on })
        .where('tenant_id', '=', tenantId)
        .where('unit_id', '=', plan.unit_id)
        .where('ref', '=', plan.ref)
        .execute();
      if (plan.service_party_id) {
        const partner = await trx
          .selectFrom('parties')
          .select('key')
          .where('tenant_id', '=', tenantId)
          .where('party_id', '=', plan.service_party_id)
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('cases')
          .set({ service_party_id: plan.service_party_id })
          .where('tenant_id', '=', tenantId)
          .where('case_id', '=', visit.id)
          .execute();
        await recordChange(deps, trx, actor, {
          type: 'case.assigned',
          subject: { type: 'case', id: visit.id },
          payload: {
            agentUserId: null,
            servicePartner: partner.key,
            commitments: [],
            because: 'the unit’s service partner / 设备的服务伙伴',
          },
        });
      }
      opened++;
    });
  }
  return { opened };
}
