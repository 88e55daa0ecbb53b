import { sql } from 'kysely';
import {
  checkMessage,
  evaluate,
  type Firing,
  historyNeeded,
  hourOf,
  monthOf,
  type Reading,
  type ReadingMessage,
  type RefusalReason,
  type TelemetryModel,
} from '../../domain/telemetry/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { fireRule, type RuleOutcome } from './fire-rule.ts';
import { checkMaintenance } from './maintenance-due.ts';

/** One message as it arrived: the tenant and serial from its topic (or the gateway's batch), its body. */
export interface Incoming {
  tenantKey: string;
  serial: string;
  message: ReadingMessage | unknown;
}

export interface TelemetryLimits {
  /** A reading more than this ahead of the server's clock is refused. */
  maxAheadSeconds: number;
  /** A reading older than this is refused (a unit that buffered for longer has a clock problem). */
  maxBehindSeconds: number;
}

export const DEFAULT_TELEMETRY_LIMITS: TelemetryLimits = {
  maxAheadSeconds: 300,
  maxBehindSeconds: 7 * 86_400,
};

export interface IngestReport {
  messages: number;
  stored: number;
  readings: number;
  /** Accepted messages that added nothing: every reading and alarm was stored already (a redelivery). */
  repeated: number;
  refused: Partial<Record<RefusalReason, number>>;
  /** What each refused message was refused for, in order (for a gateway's answer). */
  refusals: Array<{ index: number; reason: RefusalReason; detail: string }>;
  rules: Array<RuleOutcome & { serial: string }>;
  maintenanceDue: string[];
}

interface UnitEntry {
  tenantId: string;
  unitId: string;
  serial: string;
  productId: string;
  model: TelemetryModel | undefined;
  fetchedAt: number;
}

/** Caches of what a busy stream asks again and again: tenants by slug, units with their model. */
export class TelemetryCache {
  readonly tenants = new Map<string, { id: string | null; at: number }>();
  readonly units = new Map<string, UnitEntry | { missing: true; fetchedAt: number }>();
  readonly partitions = new Set<string>();
  readonly ttlMs: number;
  constructor(ttlMs = 30_000) {
    this.ttlMs = ttlMs;
  }
}

const defaultCache = new TelemetryCache();

/**
 * Ingests a batch of messages: each is checked whole against its product's model (unknown unit,
 * unknown metric or alarm, out of range, counter going back, clock far off: refused and counted,
 * nothing of it stored); the accepted ones are written in one transaction (readings into their
 * month's partition, the hourly rollups, alarms, the unit's state, the refusal counts). Then the
 * rules are evaluated and each firing opens or updates its case, in a transaction of its own.
 */
