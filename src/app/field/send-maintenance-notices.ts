import { noticeDue, REMINDER_DAYS } from '../../domain/field/index.ts';
import { addToDate, duration } from '../../domain/time/index.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { today } from './maintenance-plans.ts';

const SYSTEM = { userId: null, authenticatedBy: 'system' } as const;

/**
 * Reminds customers of maintenance due within 30 days, and warns them within 7 days of the day
 * their cover would be suspended ("your chiller's cover depends on maintenance by …, §2.4"), each
 * once per due day, through the outbox; each notice sent is evidence on the unit.
 */
export async function sendMaintenanceNotices(
  deps: AppDeps,
  tenantId: string,
): Promise<{ reminders: number; warnings: number }> {
  const day = today(deps.now());
  const horizon = addToDate(day, duration(`P${REMINDER_DAYS}D`));
  return inTransaction(deps, async (trx) => {
    const plans = await trx
      .selectFrom('maintenance_plans')
      .innerJoin('units', (j) =>
        j
          .onRef('units.tenant_id', '=', 'maintenance_plans.tenant_id')
          .onRef('units.unit_id', '=', 'maintenance_plans.unit_id'),
      )
      .innerJoin('products', (j) =>
        j
          .onRef('products.tenant_id', '=', 'units.tenant_id')
          .onRef('products.product_id', '=', 'units.product_id'),
      )
      .selectAll('maintenance_plans')
      .select(['units.serial', 'units.owner_party_id', 'products.model'])
      .where('maintenance_plans.tenant_id', '=', tenantId)
      .where('maintenance_plans.next_due_on', '<=', horizon)
      .where('maintenance_plans.suspends_after', '>=', day)
      .execute();
    let reminders = 0;
    let warnings = 0;
    for (const p of plans) {
      const notice = noticeDue(
        {
          nextDueOn: p.next_due_on,
          suspendsAfter: p.suspends_after,
          remindedFor: p.reminded_for,
          warnedFor: p.warned_for,
        },
        day,
      );
      if (!notice) continue;
      const subject =
        notice === 'warning'
          ? {
              en: `Your ${p.model} ${p.serial}: cover depends on maintenance by ${p.suspends_after}, ${p.ref}`,
              zh: `您的 ${p.model} ${p.serial}：须在 ${p.suspends_after} 前完成保养，否则保修暂停（${p.ref}）`,
            }
          : {
              en: `Your ${p.model} ${p.serial} is due for maintenance on ${p.next_due_on} (${p.ref})`,
              zh: `您的 ${p.model} ${p.serial} 应于 ${p.next_due_on} 保养（${p.ref}）`,
            };
      await enqueueNotification(deps, trx, {
        tenantId,
        kind: notice === 'warning' ? 'maintenance_warning' : 'maintenance_reminder',
        caseId: null,
        recipientPartyId: p.owner_party_id,
        recipientRole: 'customer',
        subject,
        payload: { serial: p.serial, ref: p.ref, dueOn: p.next_due_on, suspendsAfter: p.suspends_after },
      });
      await trx
        .updateTable('maintenance_plans')
        .set(notice === 'warning' ? { warned_for: p.next_due_on } : { reminded_for: p.next_due_on })
        .where('tenant_id', '=', tenantId)
        .where('unit_id', '=', p.unit_id)
        .where('ref', '=', p.ref)
        .execute();
      await recordChange(
        deps,
        trx,
        { tenantId, ...SYSTEM },
        {
          type: 'unit.maintenance_notice',
          subject: { type: 'unit', id: p.unit_id },
          payload: { notice, ref: p.ref, dueOn: p.next_due_on, suspendsAfter: p.suspends_after, subject },
        },
      );
      if (notice === 'warning') warnings++;
      else reminders++;
    }
    return { reminders, warnings };
  });
}
