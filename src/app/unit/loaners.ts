import { type Actor, visibilityOf } from '../../domain/access/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';

export const LOAN_NOT_FOUND = { en: 'No such loan.', zh: '没有该借用记录。' };

export interface LoanView {
  id: string;
  loaner: { serial: string; model: string };
  caseId: string;
  customer: { key: string; name: string };
  lentOn: string;
  dueBackOn: string;
  returnedOn: string | null;
  conditionNote: string | null;
  /** Still out after the day it was due back. */
  overdue: boolean;
}

/** Loans the actor may read: the brand's staff all, a customer those lent to it. */
export function visibleLoans(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  let q = deps.db
    .selectFrom('unit_loans')
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'unit_loans.tenant_id')
        .onRef('units.unit_id', '=', 'unit_loans.loaner_unit_id'),
    )
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'unit_loans.tenant_id')
        .onRef('parties.party_id', '=', 'unit_loans.customer_party_id'),
    )
    .selectAll('unit_loans')
    .select([
      'units.serial',
      'products.model',
      'parties.key as customer_key',
      'parties.name as customer_name',
    ])
    .where('unit_loans.tenant_id', '=', actor.tenantId);
  if (visibilityOf(actor).kind !== 'tenant') q = q.where('unit_loans.customer_party_id', '=', actor.partyId);
  return q;
}

export async function loanViews(
  deps: Pick<AppDeps, 'db' | 'now'>,
  actor: Actor,
  filter: { loanId?: string; caseId?: string; open?: boolean; limit?: number },
): Promise<LoanView[]> {
  let q = visibleLoans(deps, actor);
  if (filter.loanId) q = q.where('unit_loans.loan_id', '=', filter.loanId);
  if (filter.caseId) q = q.where('unit_loans.case_id', '=', filter.caseId);
  if (filter.open) q = q.where('unit_loans.returned_on', 'is', null);
  const rows = await q
    .orderBy('unit_loans.due_back_on')
    .orderBy('unit_loans.loan_id')
    .limit(filter.limit ?? 100)
    .execute();
  const today = localDateIn(deps.now(), await tenantTermsZone(deps.db, actor.tenantId));
  return rows.map((r) => ({
    id: r.loan_id,
    loaner: { serial: r.serial, model: r.model },
    caseId: r.case_id,
    customer: { key: r.customer_key, name: r.customer_name },
    lentOn: r.lent_on,
    dueBackOn: r.due_back_on,
    returnedOn: r.returned_on,
    conditionNote: r.condition_note,
    overdue: r.returned_on === null && r.due_back_on < today,
  }));
}

export async function loanView(deps: Pick<AppDeps, 'db' | 'now'>, actor: Actor, loanId: string) {
  const [view] = await loanViews(deps, actor, { loanId });
  if (!view) throw notFound(LOAN_NOT_FOUND);
  return view;
}
