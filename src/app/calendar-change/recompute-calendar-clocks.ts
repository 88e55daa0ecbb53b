import { duration, fixedSeconds } from '../../domain/time/index.ts';
import { calendarFor } from '../calendar/index.ts';
import { type ClockRow, clockView, saveClock } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';

export interface RecomputeReport {
  clocks: number;
  moved: number;
}

const PAGE = 500;

/**
 * A calendar has a new version (a holiday added, say): every open clock computed with an older
 * version is recomputed with the new one, from its own start and pauses, and records the version
 * it now uses. Each clock whose deadline moves gets an entry on its case's timeline with the old
 * and new deadlines. Works a page of clocks at a time, each page in one transaction.
 */
export async function recomputeCalendarClocks(
  deps: AppDeps,
  author: ChangeAuthor,
  calendar: { key: string; version: number },
): Promise<RecomputeReport> {
  const t = author.tenantId;
  const report: RecomputeReport = { clocks: 0, moved: 0 };
  const at = Math.floor(deps.now().getTime() / 1000);
  for (;;) {
    const done = await inTransaction(deps, async (trx) => {
      const rows = await trx
        .selectFrom('case_clocks')
        .selectAll()
        .where('tenant_id', '=', t)
        .where('calendar_key', '=', calendar.key)
        .where('calendar_version', '<', calendar.version)
        .where('stopped_at', 'is', null)
        .orderBy('case_id')
        .orderBy('clock_id')
        .limit(PAGE)
        .forUpdate()
        .execute();
      const next = { clock_type: 'business', calendar_key: calendar.key, calendar_version: calendar.version };
      const compiled = await calendarFor(trx, t, next);
      for (const row of rows) {
        const before = await clockView(trx, t, row, at);
        const targetSeconds =
          row.clock_type === 'business'
            ? compiled.businessSeconds(duration(row.duration))
            : fixedSeconds(duration(row.duration));
        const updated: ClockRow = {
          ...row,
          calendar_version: calendar.version,
          target_seconds: targetSeconds,
        };
        await trx
          .updateTable('case_clocks')
          .set({ calendar_version: calendar.version, target_seconds: targetSeconds })
          .where('tenant_id', '=', t)
          .where('case_id', '=', row.case_id)
          .where('clock_id', '=', row.clock_id)
          .execute();
        await saveClock(deps, trx, t, updated, at);
        const after = await clockView(trx, t, updated, at);
        report.clocks++;
        if (after.dueAt !== before.dueAt) {
          report.moved++;
          await recordChange(deps, trx, author, {
            type: 'sla.recomputed',
            subject: { type: 'case', id: row.case_id },
            payload: {
              reason: { calendar: calendar.key, from: row.calendar_version, to: calendar.version },
              side: row.side,
              target: row.target,
              ref: row.ref,
              oldDueAt: before.dueAt,
              newDueAt: after.dueAt,
            },
          });
        }
      }
      return rows.length < PAGE;
    });
    if (done) return report;
  }
}
