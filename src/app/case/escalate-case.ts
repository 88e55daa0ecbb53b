import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { EscalationLevel, EscalationWhen } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleCase } from './case-view.ts';
import { raiseEscalation } from './raise-escalation.ts';

/**
 * An agent escalates a case by hand, with a reason, under the case's customer-facing agreement
 * (its escalation clause). Raising the same level for the same reason twice changes nothing.
 */
export async function escalateCase(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { level: EscalationLevel; reason: string },
): Promise<{ raised: boolean }> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  if (visibilityOf(actor).kind !== 'tenant' || actor.role === 'counsel') throw new AppError('forbidden');
  const decision = current.decision;
  // The decision's agreement, or, before anything was diagnosed, the one the promise clocks run on.
  const promise = await deps.db
    .selectFrom('case_clocks')
    .select(['agreement_id', 'agreement_version'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .where('side', '=', 'promise')
    .executeTakeFirst();
  const agreement =
    decision?.agreement ??
    (promise ? { id: promise.agreement_id, version: promise.agreement_version } : null);
  if (!agreement)
    throw new AppError('no_agreement', {
      detail: {
        en: 'The case has no agreement to escalate under.',
        zh: '该服务单没有可据以升级的协议。',
      },
    });
  const content = await deps.db
    .selectFrom('agreement_versions')
    .select('content')
    .where('tenant_id', '=', actor.tenantId)
    .where('agreement_key', '=', agreement.id)
    .where('version', '=', agreement.version)
    .executeTakeFirst();
  const ref = (content?.content as { escalation?: { ref?: string } } | undefined)?.escalation?.ref ?? null;
  const trigger = { manual: true, reason: input.reason.trim() };
  const raised = await inTransaction(deps, (trx) =>
    raiseEscalation(deps, trx, actor, {
      caseId,
      caseNumber: current.number,
      agreement: { ...agreement, ref },
      rule: { level: input.level, when: trigger as EscalationWhen },
      trigger: trigger as EscalationWhen,
    }),
  );
  return { raised };
}
