import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';

/** The refused readings of the caller's tenant, counted by reason and day (staff only). */
export async function refusalCounts(deps: AppDeps, actor: Actor, days = 30) {
  if (visibilityOf(actor).kind !== 'tenant') throw new AppError('forbidden');
  const tenant = await deps.db
    .selectFrom('tenants')
    .select('slug')
    .where('tenant_id', '=', actor.tenantId)
    .executeTakeFirstOrThrow();
  const since = new Date(deps.now().getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const rows = await deps.db
    .selectFrom('telemetry_refusals')
    .select(['reason', 'day', 'count'])
    .where('tenant_key', '=', tenant.slug)
    .where('day', '>=', since)
    .orderBy('day', 'desc')
    .orderBy('reason')
    .execute();
  return rows.map((r) => ({ reason: r.reason, day: r.day, count: Number(r.count) }));
}
