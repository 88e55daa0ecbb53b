/**
 * `npm run bench -- dossier`: does exporting a dossier keep memory flat as a case grows? Exports
 * the dossier of one case holding 1,000 and then 10,000 entries, sampling the heap every few
 * milliseconds, and prints the peak growth of each beside the other, with the output's size.
 */
import { Writable } from 'node:stream';
import { openCase } from '../src/app/case/index.ts';
import { seedDemo } from '../src/app/demo/index.ts';
import { exportDossier } from '../src/app/dossier/index.ts';
import { appendEntry, createCheckpoint } from '../src/app/evidence/index.ts';
import { inTransaction } from '../src/app/transaction.ts';
import type { Actor } from '../src/domain/access/index.ts';
import { ENGINE, openTestDatabase } from '../test/support/database.ts';
import { EXAMPLES_DIR } from '../test/support/http.ts';

const SIZES = [1_000, 10_000];
const BATCH = 250;

async function measureExport(
  run: (out: Writable) => Promise<unknown>,
): Promise<{ peakMB: number; bytes: number; ms: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 2);
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      done();
    },
  });
  const started = performance.now();
  await run(sink);
  const ms = performance.now() - started;
  clearInterval(timer);
  return { peakMB: (peak - base) / 1e6, bytes, ms };
}

export async function run(): Promise<void> {
  const db = await openTestDatabase({ now: () => new Date('2026-11-23T01:30:00Z') });
  try {
    const report = await seedDemo(db.deps, EXAMPLES_DIR);
    const agent = await db.deps.db
      .selectFrom('users')
      .select(['user_id', 'party_id'])
      .where('email', '=', 'agent@acme.example')
      .executeTakeFirstOrThrow();
    const actor: Actor = {
      tenantId: report.tenantId,
      userId: agent.user_id,
      partyId: agent.party_id,
      role: 'agent',
      homeParty: true,
      authenticatedBy: 'cli',
    };
    const results: { entries: number; peakMB: number; bytes: number; ms: number }[] = [];
    let appended = 0;
    const opened = await openCase(db.deps, actor, {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'long case',
      channel: 'phone',
    });
    for (const size of SIZES) {
      // Grow the case's record to `size` messages of about 1 kB each.
      while (appended < size) {
        await inTransaction(db.deps, async (trx) => {
          for (let i = 0; i < BATCH && appended < size; i++, appended++) {
            await appendEntry(db.deps, trx, report.tenantId, {
              type: 'case.message_received',
              subject: { type: 'case', id: opened.id },
              actor: { userId: null, authenticatedBy: 'system' },
              channel: { name: 'email', externalIds: { messageId: `<${appended}@example.com>` } },
              occurredAt: '2026-11-23T01:30:00Z',
              payload: { body: `消息 ${appended}: ${'the compressor trips again. '.repeat(36)}` },
              blobs: [],
              refersTo: null,
            });
          }
        });
      }
      await createCheckpoint(db.deps, report.tenantId);
      const measured = await measureExport((out) =>
        exportDossier(db.deps, report.tenantId, { type: 'case', number: opened.number }, out),
      );
      results.push({ entries: size, ...measured });
    }
    process.stdout.write(`engine: ${ENGINE}\n`);
    process.stdout.write(
      'entries in the case   dossier size   export time   peak heap growth during export\n',
    );
    for (const r of results) {
      process.stdout.write(
        `${String(r.entries).padStart(19)}   ${(r.bytes / 1e6).toFixed(1).padStart(9)} MB   ${(r.ms / 1000).toFixed(2).padStart(9)} s   ${r.peakMB.toFixed(1).padStart(10)} MB\n`,
      );
    }
    const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
    process.stdout.write(
      `${(large.entries / small.entries).toFixed(0)}x the entries: ${(large.bytes / small.bytes).toFixed(1)}x the output, ` +
        `${(large.peakMB / Math.max(small.peakMB, 0.1)).toFixed(1)}x the peak heap growth (flat is about 1x)\n`,
    );
  } finally {
    await db.close();
  }
}
