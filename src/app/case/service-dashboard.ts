import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { queueCountdowns } from './queue-countdowns.ts';

export interface ServiceDashboard {
  /** Clocks that ended (met or breached) per ISO week of their deadline, the last 12 weeks. */
  slaByWeek: { week: string; met: number; breached: number; attainment: number | null }[];
  /** Partner commitments that ended, per partner. */
  slaByPartner: { partner: string; met: number; breached: number; attainment: number | null }[];
  /**
   * Open cases by business time left on their nearest running clock, counted on each clock's
   * calendar (the queue's countdowns): under 4, 24 and 72 business hours, overdue, or no clock.
   */
  openByRemaining: {
    bucket: 'overdue' | 'under_4h' | 'under_1d' | 'under_3d' | 'later' | 'none';
    cases: number;
  }[];
  /**
   * Units with two or more confirmed failures (repair and field-visit cases whose failure a
   * diagnosis confirmed) within 90 days, per product, and the worst units. Requests nobody
   * diagnosed, and cases merged into another, do not count.
   */
  repeatFailures: { product: string; units: number }[];
  repeatUnits: { serial: string; product: string; cases: number }[];
  /** Warranty cost lines of the last 12 months (the cost ledger), per product and per bearer, exact minor units as text. */
  costByProduct: { product: string; currency: string; amountMinor: string }[];
  costByBearer: { bearer: string; currency: string; amountMinor: string }[];
}

/** The bucket of business seconds left (negative: overdue; undefined: no running clock). */
export function bucketOf(left: number | undefined): ServiceDashboard['openByRemaining'][number]['bucket'] {
  if (left === undefined) return 'none';
  if (left <= 0) return 'overdue';
  if (left < 4 * 3600) return 'under_4h';
  if (left < 24 * 3600) return 'under_1d';
  if (left < 72 * 3600) return 'under_3d';
  return 'later';
}

/** The ISO week of an instant: "2026-W48". */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const share = (met: number, breached: number) =>
  met + breached === 0 ? null : Math.round((1000 * met) / (met + breached)) / 10;

