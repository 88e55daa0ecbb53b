import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { day } from './support.ts';

/**
 * The renewal offers due now: each active contract whose reminder time (30 days before its end)
 * has come gets one notification to its unit's owner through the outbox, and an evidence entry.
 * Claimed with `FOR UPDATE SKIP LOCKED` by the partial index `unit_contracts_renewal_due`, so any
 * number of workers may run it; at most `limit` per pass. Returns how many were offered.
 */
export async function sendRenewalReminders(deps: AppDeps, limit = 100): Promise<number> {
  const now = deps.now();
  return inTransaction(deps, async (trx) => {
    const due = await trx
      .selectFrom('unit_contracts')
      .innerJoin('units', (j) =>
        j
          .onRef('units.tenant_id', '=', 'unit_contracts.tenant_id')
          .onRef('units.unit_id', '=', 'unit_contracts.unit_id'),
      )
      .select([
        'unit_contracts.tenant_id',
        'unit_contracts.contract_id',
        'unit_contracts.number',
        'unit_contracts.unit_id',
        'unit_contracts.ends_on',
        'unit_contracts.plan_key',
        'units.serial',
        'units.owner_party_id',
      ])
      .where('unit_contracts.state', '=', 'active')
      .where('unit_contracts.reminded_at', 'is', null)
      .where('unit_contracts.remind_at', '<=', now)
      .orderBy('unit_contracts.remind_at')
      .limit(limit)
      .forUpdate('unit_contracts')
      .skipLocked()
      .execute();
    for (const c of due) {
      await trx
        .updateTable('unit_contracts')
        .set({ reminded_at: now })
        .where('tenant_id', '=', c.tenant_id)
        .where('contract_id', '=', c.contract_id)
        .execute();
      const endsOn = day(c.ends_on);
      await enqueueNotification(deps, trx, {
        tenantId: c.tenant_id,
        kind: 'contract_renewal',
        caseId: null,
        recipientPartyId: c.owner_party_id,
        recipientRole: 'customer',
        subject: {
          en: `Your contract ${c.number} for ${c.serial} ends on ${endsOn}: renew it`,
          zh: `您为 ${c.serial} 购买的合同 ${c.number} 将于 ${endsOn} 到期，欢迎续约`,
        },
        payload: { contractNumber: c.number, serial: c.serial, endsOn, plan: c.plan_key },
      });
      await recordChange(
        deps,
        trx,
        { tenantId: c.tenant_id, userId: null, authenticatedBy: 'system' },
        {
          type: 'contract.renewal_offered',
          subject: { type: 'unit', id: c.unit_id },
          payload: { contract: c.number, endsOn },
        },
      );
    }
    return due.length;
  });
}
