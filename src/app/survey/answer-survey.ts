import type { Label } from '../../domain/label.ts';
import { checkAnswer } from '../../domain/survey/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { hashSurveyToken } from './queue-survey.ts';

const SURVEY_NOT_FOUND = {
  en: 'No such survey: check the link in the e-mail.',
  zh: '没有该调查：请核对邮件中的链接。',
};

export interface SurveyView {
  caseNumber: string;
  product: Label | null;
  sentAt: Date;
  answered: boolean;
  score: number | null;
  comment: string | null;
  answeredAt: Date | null;
}

/** The survey behind a link's token, with what the customer is asked about (no sign-in needed). */
export async function readSurvey(deps: AppDeps, token: string): Promise<SurveyView> {
  const row = await deps.db
    .selectFrom('case_surveys as s')
    .innerJoin('cases as c', (j) =>
      j.onRef('c.tenant_id', '=', 's.tenant_id').onRef('c.case_id', '=', 's.case_id'),
    )
    .leftJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.product_id', '=', 's.product_id'),
    )
    .select(['c.public_ref', 'p.name', 'p.name_zh', 's.sent_at', 's.score', 's.comment', 's.answered_at'])
    .where('s.token_hash', '=', hashSurveyToken(token))
    .executeTakeFirst();
  if (!row) throw notFound(SURVEY_NOT_FOUND);
  return {
    // The customer's link: the case's public reference, never the sequential number.
    caseNumber: row.public_ref,
    product: row.name ? { en: row.name, zh: row.name_zh ?? row.name } : null,
    sentAt: row.sent_at,
    answered: row.answered_at !== null,
    score: row.score,
    comment: row.comment,
    answeredAt: row.answered_at,
  };
}

/**
 * Takes the customer's answer: once per case (a second answer is refused, the first stands), and
 * on the case's evidence record. The link's token is the credential; who holds the mail answers.
 */
export async function answerSurvey(
  deps: AppDeps,
  token: string,
  answer: { score: unknown; comment?: unknown },
): Promise<SurveyView> {
  const checked = checkAnswer(answer.score, answer.comment);
  if (!checked.ok) throw invalid([{ path: checked.path, message: checked.message }]);
  const hash = hashSurveyToken(token);
  await inTransaction(deps, async (trx) => {
    const row = await trx
      .selectFrom('case_surveys')
      .select(['tenant_id', 'case_id', 'answered_at'])
      .where('token_hash', '=', hash)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound(SURVEY_NOT_FOUND);
    if (row.answered_at !== null) throw new AppError('survey_answered');
    await trx
      .updateTable('case_surveys')
      .set({ score: checked.score, comment: checked.comment, answered_at: deps.now() })
      .where('tenant_id', '=', row.tenant_id)
      .where('case_id', '=', row.case_id)
      .execute();
    await recordChange(
      deps,
      trx,
      { tenantId: row.tenant_id, userId: null, authenticatedBy: 'system' },
      {
        type: 'case.survey_answered',
        subject: { type: 'case', id: row.case_id },
        payload: { score: checked.score, comment: checked.comment, via: 'survey_link' },
      },
    );
  });
  return readSurvey(deps, token);
}
