import type { Actor } from '../../domain/access/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type LoanView, loanView } from './loaners.ts';

/** Records a loaner back, on a day (default today) and in the condition found; then it may be lent again. */
export async function returnLoaner(
  deps: AppDeps,
  actor: Actor,
  loanId: string,
  input: { returnedOn?: string | undefined; conditionNote?: string | undefined },
): Promise<LoanView> {
  const loan = await loanView(deps, actor, loanId);
  requireStaffWriter(actor);
  if (loan.returnedOn !== null)
    throw new AppError('invalid_transition', {
      detail: { en: 'This loaner is back already.', zh: '该备用机已归还。' },
    });
  const today = localDateIn(deps.now(), await tenantTermsZone(deps.db, actor.tenantId));
  const returnedOn = input.returnedOn ?? today;
  if (returnedOn > today || returnedOn < loan.lentOn)
    throw invalid([
      {
        path: '/body/returnedOn',
        message: `must lie between the day lent (${loan.lentOn}) and today (${today})`,
      },
    ]);
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('unit_loans')
      .set({ returned_on: returnedOn, condition_note: input.conditionNote ?? null, updated_at: deps.now() })
      .where('tenant_id', '=', actor.tenantId)
      .where('loan_id', '=', loanId)
      .where('returned_on', 'is', null)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'unit.loan_returned',
      subject: { type: 'case', id: loan.caseId },
      payload: {
        loanId,
        loaner: loan.loaner.serial,
        returnedOn,
        late: returnedOn > loan.dueBackOn,
        conditionNote: input.conditionNote ?? null,
      },
    });
  });
  return loanView(deps, actor, loanId);
}