export async function ingestReadings(
  deps: AppDeps,
  batch: readonly Incoming[],
  options: { limits?: TelemetryLimits; cache?: TelemetryCache; evaluateRules?: boolean } = {},
): Promise<IngestReport> {
  const limits = options.limits ?? DEFAULT_TELEMETRY_LIMITS;
  const cache = options.cache ?? defaultCache;
  const now = deps.now();
  const report: IngestReport = {
    messages: batch.length,
    stored: 0,
    readings: 0,
    repeated: 0,
    refused: {},
    refusals: [],
    rules: [],
    maintenanceDue: [],
  };
  const refusalCounts = new Map<string, number>();
  const refuse = (index: number, tenantKey: string, reason: RefusalReason, detail: string) => {
    report.refused[reason] = (report.refused[reason] ?? 0) + 1;
    report.refusals.push({ index, reason, detail });
    const key = `${tenantKey}\u0000${reason}`;
    refusalCounts.set(key, (refusalCounts.get(key) ?? 0) + 1);
  };

  const units = await resolveUnits(deps, cache, batch, now.getTime());
  const states = await loadStates(deps, [...new Set([...units.values()].map((u) => u.unitId))]);
  type Accepted = { unit: UnitEntry; at: Date; readings: Reading[]; alarms: string[] };
  const accepted: Accepted[] = [];
  const counters = new Map<string, Map<string, number>>();
  for (const [index, incoming] of batch.entries()) {
    const key = unitKey(incoming.tenantKey, incoming.serial);
    const unit = units.get(key);
    if (!unit) {
      const tenantKnown = cache.tenants.get(incoming.tenantKey)?.id;
      refuse(
        index,
        tenantKnown ? incoming.tenantKey : '',
        tenantKnown ? 'unknown_unit' : 'unknown_tenant',
        `${incoming.serial}`,
      );
      continue;
    }
    if (!unit.model) {
      refuse(index, incoming.tenantKey, 'no_model', incoming.serial);
      continue;
    }
    if (!isMessage(incoming.message)) {
      refuse(index, incoming.tenantKey, 'malformed', 'expected {at, values, alarms?}');
      continue;
    }
    let last = counters.get(unit.unitId);
    if (!last) {
      last = new Map();
      const runHours = states.get(unit.unitId)?.run_hours;
      const metric = unit.model.maintenance?.runHoursMetric;
      if (metric && runHours !== null && runHours !== undefined) last.set(metric, runHours);
      counters.set(unit.unitId, last);
    }
    const checked = checkMessage(unit.model, incoming.message, now, limits, last);
    if (!checked.ok) {
      refuse(index, incoming.tenantKey, checked.reason, checked.detail);
      continue;
    }
    for (const r of checked.readings) {
      if (unit.model.metrics.find((m) => m.key === r.metric)?.counter) last.set(r.metric, r.value);
    }
    accepted.push({ unit, at: checked.at, readings: checked.readings, alarms: checked.alarms });
  }

  const rows = accepted.flatMap((a) =>
    a.readings.map((r) => ({
      t: a.unit.tenantId,
      u: a.unit.unitId,
      m: r.metric,
      at: r.at.toISOString(),
      v: r.value,
    })),
  );
  for (const a of accepted) await ensurePartition(deps, cache, a.at);
  const lastSeen = new Map<string, { unit: UnitEntry; at: Date; runHours: number | null }>();
  for (const a of accepted) {
    const seen = lastSeen.get(a.unit.unitId);
    const metric = a.unit.model?.maintenance?.runHoursMetric;
    const runHours = a.readings.find((r) => r.metric === metric)?.value ?? null;
    lastSeen.set(a.unit.unitId, {
      unit: a.unit,
      at: seen && seen.at > a.at ? seen.at : a.at,
      runHours:
        Math.max(runHours ?? -1, seen?.runHours ?? -1, states.get(a.unit.unitId)?.run_hours ?? -1) >= 0
          ? Math.max(runHours ?? -1, seen?.runHours ?? -1, states.get(a.unit.unitId)?.run_hours ?? -1)
          : null,
    });
  }
  // What this batch added (unit and time): a message delivered again (the broker's at-least-once)
  // adds nothing, and its rules are not evaluated again.
  const added = new Set<string>();
  await inTransaction(deps, async (trx) => {
    for (let start = 0; start < rows.length; start += 20_000) {
      const chunk = JSON.stringify(rows.slice(start, start + 20_000));
      const fresh = await sql<{ unit_id: string; read_at: Date }>`
        WITH incoming AS (
          SELECT * FROM json_to_recordset(${chunk}::json)
            AS x(t uuid, u uuid, m text, at timestamptz, v double precision)
        ), stored AS (
          INSERT INTO telemetry_readings (tenant_id, unit_id, metric, read_at, value)
          SELECT t, u, m, at, v FROM incoming
          ON CONFLICT DO NOTHING
          RETURNING tenant_id, unit_id, metric, read_at, value
        ), rolled AS (
          INSERT INTO telemetry_rollups (tenant_id, unit_id, metric, hour, n, total, low, high)
          SELECT tenant_id, unit_id, metric, date_trunc('hour', read_at, 'UTC'), count(*), sum(value), min(value), max(value)
          FROM stored GROUP BY 1, 2, 3, 4
          ON CONFLICT (tenant_id, unit_id, metric, hour) DO UPDATE SET
            n = telemetry_rollups.n + excluded.n,
            total = telemetry_rollups.total + excluded.total,
            low = least(telemetry_rollups.low, excluded.low),
            high = greatest(telemetry_rollups.high, excluded.high)
        )
        SELECT DISTINCT unit_id, read_at FROM stored
      `.execute(trx);
      for (const r of fresh.rows) added.add(`${r.unit_id}|${new Date(r.read_at).getTime()}`);
    }
    const alarms = accepted.flatMap((a) =>
      a.alarms.map((code) => ({ tenant_id: a.unit.tenantId, unit_id: a.unit.unitId, raised_at: a.at, code })),
    );
    if (alarms.length > 0) {
      const raised = await trx
        .insertInto('telemetry_alarms')
        .values(alarms)
        .onConflict((oc) => oc.doNothing())
        .returning(['unit_id', 'raised_at'])
        .execute();
      for (const r of raised) added.add(`${r.unit_id}|${new Date(r.raised_at).getTime()}`);
    }
    if (lastSeen.size > 0) {
      const state = JSON.stringify(
        [...lastSeen.values()].map(({ unit, at, runHours }) => {
          const heartbeat = unit.model?.rules.find((r) => r.kind === 'heartbeat');
          return {
            t: unit.tenantId,
            u: unit.unitId,
            at: at.toISOString(),
            due:
              heartbeat && heartbeat.kind === 'heartbeat'
                ? new Date(at.getTime() + heartbeat.silentSeconds * 1000).toISOString()
                : null,
            rh: runHours,
          };
        }),
      );
      await sql`
        INSERT INTO telemetry_states (tenant_id, unit_id, last_seen_at, heartbeat_due_at, run_hours)
        SELECT t, u, at, due, rh FROM json_to_recordset(${state}::json)
          AS x(t uuid, u uuid, at timestamptz, due timestamptz, rh double precision)
        ON CONFLICT (tenant_id, unit_id) DO UPDATE SET
          last_seen_at = greatest(telemetry_states.last_seen_at, excluded.last_seen_at),
          heartbeat_due_at = CASE WHEN excluded.last_seen_at >= telemetry_states.last_seen_at
            THEN excluded.heartbeat_due_at ELSE telemetry_states.heartbeat_due_at END,
          run_hours = coalesce(greatest(telemetry_states.run_hours, excluded.run_hours), telemetry_states.run_hours, excluded.run_hours)
      `.execute(trx);
    }
    // Units whose maintenance basis is not worked out yet: the last maintenance (or installation),
    // the run hours then (from the rollups; else the first counter reading), the run hours due.
    const unworked = [...lastSeen.values()]
      .filter(({ unit, runHours }) => runHours !== null && unit.model?.maintenance)
      .filter(({ unit }) => (states.get(unit.unitId)?.maintenance_due_hours ?? null) === null)
      .map(({ unit }) => ({
        t: unit.tenantId,
        u: unit.unitId,
        every: unit.model!.maintenance!.everyRunHours,
        metric: unit.model!.maintenance!.runHoursMetric,
      }));
    if (unworked.length > 0) {
      await sql`
        UPDATE telemetry_states s SET
          maintenance_basis_on = x.basis,
          maintenance_due_hours = coalesce(rh.at_basis, s.run_hours) + x.every
        FROM (
          SELECT j.t, j.u, j.every, j.metric,
            coalesce(
              (SELECT max(m.performed_on) FROM unit_maintenance m WHERE m.tenant_id = j.t AND m.unit_id = j.u),
              un.installed_on, un.delivered_on) AS basis
          FROM json_to_recordset(${JSON.stringify(unworked)}::json) AS j(t uuid, u uuid, every double precision, metric text)
          JOIN units un ON un.tenant_id = j.t AND un.unit_id = j.u
        ) x
        LEFT JOIN LATERAL (
          SELECT coalesce(
            (SELECT r.high FROM telemetry_rollups r
              WHERE r.tenant_id = x.t AND r.unit_id = x.u AND r.metric = x.metric AND r.hour < x.basis
              ORDER BY r.hour DESC LIMIT 1),
            (SELECT r.low FROM telemetry_rollups r
              WHERE r.tenant_id = x.t AND r.unit_id = x.u AND r.metric = x.metric AND r.hour >= x.basis
              ORDER BY r.hour LIMIT 1)) AS at_basis
        ) rh ON true
        WHERE s.tenant_id = x.t AND s.unit_id = x.u AND s.maintenance_due_hours IS NULL
      `.execute(trx);
    }
    if (refusalCounts.size > 0) {
      const day = now.toISOString().slice(0, 10);
      const counts = JSON.stringify(
        [...refusalCounts].map(([key, count]) => {
          const [tenantKey, reason] = key.split('\u0000');
          return {
            t: cache.tenants.get(tenantKey ?? '')?.id ?? null,
            k: tenantKey,
            r: reason,
            d: day,
            c: count,
          };
        }),
      );
      await sql`
        INSERT INTO telemetry_refusals (tenant_id, tenant_key, reason, day, count)
        SELECT t, k, r, d, c FROM json_to_recordset(${counts}::json) AS x(t uuid, k text, r text, d date, c bigint)
        ON CONFLICT (tenant_key, reason, day) DO UPDATE SET count = telemetry_refusals.count + excluded.count
      `.execute(trx);
    }
  });
  report.stored = accepted.length;
  report.readings = rows.length;
  const repeated = new Set(accepted.filter((a) => !added.has(`${a.unit.unitId}|${a.at.getTime()}`)));
  report.repeated = repeated.size;

  if (options.evaluateRules === false) return report;
  const hourBefore = await loadHoursBefore(deps, accepted);
  const windowed = await loadWindowBaselines(
    deps,
    accepted.filter((a) => !repeated.has(a)),
  );
  for (const a of accepted) {
    if (repeated.has(a)) continue;
    const model = a.unit.model!;
    const firings = evaluate(model, a, await loadHistory(deps, a.unit, model, a, hourBefore, windowed));
    for (const firing of firings) {
      report.rules.push({ ...(await fireRule(deps, a.unit, firing)), serial: a.unit.serial });
    }
  }
  for (const { unit, runHours } of lastSeen.values()) {
    if (runHours === null || !unit.model?.maintenance) continue;
    // Looked at only when the run hours due are not worked out yet, or have been reached: a
    // maintenance recorded meanwhile moves the basis, which checkMaintenance then works out again.
    const dueHours = states.get(unit.unitId)?.maintenance_due_hours ?? null;
    if (dueHours === null || runHours < dueHours) continue;
    if (await checkMaintenance(deps, unit, unit.model.maintenance, runHours))
      report.maintenanceDue.push(unit.serial);
  }
  return report;
}

