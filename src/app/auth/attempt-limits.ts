import { type Kysely, sql } from 'kysely';
import type { AttemptLimitTable, Database } from '../../store/schema.ts';

export interface LimitedSubject {
  scope: AttemptLimitTable['scope'];
  subject: string;
  /** Attempts allowed in the window; the one beyond is refused. */
  max: number;
}

/**
 * Counts one attempt against each subject and says whether all are still within their limits.
 * One statement: the upsert locks each counter row, so attempts arriving together (in one
 * process or several) get successive counts and at most `max` of them pass. A window that has
 * run out starts again at this attempt. Subjects are bumped in a fixed order (by scope), so two
 * attempts never wait on each other's rows in a cycle.
 */
export async function countAttempt(
  db: Kysely<Database>,
  subjects: readonly LimitedSubject[],
  now: Date,
  windowSeconds: number,
): Promise<boolean> {
  const ordered = [...subjects].sort((a, b) => a.scope.localeCompare(b.scope));
  const windowStart = new Date(now.getTime() - windowSeconds * 1000);
  const rows = await db
    .insertInto('attempt_limits')
    .values(ordered.map((s) => ({ scope: s.scope, subject: s.subject, window_started_at: now, attempts: 1 })))
    .onConflict((oc) =>
      oc.columns(['scope', 'subject']).doUpdateSet({
        attempts: sql<number>`case when attempt_limits.window_started_at <= ${windowStart} then 1 else attempt_limits.attempts + 1 end`,
        window_started_at: sql<Date>`case when attempt_limits.window_started_at <= ${windowStart} then ${now}::timestamptz else attempt_limits.window_started_at end`,
      }),
    )
    .returning(['scope', 'attempts'])
    .execute();
  return ordered.every((s) => {
    const row = rows.find((r) => r.scope === s.scope);
    return row !== undefined && row.attempts <= s.max;
  });
}

/** Takes back one counted attempt (a sign-in that succeeded does not count against its client). */
export async function forgiveAttempt(
  db: Kysely<Database>,
  scope: AttemptLimitTable['scope'],
  subject: string,
): Promise<void> {
  await db
    .updateTable('attempt_limits')
    .set({ attempts: sql<number>`greatest(attempts - 1, 0)` })
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .execute();
}

/** Starts a subject afresh (an e-mail's failures end with its owner's successful sign-in). */
export async function clearAttempts(
  db: Kysely<Database>,
  scope: AttemptLimitTable['scope'],
  subject: string,
): Promise<void> {
  await db.deleteFrom('attempt_limits').where('scope', '=', scope).where('subject', '=', subject).execute();
}
