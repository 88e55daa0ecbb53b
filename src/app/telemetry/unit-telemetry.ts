import { sql } from 'kysely';
import { type Actor, readsBrandInternals } from '../../domain/access/index.ts';
import { type MaintenanceDue, maintenanceDue, type TelemetryModel } from '../../domain/telemetry/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { UNIT_NOT_FOUND, visibleUnits } from '../unit/index.ts';
import { type AlarmGuide, alarmGuides } from './alarm-guides.ts';
import { maintenanceBasis, runHoursAt } from './maintenance-due.ts';

export interface SeriesPoint {
  at: string;
  avg: number;
  min: number;
  max: number;
  n: number;
}

export interface UnitTelemetry {
  serial: string;
  product: string;
  metrics: Array<{
    key: string;
    name: { en: string; zh: string };
    unit: string;
    normal: { low: number; high: number };
  }>;
  lastSeenAt: string | null;
  /** The last values received (the live view). */
  latest: Record<string, number>;
  runHours: number | null;
  maintenance: MaintenanceDue | null;
  alarms: Array<{
    at: string;
    code: string;
    meaning: { en: string; zh: string };
    partCategory: string;
    article: string | null;
    /** The knowledge-base articles and troubleshooting trees for the code that this reader may open. */
    guides: AlarmGuide[];
  }>;
  rules: Array<{
    rule: string;
    caseId: string;
    caseNumber: string;
    state: string;
    fired: number;
    damped: number;
  }>;
  series: Array<{ metric: string; step: 'hour' | 'day'; points: SeriesPoint[] }>;
}

const MAX_RANGE_DAYS = 400;

/**
 * A unit's health as anyone who may see the unit sees it (its owner, seller, service partner, the
 * brand's staff; anyone else gets 404): the live values, the series from the hourly rollups (by
 * day over long ranges), the recent alarms with their meaning, the run hours and maintenance due,
 * and the cases the rules keep open.
 */