function isMessage(value: unknown): value is ReadingMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (
    typeof m.at !== 'string' ||
    typeof m.values !== 'object' ||
    m.values === null ||
    Array.isArray(m.values)
  )
    return false;
  if (m.alarms !== undefined && !(Array.isArray(m.alarms) && m.alarms.every((a) => typeof a === 'string')))
    return false;
  return Object.values(m.values).every((v) => typeof v === 'number');
}

const unitKey = (tenantKey: string, serial: string) => `${tenantKey}\u0000${serial}`;

async function resolveUnits(
  deps: AppDeps,
  cache: TelemetryCache,
  batch: readonly Incoming[],
  nowMs: number,
): Promise<Map<string, UnitEntry>> {
  const fresh = (at: number) => nowMs - at < cache.ttlMs && at <= nowMs;
  const wantedTenants = [...new Set(batch.map((b) => b.tenantKey))].filter((k) => {
    const t = cache.tenants.get(k);
    return !t || !fresh(t.at);
  });
  if (wantedTenants.length > 0) {
    const rows = await deps.db
      .selectFrom('tenants')
      .select(['tenant_id', 'slug'])
      .where('slug', 'in', wantedTenants)
      .execute();
    for (const k of wantedTenants)
      cache.tenants.set(k, { id: rows.find((r) => r.slug === k)?.tenant_id ?? null, at: nowMs });
  }
  const missing = new Map<string, string[]>();
  for (const b of batch) {
    const tenantId = cache.tenants.get(b.tenantKey)?.id;
    if (!tenantId) continue;
    const entry = cache.units.get(unitKey(b.tenantKey, b.serial));
    if (entry && fresh(entry.fetchedAt)) continue;
    const list = missing.get(b.tenantKey) ?? [];
    list.push(b.serial);
    missing.set(b.tenantKey, list);
  }
  for (const [tenantKey, serials] of missing) {
    const tenantId = cache.tenants.get(tenantKey)!.id!;
    const unique = [...new Set(serials)];
    for (let start = 0; start < unique.length; start += 1000) {
      const part = unique.slice(start, start + 1000);
      const rows = await deps.db
        .selectFrom('units')
        .leftJoin('telemetry_models', (j) =>
          j
            .onRef('telemetry_models.tenant_id', '=', 'units.tenant_id')
            .onRef('telemetry_models.product_id', '=', 'units.product_id'),
        )
        .select(['units.unit_id', 'units.serial', 'units.product_id', 'telemetry_models.spec'])
        .where('units.tenant_id', '=', tenantId)
        .where('units.serial', 'in', part)
        .execute();
      const found = new Map(rows.map((r) => [r.serial, r]));
      for (const serial of part) {
        const row = found.get(serial);
        cache.units.set(
          unitKey(tenantKey, serial),
          row
            ? {
                tenantId,
                unitId: row.unit_id,
                serial,
                productId: row.product_id,
                model: row.spec ? readJson(row.spec) : undefined,
                fetchedAt: nowMs,
              }
            : { missing: true, fetchedAt: nowMs },
        );
      }
    }
  }
  const out = new Map<string, UnitEntry>();
  for (const b of batch) {
    const key = unitKey(b.tenantKey, b.serial);
    const entry = cache.units.get(key);
    if (entry && !('missing' in entry)) out.set(key, entry);
  }
  return out;
}

