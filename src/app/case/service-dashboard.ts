import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { dueAt } from '../../domain/calendar/index.ts';
import { calendarFor } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';

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

export interface DashboardFilter {
  /** First and last day (UTC, YYYY-MM-DD) of the SLA and cost figures; the last 12 weeks and 12 months by default. */
  from?: string | undefined;
  to?: string | undefined;
  /** A product model: cost and repeat-failure figures of that product only. */
  product?: string | undefined;
}

const NO_DEADLINE = 253402300799;
const DAY = 86_400;
const dayOf = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 10);

/**
 * The figures of the console's dashboard, for the brand's staff, read from rollups kept in the
 * same transaction as the events (migration 0015): `sla_daily` for SLA attainment, `unit_failures`
 * for repeat failures, `cost_daily` for costs; open cases by time left are counted from the
 * `cases_open_risk` index alone (the nearest deadline kept on each case), against each calendar's
 * instants 4, 24 and 72 business hours from now. No read grows with the history: the rollups
 * grow by days × products × parties, the count by the open cases.
 */
export async function serviceDashboard(
  deps: AppDeps,
  actor: Actor,
  filter: DashboardFilter = {},
): Promise<ServiceDashboard> {
  if (visibilityOf(actor).kind !== 'tenant') throw new AppError('forbidden');
  const tenantId = actor.tenantId;
  const now = Math.floor(deps.now().getTime() / 1000);
  for (const [name, value] of [
    ['from', filter.from],
    ['to', filter.to],
  ] as const) {
    if (value !== undefined && (!/^\d{4}-\d\d-\d\d$/.test(value) || Number.isNaN(Date.parse(value))))
      throw invalid([{ path: `/querystring/${name}`, message: 'a day as YYYY-MM-DD' }]);
  }
  const to = filter.to ?? dayOf(now);
  // The last 12 ISO weeks, this one included: from the Monday 11 weeks before this week's.
  const weekday = (new Date(now * 1000).getUTCDay() + 6) % 7;
  const slaFrom = filter.from ?? dayOf(now - (weekday + 11 * 7) * DAY);
  const costFrom = filter.from ?? dayOf(now - 365 * DAY);
  let productId: string | undefined;
  if (filter.product) {
    const product = await deps.db
      .selectFrom('products')
      .select('product_id')
      .where('tenant_id', '=', tenantId)
      .where('model', '=', filter.product)
      .executeTakeFirst();
    if (!product) throw notFound({ en: 'No product has this model.', zh: '没有这个型号的产品。' });
    productId = product.product_id;
  }

  const sla = await deps.db
    .selectFrom('sla_daily')
    .select(['day', 'side', 'owed_by', 'met', 'breached'])
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', slaFrom)
    .where('day', '<=', to)
    .execute();
  const weeks = new Map<string, { met: number; breached: number }>();
  const partners = new Map<string, { met: number; breached: number }>();
  for (const r of sla) {
    const day = typeof r.day === 'string' ? r.day : dayOf(new Date(r.day).getTime() / 1000);
    const [map, key] =
      r.side === 'promise' ? [weeks, isoWeek(new Date(`${day}T12:00:00Z`))] : [partners, r.owed_by];
    const target = map.get(key) ?? { met: 0, breached: 0 };
    map.set(key, target);
    target.met += Number(r.met);
    target.breached += Number(r.breached);
  }
  const slaByWeek = [];
  const seen = new Set<string>();
  const last = Date.parse(`${to}T12:00:00Z`) / 1000;
  for (let at = Date.parse(`${slaFrom}T12:00:00Z`) / 1000; at <= last + 6 * DAY; at += 7 * DAY) {
    const week = isoWeek(new Date(Math.min(at, last) * 1000));
    if (seen.has(week)) continue;
    seen.add(week);
    const w = weeks.get(week) ?? { met: 0, breached: 0 };
    slaByWeek.push({ week, met: w.met, breached: w.breached, attainment: share(w.met, w.breached) });
  }

  // Open cases by business time left on the calendar of their nearest clock: each calendar's
  // instants 4, 24 and 72 business hours from now, then one count over the open cases' index.
  const calendars = await deps.db
    .selectFrom('calendar_versions')
    .select(['calendar_key', 'version'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const limits = await Promise.all(
    calendars.map(async (c) => {
      const cal = await calendarFor(deps.db, tenantId, {
        clock_type: 'business',
        calendar_key: c.calendar_key,
        calendar_version: c.version,
      });
      return [
        `${c.calendar_key}@${c.version}`,
        ...[4, 24, 72].map((h) => dueAt(cal, now, h * 3600)),
      ] as const;
    }),
  );
  const thresholds =
    limits.length === 0
      ? sql`(select null::text as cal, 0::bigint as t4, 0::bigint as t24, 0::bigint as t72 where false)`
      : sql`(values ${sql.join(limits.map(([cal, a, b, c]) => sql`(${cal}::text, ${a}::bigint, ${b}::bigint, ${c}::bigint)`))})`;
  const counted = await sql<
    Record<'overdue' | 'under_4h' | 'under_1d' | 'under_3d' | 'later' | 'none', string>
  >`
    with open as (
      select c.risk_calendar, c.risk_due_at, c.has_breach from cases c
      where c.tenant_id = ${tenantId} and c.state not in ('resolved', 'closed'))
    select
      count(*) filter (where has_breach or risk_due_at <= ${now}) as overdue,
      count(*) filter (where not has_breach and risk_due_at > ${now} and risk_due_at < coalesce(t.t4, ${now + 4 * 3600})) as under_4h,
      count(*) filter (where not has_breach and risk_due_at >= coalesce(t.t4, ${now + 4 * 3600}) and risk_due_at < coalesce(t.t24, ${now + 24 * 3600})) as under_1d,
      count(*) filter (where not has_breach and risk_due_at >= coalesce(t.t24, ${now + 24 * 3600}) and risk_due_at < coalesce(t.t72, ${now + 72 * 3600})) as under_3d,
      count(*) filter (where not has_breach and risk_due_at >= coalesce(t.t72, ${now + 72 * 3600}) and risk_due_at < ${NO_DEADLINE}) as later,
      count(*) filter (where not has_breach and risk_due_at >= ${NO_DEADLINE}) as none
    from open left join ${thresholds} as t(cal, t4, t24, t72) on t.cal = open.risk_calendar`.execute(deps.db);
  const c = counted.rows[0]!;
  const buckets = (['overdue', 'under_4h', 'under_1d', 'under_3d', 'later', 'none'] as const).map(
    (bucket) => ({
      bucket,
      cases: Number(c[bucket] ?? 0),
    }),
  );

  let repeated = deps.db
    .selectFrom('unit_failures')
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'unit_failures.tenant_id')
        .onRef('products.product_id', '=', 'unit_failures.product_id'),
    )
    .where('unit_failures.tenant_id', '=', tenantId)
    .where('unit_failures.repeated', '=', true);
  if (productId) repeated = repeated.where('unit_failures.product_id', '=', productId);
  const perProduct = await repeated
    .select(['products.model', (eb) => eb.fn.countAll<string>().as('units')])
    .groupBy('products.model')
    .orderBy('products.model')
    .execute();
  const worst = await repeated
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'unit_failures.tenant_id')
        .onRef('units.unit_id', '=', 'unit_failures.unit_id'),
    )
    .select(['units.serial', 'products.model', 'unit_failures.failures'])
    .orderBy('unit_failures.failures', 'desc')
    .orderBy('unit_failures.unit_id')
    .limit(10)
    .execute();

  const total = sql<string>`sum(cost_daily.amount_minor)::text`;
  let costs = deps.db
    .selectFrom('cost_daily')
    .where('cost_daily.tenant_id', '=', tenantId)
    .where('cost_daily.day', '>=', costFrom)
    .where('cost_daily.day', '<=', to);
  if (productId) costs = costs.where('cost_daily.product_id', '=', productId);
  const byProduct = await costs
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'cost_daily.tenant_id')
        .onRef('products.product_id', '=', 'cost_daily.product_id'),
    )
    .select(['products.model', 'cost_daily.currency', total.as('total')])
    .groupBy(['products.model', 'cost_daily.currency'])
    .having(sql<boolean>`sum(cost_daily.lines) > 0`)
    .orderBy('products.model')
    .execute();
  const byBearer = await costs
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'cost_daily.tenant_id')
        .onRef('parties.party_id', '=', 'cost_daily.bearer_party_id'),
    )
    .select(['parties.key', 'cost_daily.currency', total.as('total')])
    .groupBy(['parties.key', 'cost_daily.currency'])
    .having(sql<boolean>`sum(cost_daily.lines) > 0`)
    .orderBy('parties.key')
    .execute();
  return {
    costByProduct: byProduct.map((r) => ({ product: r.model, currency: r.currency, amountMinor: r.total })),
    costByBearer: byBearer.map((r) => ({ bearer: r.key, currency: r.currency, amountMinor: r.total })),
    slaByWeek,
    slaByPartner: [...partners]
      .filter(([, p]) => p.met + p.breached > 0)
      .map(([partner, p]) => ({ partner, ...p, attainment: share(p.met, p.breached) })),
    openByRemaining: buckets,
    repeatFailures: perProduct.map((r) => ({ product: r.model, units: Number(r.units) })),
    repeatUnits: worst.map((r) => ({ serial: r.serial, product: r.model, cases: Number(r.failures) })),
  };
}
