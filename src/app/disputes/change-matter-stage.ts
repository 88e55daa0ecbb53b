import type { Actor } from '../../domain/access/index.ts';
import {
  canMoveStage,
  type DisputeClause,
  forumDeadlines,
  MATTER_STAGE_LABELS,
  type MatterStage,
  stagesAfter,
} from '../../domain/disputes/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadMatter } from './matter-support.ts';
import { matterView } from './matter-view.ts';

/** Moves a matter to another stage; entering arbitration under CIETAC sets the rules' deadlines. */
export async function changeMatterStage(
  deps: AppDeps,
  actor: Actor,
  matterId: string,
  input: {
    stage: MatterStage;
    startedOn?: string | undefined;
    offered?: string | undefined;
    note?: string | undefined;
  },
) {
  requireStaffWriter(actor);
  const m = await loadMatter(deps, actor, matterId);
  if (input.stage !== m.stage && !canMoveStage(m.stage, input.stage)) {
    throw new AppError('invalid_transition', {
      detail: {
        en: `A matter in ${m.stage} may move to: ${stagesAfter(m.stage).join(', ') || 'nothing'}.`,
        zh: `处于“${MATTER_STAGE_LABELS[m.stage].zh}”的案件只能转为：${
          stagesAfter(m.stage)
            .map((s) => MATTER_STAGE_LABELS[s].zh)
            .join('、') || '无'
        }。`,
      },
    });
  }
  if (input.stage === 'settled')
    throw invalid([{ path: '/body/stage', message: 'record a settlement to settle a matter' }]);
  const clause = m.clause as DisputeClause;
  // Arbitration needs an arbitration agreement; an agreed arbitration keeps the dispute out of court.
  if (input.stage === 'arbitration' && clause.forum?.type !== 'arbitration') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `${clause.agreement} ${clause.ref ?? ''} names no arbitration: agree on arbitration in writing first, or go to court.`,
        zh: `${clause.agreement} ${clause.ref ?? ''} 未约定仲裁：须先书面约定仲裁，或向法院起诉。`,
      },
    });
  }
  if (input.stage === 'litigation' && clause.forum?.type === 'arbitration') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `${clause.agreement} ${clause.ref ?? ''} sends disputes to arbitration (${clause.forum.institution ?? ''}): a court would decline.`,
        zh: `${clause.agreement} ${clause.ref ?? ''} 约定仲裁（${clause.forum.institution ?? ''}）：法院将不予受理。`,
      },
    });
  }
  const now = deps.now();
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  // The claim, once computed, is the amount in dispute: at most RMB 5,000,000 goes to CIETAC's summary procedure.
  const deadlines = forumDeadlines(
    clause,
    input.stage,
    input.startedOn ?? localDateIn(now, zone),
    m.claimed_minor === null ? null : { minor: Number(m.claimed_minor), currency: m.currency },
  );
  let offered: number | null = m.offered_minor;
  if (input.offered) {
    try {
      offered = toMinor(input.offered, m.currency);
    } catch (error) {
      throw invalid([{ path: '/body/offered', message: (error as Error).message }]);
    }
  }
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('dispute_matters')
      .set({
        stage: input.stage,
        stage_since: now,
        deadlines: JSON.stringify(deadlines),
        offered_minor: offered,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('matter_id', '=', matterId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'matter.stage_changed',
      subject: { type: 'matter', id: matterId },
      payload: {
        number: m.number,
        from: m.stage,
        to: input.stage,
        deadlines,
        offeredMinor: offered,
        note: input.note ?? null,
      },
    });
  });
  return matterView(deps, actor, matterId);
}