async function loadStates(deps: AppDeps, unitIds: string[]) {
  const out = new Map<string, { run_hours: number | null; maintenance_due_hours: number | null }>();
  for (let start = 0; start < unitIds.length; start += 1000) {
    const rows = await deps.db
      .selectFrom('telemetry_states')
      .select(['unit_id', 'run_hours', 'maintenance_due_hours'])
      .where('unit_id', 'in', unitIds.slice(start, start + 1000))
      .execute();
    for (const r of rows) out.set(r.unit_id, r);
  }
  return out;
}

/** Makes the month's partition of the readings when its first reading arrives. */
async function ensurePartition(deps: AppDeps, cache: TelemetryCache, at: Date): Promise<void> {
  const month = monthOf(at);
  if (cache.partitions.has(month.name)) return;
  const name = `telemetry_readings_${month.name}`;
  try {
    await sql
      .raw(
        `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF telemetry_readings FOR VALUES FROM ('${month.from.toISOString()}') TO ('${month.to.toISOString()}')`,
      )
      .execute(deps.db);
  } catch (error) {
    // Another process made it at the same moment.
    const code = (error as { code?: string }).code;
    if (code !== '42P07' && code !== '23505') throw error;
  }
  cache.partitions.add(month.name);
}

/**
 * The average of each rate-ruled metric in the hour before each message's hour, for the whole
 * batch in one statement (keyed `unit|metric|hour`).
 */
