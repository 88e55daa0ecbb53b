/**
 * Ledger and stock benchmark, on PostgreSQL (DATABASE_URL, or postgres@127.0.0.1:5432), in a
 * scratch database with the demo loaded:
 * - stock reservation under contention: 8 clients reserving one unit at a time from one hot row
 *   with the race-safe conditional UPDATE, until the stock is gone; every unit reserved exactly
 *   once is checked. Reference, same run: the same clients doing an unconditional UPDATE of a row.
 * - a party's statement over 500,000 cost lines (one month of about 20,000 lines for the party),
 *   through the use case (query, party names, statement, CSV). Reference, same run: one SQL
 *   aggregate over the same lines.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { type AppDeps, DEFAULT_SETTINGS } from '../src/app/context.ts';
import { seedDemo } from '../src/app/demo/index.ts';
import { ledgerStatement } from '../src/app/ledger/index.ts';
import { reserveStock } from '../src/app/parts/index.ts';
import { migrateDatabase } from '../src/app/system/index.ts';
import type { Actor } from '../src/domain/access/index.ts';
import { statementCsv } from '../src/domain/ledger/index.ts';
import { FolderBlobStore } from '../src/store/blob-store.ts';
import { type DatabaseHandle, openDatabase } from '../src/store/database.ts';
import { loadEvidenceSigner } from '../src/store/signing-key.ts';
import { createScratchPostgres } from '../test/support/database.ts';
import { EXAMPLES_DIR } from '../test/support/http.ts';
import { DEFAULT_POSTGRES_URL, fmt, postgresVersion } from './support/measure.ts';

const CLIENTS = 8;
const UNITS = 4_000;
const LINES = 500_000;

export async function run(): Promise<void> {
  process.env.DATABASE_URL ??= DEFAULT_POSTGRES_URL;
  if ((await postgresVersion(process.env.DATABASE_URL)) === undefined) {
    process.stdout.write(
      `PostgreSQL is not reachable at ${process.env.DATABASE_URL}: set DATABASE_URL. Skipped.\n`,
    );
    return;
  }
  const scratch = await createScratchPostgres();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-bench-'));
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ databaseUrl: scratch.url, poolSize: CLIENTS + 2 });
    await migrateDatabase(handle.db);
    const deps: AppDeps = {
      db: handle.db,
      blobs: new FolderBlobStore(path.join(dataDir, 'blobs')),
      now: () => new Date('2026-11-30T04:00:00Z'),
      newId: () => randomUUID(),
      evidenceSigner: loadEvidenceSigner({ dataDir }),
      settings: DEFAULT_SETTINGS,
    };
    const { tenantId } = await seedDemo(deps, EXAMPLES_DIR);
    const db = handle.db;
    const location = await db
      .selectFrom('stock_locations')
      .select('location_id')
      .where('key', '=', 'acme-central')
      .executeTakeFirstOrThrow();
    const setLevel = (part: string, onHand: number) =>
      db
        .updateTable('stock_levels')
        .set({ on_hand: onHand, reserved: 0 })
        .where('location_id', '=', location.location_id)
        .where('part_number', '=', part)
        .execute();

    // Reservations on one hot row until none is left.
    await setLevel('MTR-45', UNITS);
    let refused = 0;
    let t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (;;) {
          try {
            await db
              .transaction()
              .execute((trx) =>
                reserveStock(trx, { tenantId, locationId: location.location_id, partNumber: 'MTR-45' }, 1),
              );
          } catch {
            refused++;
            return;
          }
        }
      }),
    );
    const reserveSeconds = (performance.now() - t0) / 1000;
    const after = await db
      .selectFrom('stock_levels')
      .select(['on_hand', 'reserved'])
      .where('location_id', '=', location.location_id)
      .where('part_number', '=', 'MTR-45')
      .executeTakeFirstOrThrow();
    // Reference: the same clients, the same number of unconditional updates of one row.
    await setLevel('FLT-300', UNITS * 2);
    let left = UNITS;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (left-- > 0) {
          await db
            .transaction()
            .execute((trx) =>
              trx
                .updateTable('stock_levels')
                .set({ reserved: sql<number>`reserved + 1` })
                .where('tenant_id', '=', tenantId)
                .where('location_id', '=', location.location_id)
                .where('part_number', '=', 'FLT-300')
                .execute(),
            );
        }
      }),
    );
    const plainSeconds = (performance.now() - t0) / 1000;

    // 500,000 cost lines over 2026 among the demo's channel parties; FixIt's November is the statement.
    const parties = await db
      .selectFrom('parties')
      .select(['party_id', 'key'])
      .where('tenant_id', '=', tenantId)
      .where('key', 'in', [
        'acme',
        'fixit-shanghai',
        'pearl-river-service',
        'ningbo-motor',
        'huadong-trading',
        'ruijin-hospital',
      ])
      .execute();
    const ids = parties.map((p) => p.party_id);
    await sql`
      INSERT INTO cost_lines (tenant_id, line_id, kind, amount_minor, currency, case_id, source_type, source_id,
        bearer_party_id, payee_party_id, ref, agreement_id, agreement_version, description, occurred_on, reverses_line_id, created_at)
      SELECT ${tenantId}::uuid, gen_random_uuid(),
        (ARRAY['parts','labor','travel','shipping','credit'])[1 + (i % 5)],
        1000 + (i::bigint * 7919) % 2000000, 'CNY', NULL, 'bench', NULL,
        (${sql.val(ids)}::uuid[])[1 + (i % ${ids.length})],
        (${sql.val(ids)}::uuid[])[1 + ((i / 7) % ${ids.length})],
        '§5', 'fixit-shanghai-partner', 1, 'bench line ' || i,
        DATE '2026-01-01' + (i % 365), NULL, now()
      FROM generate_series(1, ${LINES}) AS i`.execute(db);
    await sql`ANALYZE cost_lines`.execute(db);
    const fixit = parties.find((p) => p.key === 'fixit-shanghai')!;
    const actor: Actor = {
      tenantId,
      userId: randomUUID(),
      partyId: fixit.party_id,
      role: 'partner',
      homeParty: false,
      authenticatedBy: 'cli',
    };
    const input = { party: 'fixit-shanghai', from: '2026-11-01', to: '2026-11-30' };
    await ledgerStatement(deps, actor, input); // warm
    const runs: number[] = [];
    let lines = 0;
    let csvBytes = 0;
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      const statement = await ledgerStatement(deps, actor, input);
      csvBytes = statementCsv(statement).length;
      runs.push(performance.now() - t0);
      lines = statement.lines.length;
    }
    const refRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await sql`SELECT bearer_party_id, payee_party_id, kind, sum(amount_minor) FROM cost_lines
        WHERE tenant_id = ${tenantId} AND occurred_on BETWEEN '2026-11-01' AND '2026-11-30'
          AND (bearer_party_id = ${fixit.party_id} OR payee_party_id = ${fixit.party_id})
        GROUP BY 1, 2, 3`.execute(db);
      refRuns.push(performance.now() - t0);
    }
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

    const line = (label: string, value: string, reference: string, note: string) =>
      process.stdout.write(
        `${label.padEnd(52)} ${value.padStart(16)}   ${reference.padStart(34)}   ${note}\n`,
      );
    process.stdout.write('\n');
    line('', 'servicebook', 'reference', 'ratio');
    line(
      `reservations/s, ${CLIENTS} clients, one hot row`,
      `${fmt(UNITS / reserveSeconds)}/s`,
      `unconditional UPDATE ${fmt(UNITS / plainSeconds)}/s`,
      `${(plainSeconds / reserveSeconds).toFixed(2)}x`,
    );
    line(
      '  units reserved / refused / reserved = on hand',
      `${after.reserved} / ${refused}`,
      `${UNITS} on hand`,
      after.reserved === UNITS && after.on_hand === UNITS ? 'exact, never below zero' : 'WRONG',
    );
    line(
      `statement of one party, ${fmt(lines)} of ${fmt(LINES)} lines`,
      `${fmt(med(runs), 1)} ms`,
      `SQL aggregate only ${fmt(med(refRuns), 1)} ms`,
      `${(med(runs) / med(refRuns)).toFixed(1)}x (CSV ${fmt(csvBytes / 1024)} KB)`,
    );
  } finally {
    await handle?.close();
    await scratch.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