export async function unitTelemetry(
  deps: AppDeps,
  actor: Actor,
  serial: string,
  range: {
    from?: string | undefined;
    to?: string | undefined;
    metrics?: string[] | undefined;
    step?: 'hour' | 'day' | undefined;
  },
): Promise<UnitTelemetry> {
  const unit = await visibleUnits(deps.db, actor)
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .leftJoin('telemetry_models', (j) =>
      j
        .onRef('telemetry_models.tenant_id', '=', 'units.tenant_id')
        .onRef('telemetry_models.product_id', '=', 'units.product_id'),
    )
    .select(['units.unit_id', 'units.serial', 'units.product_id', 'products.model', 'telemetry_models.spec'])
    .where('units.serial', '=', serial)
    .executeTakeFirst();
  if (!unit) throw notFound(UNIT_NOT_FOUND);
  const model: TelemetryModel | undefined = unit.spec ? readJson(unit.spec) : undefined;
  const now = deps.now();
  const to = range.to ? new Date(range.to) : now;
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - 86_400_000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to)
    throw invalid([{ path: '/querystring/from', message: 'from must be an instant before to' }]);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
    throw invalid([{ path: '/querystring/from', message: `at most ${MAX_RANGE_DAYS} days at once` }]);
  const step = range.step ?? (to.getTime() - from.getTime() > 14 * 86_400_000 ? 'day' : 'hour');
  const known = model?.metrics.map((m) => m.key) ?? [];
  const metrics = range.metrics?.length ? range.metrics.filter((m) => known.includes(m)) : known;
  const tenantId = actor.tenantId;
  const state = await deps.db
    .selectFrom('telemetry_states')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('unit_id', '=', unit.unit_id)
    .executeTakeFirst();
  const latest: Record<string, number> = {};
  if (state && known.length > 0) {
    // Each metric's newest value of the last day before the last message (a message may carry
    // only some metrics, or only alarms): one index probe per metric, newest partition first.
    const rows = await sql<{ metric: string; value: number }>`
      SELECT m.metric, r.value
      FROM unnest(${known}::text[]) AS m(metric)
      CROSS JOIN LATERAL (
        SELECT value FROM telemetry_readings
        WHERE tenant_id = ${tenantId} AND unit_id = ${unit.unit_id} AND metric = m.metric
          AND read_at <= ${state.last_seen_at} AND read_at > ${new Date(state.last_seen_at.getTime() - 86_400_000)}
        ORDER BY read_at DESC LIMIT 1
      ) r
    `.execute(deps.db);
    for (const r of rows.rows) latest[r.metric] = r.value;
  }
  const series = await chartSeries(deps, tenantId, unit.unit_id, metrics, from, to, step);
  const alarms = await deps.db
    .selectFrom('telemetry_alarms')
    .select(['raised_at', 'code'])
    .where('tenant_id', '=', tenantId)
    .where('unit_id', '=', unit.unit_id)
    .orderBy('raised_at', 'desc')
    .limit(50)
    .execute();
  const codes = [...new Set(alarms.map((a) => a.code))].map((code) => ({
    code,
    article: model?.alarms.find((x) => x.code === code)?.article,
  }));
  const guides = await alarmGuides(deps, actor, { productId: unit.product_id, model: unit.model }, codes);
  const rules = await deps.db
    .selectFrom('telemetry_rule_cases as rc')
    .innerJoin('cases', (j) =>
      j.onRef('cases.tenant_id', '=', 'rc.tenant_id').onRef('cases.case_id', '=', 'rc.case_id'),
    )
    .select([
      'rc.rule',
      'rc.case_id',
      'cases.number',
      'cases.public_ref',
      'cases.state',
      'rc.fired',
      'rc.damped',
    ])
    .where('rc.tenant_id', '=', tenantId)
    .where('rc.unit_id', '=', unit.unit_id)
    .orderBy('rc.rule')
    .execute();
  let maintenance: MaintenanceDue | null = null;
  if (model?.maintenance) {
    const m = model.maintenance;
    const lastOn = await maintenanceBasis(deps.db, tenantId, unit.unit_id);
    const atLast = lastOn
      ? await runHoursAt(deps.db, tenantId, unit.unit_id, m.runHoursMetric, lastOn)
      : null;
    maintenance = maintenanceDue({
      every: { runHours: m.everyRunHours, months: m.everyMonths, ref: m.ref },
      lastOn,
      runHoursNow: state?.run_hours ?? null,
      runHoursAtLast: atLast,
      today: now.toISOString().slice(0, 10),
    });
  }
  return {
    serial: unit.serial,
    product: unit.model,
    metrics: (model?.metrics ?? []).map((m) => ({
      key: m.key,
      name: m.name,
      unit: m.unit,
      normal: m.normal,
    })),
    lastSeenAt: state ? state.last_seen_at.toISOString() : null,
    latest,
    runHours: state?.run_hours ?? null,
    maintenance,
    alarms: alarms.map((a) => {
      const spec = model?.alarms.find((x) => x.code === a.code);
      return {
        at: a.raised_at.toISOString(),
        code: a.code,
        meaning: spec?.meaning ?? { en: a.code, zh: a.code },
        partCategory: spec?.partCategory ?? '',
        article: spec?.article ?? null,
        guides: guides.get(a.code) ?? [],
      };
    }),
    rules: rules.map((r) => ({
      rule: r.rule,
      caseId: r.case_id,
      // Customers and partners know a case by its public reference, never the sequential number.
      caseNumber: readsBrandInternals(actor) ? r.number : r.public_ref,
      state: r.state,
      fired: r.fired,
      damped: r.damped,
    })),
    series,
  };
}

/** The chart series of a unit from the hourly rollups (one index range per metric). */
export async function chartSeries(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
  unitId: string,
  metrics: readonly string[],
  from: Date,
  to: Date,
  step: 'hour' | 'day',
): Promise<UnitTelemetry['series']> {
  if (metrics.length === 0) return [];
  const bucket = step === 'day' ? sql`date_trunc('day', hour, 'UTC')` : sql`hour`;
  const rows = await sql<{
    metric: string;
    at: Date;
    n: string | number;
    total: number;
    low: number;
    high: number;
  }>`
    SELECT metric, ${bucket} AS at, sum(n) AS n, sum(total) AS total, min(low) AS low, max(high) AS high
    FROM telemetry_rollups
    WHERE tenant_id = ${tenantId} AND unit_id = ${unitId}
      AND metric IN (${sql.join(metrics)}) AND hour >= ${from} AND hour <= ${to}
    GROUP BY metric, 2 ORDER BY metric, 2
  `.execute(deps.db);
  const by = new Map<string, SeriesPoint[]>(metrics.map((m) => [m, []]));
  for (const r of rows.rows) {
    const n = Number(r.n);
    by.get(r.metric)?.push({
      at: new Date(r.at).toISOString(),
      avg: r.total / n,
      min: r.low,
      max: r.high,
      n,
    });
  }
  return [...by].map(([metric, points]) => ({ metric, step, points }));
}