async function loadHoursBefore(
  deps: AppDeps,
  accepted: ReadonlyArray<{ unit: UnitEntry; at: Date; readings: Reading[] }>,
): Promise<Map<string, number>> {
  const wanted = new Map<string, { t: string; u: string; m: string; h: string }>();
  for (const a of accepted) {
    for (const rule of a.unit.model?.rules ?? []) {
      if (rule.kind !== 'rate' || rule.windowSeconds || !a.readings.some((r) => r.metric === rule.metric))
        continue;
      const hour = new Date(hourOf(a.at).getTime() - 3_600_000);
      wanted.set(`${a.unit.unitId}|${rule.metric}|${hour.getTime()}`, {
        t: a.unit.tenantId,
        u: a.unit.unitId,
        m: rule.metric,
        h: hour.toISOString(),
      });
    }
  }
  const out = new Map<string, number>();
  const keys = [...wanted.values()];
  for (let start = 0; start < keys.length; start += 10_000) {
    const chunk = JSON.stringify(keys.slice(start, start + 10_000));
    const rows = await sql<{ unit_id: string; metric: string; hour: Date; n: number; total: number }>`
      SELECT r.unit_id, r.metric, r.hour, r.n, r.total
      FROM json_to_recordset(${chunk}::json) AS x(t uuid, u uuid, m text, h timestamptz)
      JOIN telemetry_rollups r ON r.tenant_id = x.t AND r.unit_id = x.u AND r.metric = x.m AND r.hour = x.h
    `.execute(deps.db);
    for (const r of rows.rows)
      if (r.n > 0) out.set(`${r.unit_id}|${r.metric}|${new Date(r.hour).getTime()}`, r.total / r.n);
  }
  return out;
}

/**
 * The baselines of the rate rules with a window, for the whole batch in one statement (keyed
 * `unit|rule|at`): the average of the metric's readings in [at − window, at) and their mean time,
 * when the oldest of them lies in the window's first half (else the rule waits). Each is an
 * index range of one unit and metric.
 */
