import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { decideEntitlement } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { checkFailure, eventAt, loadDecisionFacts } from '../entitlement/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { type CaseView, loadVisibleCase, toCaseView } from './case-view.ts';

/**
 * A diagnosis (what failed, and why) decides the entitlement again, by the agreement versions in
 * force when the failure was reported, never today's. Both answers are recorded side by side.
 */
export async function recordDiagnosis(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  diagnosis: { partCategory: string; cause: string; note?: string | undefined },
  within?: Tx,
): Promise<CaseView> {
  return inTransaction(deps, (trx) => diagnose({ ...deps, db: trx }, trx, actor, caseId, diagnosis), within);
}

async function diagnose(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  caseId: string,
  diagnosis: { partCategory: string; cause: string; note?: string | undefined },
): Promise<CaseView> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  const staff = visibilityOf(actor).kind === 'tenant';
  const assignedPartner =
    current.service_party_id === actor.partyId && ['partner', 'technician'].includes(actor.role);
  if (actor.role === 'counsel' || (!staff && !assignedPartner)) throw new AppError('forbidden');
  if (!current.unit_id) {
    throw new AppError('invalid_input', {
      fields: [{ path: '/body', message: 'a case without a unit has no entitlement to decide' }],
    });
  }
  // Seeing the case is the authority here: an assigned partner may diagnose a unit it does not service otherwise.
  const facts = await loadDecisionFacts(deps.db, actor, { unitId: current.unit_id }, 'authorized');
  checkFailure(facts, diagnosis, { partCategory: '/body/partCategory', cause: '/body/cause' });
  const decision = decideEntitlement({
    agreements: facts.agreements,
    unit: facts.facts,
    failure: {
      reported_at: eventAt(facts, current.opened_at).reportedAt,
      part_category: diagnosis.partCategory,
      cause: diagnosis.cause,
    },
  });
  const now = deps.now();
  const summary = (d: unknown) => {
    if (!d) return null;
    const x = d as { covered: boolean; suspended: boolean; remedy: unknown; cites: unknown; reason: unknown };
    return { covered: x.covered, suspended: x.suspended, reason: x.reason, remedy: x.remedy, cites: x.cites };
  };
  await trx
    .updateTable('cases')
    .set({
      decision: JSON.stringify(decision),
      failure: JSON.stringify({ partCategory: diagnosis.partCategory, cause: diagnosis.cause }),
      // Only a diagnosed failure counts as a failure of the unit (repeat and batch rules, dashboard).
      failure_confirmed_at: current.failure_confirmed_at ?? now,
      updated_at: now,
    })
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .execute();
  await recordChange(deps, trx, actor, {
    type: 'case.redecided',
    subject: { type: 'case', id: caseId },
    payload: {
      diagnosis,
      before: summary(current.decision),
      after: summary(decision),
      rests_on: decision.rests_on,
    },
  });
  return toCaseView(deps.db, actor, caseId, now);
}
