import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { FEEDBACK_SUBJECT_LABELS, type FeedbackSubject } from '../../domain/troubleshooting/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notInVocabulary, pgErrorCode } from '../errors.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleWalk } from './walk-view.ts';

const SUBJECTS = Object.keys(FEEDBACK_SUBJECT_LABELS) as FeedbackSubject[];

/**
 * "Did this solve it?" on an article or a guide. For a guide the walk may be named (the answer on
 * its solved end), once per walk; the tally per article or guide is kept in the same transaction,
 * so ranking by helpfulness reads one row each.
 */
export async function giveFeedback(
  deps: AppDeps,
  actor: Actor,
  input: { subject: string; key: string; helpful: boolean; walkId?: string | undefined },
): Promise<{ subject: FeedbackSubject; key: string; helpful: number; notHelpful: number }> {
  if (!SUBJECTS.includes(input.subject as FeedbackSubject))
    throw notInVocabulary(
      '/body/subject',
      input.subject,
      { en: 'a feedback subject', zh: '反馈对象' },
      SUBJECTS,
    );
  const subject = input.subject as FeedbackSubject;
  if (input.key.trim() === '' || input.key.length > 200)
    throw invalid([
      { path: '/body/key', message: 'the key of the article or guide, at most 200 characters' },
    ]);
  if (input.walkId) {
    const walk = await loadVisibleWalk(deps.db, actor, input.walkId);
    if (subject !== 'tree' || walk.tree_key !== input.key)
      throw invalid([{ path: '/body/walkId', message: 'the walk is of another guide' }]);
    if (walk.outcome === null)
      throw invalid([{ path: '/body/walkId', message: 'the walk has not ended yet' }]);
  }
  try {
    return await inTransaction(deps, async (trx) => {
      await trx
        .insertInto('knowledge_feedback')
        .values({
          tenant_id: actor.tenantId,
          feedback_id: deps.newId(),
          subject,
          key: input.key,
          helpful: input.helpful,
          user_id: actor.userId,
          party_id: actor.partyId,
          walk_id: input.walkId ?? null,
          given_at: deps.now(),
        })
        .execute();
      const tally = await trx
        .insertInto('knowledge_helpfulness')
        .values({
          tenant_id: actor.tenantId,
          subject,
          key: input.key,
          helpful: input.helpful ? 1 : 0,
          not_helpful: input.helpful ? 0 : 1,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'subject', 'key']).doUpdateSet({
            helpful: sql`knowledge_helpfulness.helpful + excluded.helpful`,
            not_helpful: sql`knowledge_helpfulness.not_helpful + excluded.not_helpful`,
          }),
        )
        .returning(['helpful', 'not_helpful'])
        .executeTakeFirstOrThrow();
      return { subject, key: input.key, helpful: tally.helpful, notHelpful: tally.not_helpful };
    });
  } catch (error) {
    if (pgErrorCode(error) === '23505') throw new AppError('feedback_given');
    throw error;
  }
}
