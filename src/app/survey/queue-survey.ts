import { createHash, randomBytes } from 'node:crypto';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import type { Tx } from '../transaction.ts';

export const hashSurveyToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Where the customer answers: a portal page; the token in it is the only key needed. */
export const surveyPath = (token: string) => `/portal/survey/${token}`;

/**
 * Sends the satisfaction survey of a resolved case, in the resolution's transaction: one survey
 * per case (a case resolved again after reopening is not asked twice), through the outbox, so the
 * mail goes out in each reader's language only if the resolution commits. What the answers are
 * grouped by (product, service partner, agent) is kept as it stood at the resolution.
 */
export async function queueSurvey(
  deps: Pick<AppDeps, 'now' | 'newId'>,
  trx: Tx,
  survey: {
    tenantId: string;
    caseId: string;
    customerPartyId: string;
    productId: string | null;
    partnerPartyId: string | null;
    agentUserId: string | null;
  },
): Promise<boolean> {
  const token = randomBytes(24).toString('base64url');
  const written = await trx
    .insertInto('case_surveys')
    .values({
      tenant_id: survey.tenantId,
      case_id: survey.caseId,
      token_hash: hashSurveyToken(token),
      sent_at: deps.now(),
      product_id: survey.productId,
      partner_party_id: survey.partnerPartyId,
      agent_user_id: survey.agentUserId,
      score: null,
      comment: null,
      answered_at: null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'case_id']).doNothing())
    .returning('case_id')
    .executeTakeFirst();
  if (!written) return false;
  await enqueueNotification(deps, trx, {
    tenantId: survey.tenantId,
    kind: 'satisfaction_survey',
    caseId: survey.caseId,
    recipientPartyId: survey.customerPartyId,
    recipientRole: 'customer',
    subject: { en: 'How did we do? One question about your case', zh: '您对本次服务满意吗？' },
    payload: { surveyPath: surveyPath(token) },
  });
  return true;
}