async function loadWindowBaselines(
  deps: AppDeps,
  accepted: ReadonlyArray<{ unit: UnitEntry; at: Date; readings: Reading[] }>,
): Promise<Map<string, { average: number; middle: Date }>> {
  const wanted: Array<{ k: string; t: string; u: string; m: string; f: string; a: string; h: string }> = [];
  for (const a of accepted) {
    for (const rule of a.unit.model?.rules ?? []) {
      if (rule.kind !== 'rate' || !rule.windowSeconds || !a.readings.some((r) => r.metric === rule.metric))
        continue;
      const from = a.at.getTime() - rule.windowSeconds * 1000;
      wanted.push({
        k: `${a.unit.unitId}|${rule.key}|${a.at.getTime()}`,
        t: a.unit.tenantId,
        u: a.unit.unitId,
        m: rule.metric,
        f: new Date(from).toISOString(),
        a: a.at.toISOString(),
        h: new Date(from + (rule.windowSeconds * 1000) / 2).toISOString(),
      });
    }
  }
  const out = new Map<string, { average: number; middle: Date }>();
  for (let start = 0; start < wanted.length; start += 5_000) {
    const chunk = JSON.stringify(wanted.slice(start, start + 5_000));
    const rows = await sql<{ k: string; average: number; middle: number }>`
      SELECT x.k, w.average, w.middle
      FROM json_to_recordset(${chunk}::json) AS x(k text, t uuid, u uuid, m text, f timestamptz, a timestamptz, h timestamptz)
      CROSS JOIN LATERAL (
        SELECT avg(r.value) AS average, avg(extract(epoch FROM r.read_at)) AS middle, min(r.read_at) AS oldest
        FROM telemetry_readings r
        WHERE r.tenant_id = x.t AND r.unit_id = x.u AND r.metric = x.m AND r.read_at >= x.f AND r.read_at < x.a
      ) w
      WHERE w.oldest <= x.h
    `.execute(deps.db);
    for (const r of rows.rows)
      out.set(r.k, { average: Number(r.average), middle: new Date(Number(r.middle) * 1000) });
  }
  return out;
}

/** The readings a message's rules need from before it: sustained windows, and the hour before for rates. */
async function loadHistory(
  deps: AppDeps,
  unit: UnitEntry,
  model: TelemetryModel,
  message: { at: Date; readings: Reading[] },
  hourBefore: ReadonlyMap<string, number>,
  windowed: ReadonlyMap<string, { average: number; middle: Date }>,
): Promise<Parameters<typeof evaluate>[2]> {
  const windows = new Map<string, Reading[]>();
  const hours = new Map<string, { average: number; middle: Date }>();
  for (const rule of historyNeeded(model, message.readings)) {
    if (rule.kind === 'threshold' && rule.sustainedSeconds) {
      const rows = await deps.db
        .selectFrom('telemetry_readings')
        .select(['metric', 'read_at', 'value'])
        .where('tenant_id', '=', unit.tenantId)
        .where('unit_id', '=', unit.unitId)
        .where('metric', '=', rule.metric)
        .where('read_at', '>=', new Date(message.at.getTime() - rule.sustainedSeconds * 1000))
        .where('read_at', '<=', message.at)
        .orderBy('read_at')
        .limit(10_000)
        .execute();
      windows.set(
        rule.key,
        rows.map((r) => ({ metric: r.metric, at: r.read_at, value: r.value })),
      );
    } else if (rule.kind === 'rate' && rule.windowSeconds) {
      const baseline = windowed.get(`${unit.unitId}|${rule.key}|${message.at.getTime()}`);
      if (baseline) hours.set(rule.key, baseline);
    } else if (rule.kind === 'rate') {
      const hour = new Date(hourOf(message.at).getTime() - 3_600_000);
      const average = hourBefore.get(`${unit.unitId}|${rule.metric}|${hour.getTime()}`);
      if (average !== undefined)
        hours.set(rule.key, { average, middle: new Date(hour.getTime() + 1_800_000) });
    }
  }
  return { window: (rule) => windows.get(rule.key), baseline: (rule) => hours.get(rule.key) };
}

export type { Firing, UnitEntry };
