import type { Actor } from '../../domain/access/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type LoanView, loanView } from './loaners.ts';

/**
 * Lends one of the brand's own units to the customer of a case while its unit is away (issue 18):
 * a loaner is a unit the brand owns; it is out with one customer at a time (409 `loaner_out`, and
 * a partial unique index keeps it so under races); due back on a day the staff set. Recorded on
 * the case as evidence. The brand's staff only.
 */
export async function lendLoaner(
  deps: AppDeps,
  actor: Actor,
  input: { loaner: string; caseId: string; dueBackOn: string },
): Promise<LoanView> {
  requireStaffWriter(actor);
  const unit = await deps.db
    .selectFrom('units')
    .select(['unit_id', 'owner_party_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('serial', '=', input.loaner)
    .executeTakeFirst();
  if (!unit || unit.owner_party_id !== actor.partyId)
    throw invalid([
      { path: '/body/loaner', message: `no unit of the brand's own with serial ${input.loaner}` },
    ]);
  const kase = await deps.db
    .selectFrom('cases')
    .select(['case_id', 'customer_party_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', input.caseId)
    .executeTakeFirst();
  if (!kase) throw invalid([{ path: '/body/caseId', message: 'no such case' }]);
  const today = localDateIn(deps.now(), await tenantTermsZone(deps.db, actor.tenantId));
  if (input.dueBackOn < today)
    throw invalid([{ path: '/body/dueBackOn', message: `must not be before today (${today})` }]);
  const out = await deps.db
    .selectFrom('unit_loans')
    .select('loan_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('loaner_unit_id', '=', unit.unit_id)
    .where('returned_on', 'is', null)
    .executeTakeFirst();
  if (out) throw new AppError('loaner_out');
  const id = deps.newId();
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('unit_loans')
      .values({
        tenant_id: actor.tenantId,
        loan_id: id,
        loaner_unit_id: unit.unit_id,
        case_id: kase.case_id,
        customer_party_id: kase.customer_party_id,
        lent_on: today,
        due_back_on: input.dueBackOn,
        returned_on: null,
        condition_note: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'unit.loaned',
      subject: { type: 'case', id: kase.case_id },
      payload: { loanId: id, loaner: input.loaner, lentOn: today, dueBackOn: input.dueBackOn },
    });
  });
  return loanView(deps, actor, id);
}
