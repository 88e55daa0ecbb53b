import type { Actor } from '../../domain/access/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';

export interface CaseSurveyView {
  sentAt: Date;
  score: number | null;
  comment: string | null;
  answeredAt: Date | null;
}

/** The satisfaction survey of a case the actor sees: sent or not, and the answer when given. */
export async function caseSurvey(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
): Promise<CaseSurveyView | null> {
  await loadVisibleCase(deps.db, actor, caseId);
  const row = await deps.db
    .selectFrom('case_surveys')
    .select(['sent_at', 'score', 'comment', 'answered_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return row
    ? { sentAt: row.sent_at, score: row.score, comment: row.comment, answeredAt: row.answered_at }
    : null;
}
