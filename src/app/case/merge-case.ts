import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { saveClock } from './case-clocks.ts';
import { type CaseView, loadVisibleCase, toCaseView } from './case-view.ts';

/**
 * Merges a case into another: the same request made twice. The merged case is closed with the
 * outcome `merged`, its clocks stop, and its messages, attachments and entries stay in its record;
 * each case gets an entry naming the other, so either's history leads to the other. The brand's
 * staff decide it (not counsel): a partner or a customer may not.
 */
export async function mergeCase(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { into: string },
): Promise<CaseView> {
  const source = await loadVisibleCase(deps.db, actor, caseId);
  if (visibilityOf(actor).kind !== 'tenant' || actor.role === 'counsel') throw new AppError('forbidden');
  if (input.into === caseId) {
    throw invalid([{ path: '/body/into', message: 'a case cannot be merged into itself' }]);
  }
  await loadVisibleCase(deps.db, actor, input.into).catch(() => {
    throw invalid([{ path: '/body/into', message: 'no such case' }]);
  });
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  await inTransaction(deps, async (trx) => {
    // Both rows locked in one order, so two merges of the same pair cannot both pass the checks.
    const rows = await trx
      .selectFrom('cases')
      .select(['case_id', 'number', 'state', 'unit_id', 'merged_into_case_id'])
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', 'in', [caseId, input.into])
      .orderBy('case_id')
      .forUpdate()
      .execute();
    const from = rows.find((r) => r.case_id === caseId)!;
    const into = rows.find((r) => r.case_id === input.into)!;
    if (from.merged_into_case_id) {
      throw new AppError('case_already_merged', {
        detail: {
          en: `Case ${from.number} was already merged into another case.`,
          zh: `服务单 ${from.number} 已合并到其他服务单。`,
        },
      });
    }
    if (into.merged_into_case_id || into.state === 'closed' || into.state === 'resolved') {
      throw invalid([
        {
          path: '/body/into',
          message: `case ${into.number} is ${into.merged_into_case_id ? 'merged' : into.state}: merge into an open case`,
        },
      ]);
    }
    if (from.unit_id && into.unit_id && from.unit_id !== into.unit_id) {
      throw invalid([{ path: '/body/into', message: `case ${into.number} is about another unit` }]);
    }
    const mergedInto = await trx
      .selectFrom('cases')
      .select('number')
      .where('tenant_id', '=', actor.tenantId)
      .where('merged_into_case_id', '=', caseId)
      .executeTakeFirst();
    if (mergedInto) {
      throw new AppError('case_already_merged', {
        detail: {
          en: `Case ${mergedInto.number} was merged into ${from.number}: merge the other case into this one instead.`,
          zh: `服务单 ${mergedInto.number} 已合并到 ${from.number}，请将另一服务单合并到本单。`,
        },
      });
    }
    await trx
      .updateTable('cases')
      .set({ state: 'closed', merged_into_case_id: input.into, updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .execute();
    const running = await trx
      .selectFrom('case_clocks')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .where('stopped_at', 'is', null)
      .execute();
    for (const clock of running) await saveClock(deps, trx, actor.tenantId, { ...clock, stopped_at: at }, at);
    await recordChange(deps, trx, actor, {
      type: 'case.merged',
      subject: { type: 'case', id: caseId },
      payload: {
        into: { id: input.into, number: into.number },
        from: source.state,
        to: 'closed',
        outcome: 'merged',
        clocksStopped: running.map((c) => c.target),
      },
    });
    await recordChange(deps, trx, actor, {
      type: 'case.merge_received',
      subject: { type: 'case', id: input.into },
      payload: { merged: { id: caseId, number: from.number } },
    });
  });
  return toCaseView(deps.db, actor, caseId, now);
}
