import type { Actor } from '../../domain/access/index.ts';
import type { EntitlementDecision } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import type { Tx } from '../transaction.ts';

/**
 * A repair done under a contract or plan that counts incidents uses one (Salesforce's
 * `CasesPerEntitlement`): each covering unit contract of the decision with an allowance counts
 * down by one, in the repair's transaction, with an evidence entry. A contract whose incidents are
 * used up covers no new incident (the decision facts leave it out). Returns the numbers counted.
 */
export async function countIncident(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  unitId: string,
  decision: EntitlementDecision | null,
): Promise<string[]> {
  const numbers = (decision?.agreements ?? [])
    .filter((a) => a.source === 'unit_contract' && a.covered && a.reference)
    .map((a) => a.reference!);
  const counted: string[] = [];
  for (const number of numbers) {
    const row = await trx
      .updateTable('unit_contracts')
      .set((eb) => ({ incidents_used: eb('incidents_used', '+', 1) }))
      .where('tenant_id', '=', actor.tenantId)
      .where('unit_id', '=', unitId)
      .where('number', '=', number)
      .where('incidents_allowed', 'is not', null)
      .whereRef('incidents_used', '<', 'incidents_allowed')
      .returning(['incidents_used', 'incidents_allowed'])
      .executeTakeFirst();
    if (!row) continue;
    counted.push(number);
    await recordChange(deps, trx, actor, {
      type: 'contract.incident_used',
      subject: { type: 'unit', id: unitId },
      payload: { contract: number, used: row.incidents_used, allowed: row.incidents_allowed },
    });
  }
  return counted;
}