/** The figures of the console's dashboard, for the brand's staff. */
export async function serviceDashboard(deps: AppDeps, actor: Actor): Promise<ServiceDashboard> {
  if (visibilityOf(actor).kind !== 'tenant') throw new AppError('forbidden');
  const now = Math.floor(deps.now().getTime() / 1000);
  const since = now - 12 * 7 * 86_400;
  const ended = await deps.db
    .selectFrom('case_clocks')
    .select(['side', 'owed_by', 'status', 'due_at', 'stopped_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('status', 'in', ['met', 'breached'])
    .where((eb) => eb.or([eb('due_at', '>=', since), eb('stopped_at', '>=', since)]))
    // A duplicate merged away stopped its clocks unserved: they are neither met nor breached.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cases')
            .select('cases.case_id')
            .whereRef('cases.tenant_id', '=', 'case_clocks.tenant_id')
            .whereRef('cases.case_id', '=', 'case_clocks.case_id')
            .where('cases.merged_into_case_id', 'is not', null),
        ),
      ),
    )
    .execute();
  const weeks = new Map<string, { met: number; breached: number }>();
  const partners = new Map<string, { met: number; breached: number }>();
  for (const c of ended) {
    const at = Number(c.status === 'met' ? (c.stopped_at ?? c.due_at) : (c.due_at ?? c.stopped_at));
    const key = c.status === 'met' ? 'met' : 'breached';
    if (c.side === 'promise') {
      const week = isoWeek(new Date(at * 1000));
      const w = weeks.get(week) ?? { met: 0, breached: 0 };
      w[key]++;
      weeks.set(week, w);
    } else {
      const p = partners.get(c.owed_by) ?? { met: 0, breached: 0 };
      p[key]++;
      partners.set(c.owed_by, p);
    }
  }
  const slaByWeek = [];
  for (let i = 11; i >= 0; i--) {
    const week = isoWeek(new Date((now - i * 7 * 86_400) * 1000));
    const w = weeks.get(week) ?? { met: 0, breached: 0 };
    slaByWeek.push({ week, ...w, attainment: share(w.met, w.breached) });
  }

  // Business time left on each case's own calendar, as the queue's countdowns compute it.
  const open = await deps.db
    .selectFrom('cases')
    .select('case_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('state', 'not in', ['resolved', 'closed'])
    .execute();
  const nearest = new Map<string, number>();
  for (const c of await queueCountdowns(
    deps,
    actor,
    open.map((o) => o.case_id),
  )) {
    if (c.status !== 'running' && c.status !== 'breached') continue;
    const known = nearest.get(c.caseId);
    if (known === undefined || c.remainingSeconds < known) nearest.set(c.caseId, c.remainingSeconds);
  }
  const buckets = { overdue: 0, under_4h: 0, under_1d: 0, under_3d: 0, later: 0, none: 0 };
  for (const { case_id } of open) {
    buckets[bucketOf(nearest.get(case_id))]++;
  }

  const repairs = await deps.db
    .selectFrom('cases')
    .innerJoin('units', (j) =>
      j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
    )
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .select(['units.serial', 'products.model', 'cases.opened_at'])
    .where('cases.tenant_id', '=', actor.tenantId)
    .where('cases.failure_confirmed_at', 'is not', null)
    .where('cases.merged_into_case_id', 'is', null)
    .where('cases.kind', 'in', ['repair', 'field_visit'])
    .orderBy('units.serial')
    .orderBy('cases.opened_at')
    .execute();
  const byUnit = new Map<string, { product: string; times: number[] }>();
  for (const r of repairs) {
    const u = byUnit.get(r.serial) ?? { product: r.model, times: [] };
    u.times.push(new Date(r.opened_at).getTime());
    byUnit.set(r.serial, u);
  }
  const repeatUnits: ServiceDashboard['repeatUnits'] = [];
  for (const [serial, u] of byUnit) {
    const repeated = u.times.some((t, i) => i > 0 && t - u.times[i - 1]! <= 90 * 86_400_000);
    if (repeated) repeatUnits.push({ serial, product: u.product, cases: u.times.length });
  }
  const perProduct = new Map<string, number>();
  for (const u of repeatUnits) perProduct.set(u.product, (perProduct.get(u.product) ?? 0) + 1);
  const yearAgo = new Date((now - 365 * 86_400) * 1000).toISOString().slice(0, 10);
  const total = sql<string>`sum(cost_lines.amount_minor)::text`;
  const byProduct = await deps.db
    .selectFrom('cost_lines')
    .innerJoin('cases', (j) =>
      j
        .onRef('cases.tenant_id', '=', 'cost_lines.tenant_id')
        .onRef('cases.case_id', '=', 'cost_lines.case_id'),
    )
    .innerJoin('units', (j) =>
      j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
    )
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .select(['products.model', 'cost_lines.currency', total.as('total')])
    .where('cost_lines.tenant_id', '=', actor.tenantId)
    .where('cost_lines.occurred_on', '>=', yearAgo)
    .groupBy(['products.model', 'cost_lines.currency'])
    .orderBy('products.model')
    .execute();
  const byBearer = await deps.db
    .selectFrom('cost_lines')
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'cost_lines.tenant_id')
        .onRef('parties.party_id', '=', 'cost_lines.bearer_party_id'),
    )
    .select(['parties.key', 'cost_lines.currency', total.as('total')])
    .where('cost_lines.tenant_id', '=', actor.tenantId)
    .where('cost_lines.occurred_on', '>=', yearAgo)
    .groupBy(['parties.key', 'cost_lines.currency'])
    .orderBy('parties.key')
    .execute();
  return {
    costByProduct: byProduct.map((r) => ({ product: r.model, currency: r.currency, amountMinor: r.total })),
    costByBearer: byBearer.map((r) => ({ bearer: r.key, currency: r.currency, amountMinor: r.total })),
    slaByWeek,
    slaByPartner: [...partners].map(([partner, p]) => ({
      partner,
      ...p,
      attainment: share(p.met, p.breached),
    })),
    openByRemaining: (Object.keys(buckets) as (keyof typeof buckets)[]).map((bucket) => ({
      bucket,
      cases: buckets[bucket],
    })),
    repeatFailures: [...perProduct].map(([product, units]) => ({ product, units })),
    repeatUnits: repeatUnits.sort((a, b) => b.cases - a.cases).slice(0, 10),
  };
}
