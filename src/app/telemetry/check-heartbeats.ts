import { sql } from 'kysely';
import { type HeartbeatRule, silentFiring, type TelemetryModel } from '../../domain/telemetry/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { fireRule, type RuleOutcome } from './fire-rule.ts';

/**
 * One pass of the heartbeat rule: claims the units whose heartbeat has come due (nothing arrived
 * for the model's silent time), clears their due time (it is set again by their next reading), and
 * fires the rule for each. Any number of processes may run it: the claim skips locked rows.
 */
export async function checkHeartbeats(
  deps: AppDeps,
  limit = 200,
): Promise<Array<RuleOutcome & { serial: string }>> {
  const now = deps.now();
  const claimed = await sql<{
    tenant_id: string;
    unit_id: string;
    last_seen_at: Date;
  }>`
    UPDATE telemetry_states s SET heartbeat_due_at = NULL
    FROM (
      SELECT tenant_id, unit_id FROM telemetry_states
      WHERE heartbeat_due_at <= ${now}
      ORDER BY heartbeat_due_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE s.tenant_id = due.tenant_id AND s.unit_id = due.unit_id
    RETURNING s.tenant_id, s.unit_id, s.last_seen_at
  `.execute(deps.db);
  const outcomes: Array<RuleOutcome & { serial: string }> = [];
  for (const row of claimed.rows) {
    const unit = await deps.db
      .selectFrom('units')
      .innerJoin('telemetry_models', (j) =>
        j
          .onRef('telemetry_models.tenant_id', '=', 'units.tenant_id')
          .onRef('telemetry_models.product_id', '=', 'units.product_id'),
      )
      .select(['units.serial', 'telemetry_models.spec'])
      .where('units.tenant_id', '=', row.tenant_id)
      .where('units.unit_id', '=', row.unit_id)
      .executeTakeFirst();
    if (!unit) continue;
    const model: TelemetryModel = readJson(unit.spec);
    const rule = model.rules.find((r): r is HeartbeatRule => r.kind === 'heartbeat');
    if (!rule) continue;
    const lastSeen = new Date(row.last_seen_at);
    const outcome = await fireRule(
      deps,
      { tenantId: row.tenant_id, unitId: row.unit_id, serial: unit.serial, model },
      silentFiring(rule, lastSeen, now),
    );
    outcomes.push({ ...outcome, serial: unit.serial });
  }
  return outcomes;
}
