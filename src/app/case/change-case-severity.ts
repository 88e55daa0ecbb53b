import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { planClocks, type Severity } from '../../domain/case/index.ts';
import type { Agreement } from '../../domain/terms/index.ts';
import { duration, fixedSeconds } from '../../domain/time/index.ts';
import { calendarFor } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { loadDecisionFacts } from '../entitlement/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { clockView, saveClock } from './case-clocks.ts';
import { type CaseView, loadVisibleCase, toCaseView } from './case-view.ts';

/**
 * Changes a case's severity. Each running clock takes the target its own agreement version names
 * for the new severity, keeping its start and pauses, so the deadline moves; the old and new
 * deadlines are recorded. A target the new severity does not name keeps the one it had.
 */
export async function changeCaseSeverity(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { severity: Severity; reason?: string | undefined },
): Promise<CaseView> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  if (visibilityOf(actor).kind !== 'tenant' || actor.role === 'counsel') throw new AppError('forbidden');
  if (current.severity === input.severity) return toCaseView(deps.db, actor, caseId, deps.now());
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  const facts = current.unit_id
    ? await loadDecisionFacts(deps.db, actor, { unitId: current.unit_id }, 'authorized')
    : undefined;
  const byVersion = (id: string, version: number): Agreement | undefined =>
    facts?.agreements.find((a) => a.id === id && a.version === version);
  const unit = facts?.facts;

  await inTransaction(deps, async (trx) => {
    const clocks = await trx
      .selectFrom('case_clocks')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .where('stopped_at', 'is', null)
      .execute();
    const moved: {
      side: string;
      target: string;
      from: string;
      to: string;
      oldDueAt: string | null;
      newDueAt: string | null;
    }[] = [];
    for (const clock of clocks) {
      const agreement = byVersion(clock.agreement_id, clock.agreement_version);
      if (!agreement || !unit) continue;
      const plan = planClocks(agreement, clock.side, {
        severity: input.severity,
        product: unit.product,
        territory: unit.territory,
      }).find((p) => p.target === clock.target);
      if (!plan || plan.duration === clock.duration) continue;
      const calendar = await calendarFor(trx, actor.tenantId, clock);
      const d = duration(plan.duration);
      const targetSeconds = clock.clock_type === 'business' ? calendar.businessSeconds(d) : fixedSeconds(d);
      const before = await clockView(trx, actor.tenantId, clock, at);
      const changed = {
        ...clock,
        duration: plan.duration,
        target_seconds: targetSeconds,
        warned_at: null,
        breach_recorded_at: null,
      };
      await trx
        .updateTable('case_clocks')
        .set({ duration: plan.duration, target_seconds: targetSeconds })
        .where('tenant_id', '=', actor.tenantId)
        .where('case_id', '=', caseId)
        .where('clock_id', '=', clock.clock_id)
        .execute();
      await saveClock(deps, trx, actor.tenantId, changed, at);
      const after = await clockView(trx, actor.tenantId, changed, at);
      moved.push({
        side: clock.side,
        target: clock.target,
        from: clock.duration,
        to: plan.duration,
        oldDueAt: before.dueAt,
        newDueAt: after.dueAt,
      });
    }
    await trx
      .updateTable('cases')
      .set({ severity: input.severity, updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'case.severity_changed',
      subject: { type: 'case', id: caseId },
      payload: { from: current.severity, to: input.severity, reason: input.reason ?? null, clocks: moved },
    });
  });
  return toCaseView(deps.db, actor, caseId, now);
}
