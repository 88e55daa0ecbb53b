import type { Actor } from '../../domain/access/index.ts';
import { checkReturn, type ReturnReason } from '../../domain/returns/index.ts';
import { loadVisibleCase, openCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { startDeadlineClock } from '../deadlines/index.ts';
import { eventAt, loadDecisionFacts } from '../entitlement/index.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { isStaff, nextNumber } from '../ledger/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { showUnitBySerial } from '../unit/index.ts';
import { refuseSecondOpenReturn, refuseUntickedConditions, secondOpenReturn } from './return-refusals.ts';
import { type ReturnView, toReturnView } from './return-view.ts';

export interface ReturnRequestInput {
  reason: ReturnReason;
  /** The terms' condition names the customer confirms: `original_packaging`, `proof_of_purchase`. */
  conditions: Record<string, boolean>;
  description?: string | undefined;
}

/**
 * A return from any unit the customer owns: opens a `return` case on the unit (the customer's
 * own, or any unit for staff), then requests the return on it.
 */
export async function requestReturnForUnit(
  deps: AppDeps,
  actor: Actor,
  input: ReturnRequestInput & { serial: string },
): Promise<ReturnView> {
  if (!isStaff(actor) && actor.role !== 'customer') throw new AppError('forbidden');
  if (actor.role === 'counsel') throw new AppError('forbidden');
  // The case and the return in one transaction: a refused return leaves no case behind.
  return inTransaction(deps, async (trx) => {
    const d: AppDeps = { ...deps, db: trx };
    const unit = await showUnitBySerial(d, actor, input.serial);
    if (!isStaff(actor) && unit.owner.id !== actor.partyId) throw new AppError('forbidden');
    const opened = await openCase(
      d,
      actor,
      {
        kind: 'return',
        severity: 'normal',
        serial: input.serial,
        description: input.description ?? `Return request (${input.reason}) 退货申请`,
        channel: actor.authenticatedBy === 'api_token' ? 'api' : 'portal',
      },
      trx,
    );
    return requestReturn(d, actor, opened.id, input, trx);
  });
}

/** Requests a return on a case: checked against the terms in force, the approval clock started. */
export async function requestReturn(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: ReturnRequestInput,
  within?: Tx,
): Promise<ReturnView> {
  // Two requests racing past the check meet the one-open-return-per-unit index: the second is told so.
  return inTransaction(deps, (trx) => request({ ...deps, db: trx }, trx, actor, caseId, input), within).catch(
    secondOpenReturn,
  );
}

async function request(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  caseId: string,
  input: ReturnRequestInput,
): Promise<ReturnView> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  const own = actor.role === 'customer' && current.customer_party_id === actor.partyId;
  if ((!isStaff(actor) && !own) || actor.role === 'counsel') throw new AppError('forbidden');
  if (!current.unit_id)
    throw invalid([{ path: '/params/id', message: 'a return needs a case about a unit' }]);
  await refuseSecondOpenReturn(deps, actor, current.unit_id);
  const facts = await loadDecisionFacts(deps.db, actor, { unitId: current.unit_id }, 'authorized');
  const unit = facts.facts;
  const now = deps.now();
  const event = eventAt(facts, now);
  const requestedOn = event.date;
  const warranty = event.governing;
  const check = checkReturn(warranty, {
    reason: input.reason,
    requestedOn,
    requestedAt: now.toISOString(),
    deliveredOn: unit.delivered_at ?? null,
    soldOn: unit.sold_at ?? null,
    conditions: input.conditions,
  });
  refuseUntickedConditions(check);
  const returnId = deps.newId();
  {
    const number = await nextNumber(trx, actor.tenantId, 'return', 'R');
    await trx
      .insertInto('returns')
      .values({
        tenant_id: actor.tenantId,
        return_id: returnId,
        number,
        case_id: caseId,
        unit_id: current.unit_id!,
        customer_party_id: current.customer_party_id,
        reason: input.reason,
        conditions: JSON.stringify(input.conditions),
        requested_at: now,
        decide_by: check.decideBy,
        terms_check: JSON.stringify(check),
        state: 'requested',
        updated_at: now,
      })
      .execute();
    if (check.decideBy) {
      // The approval deadline is a clock: the brand's staff must decide by it (warned, then breached).
      const tenant = await trx
        .selectFrom('tenants')
        .select('home_party_id')
        .where('tenant_id', '=', actor.tenantId)
        .executeTakeFirstOrThrow();
      await startDeadlineClock(deps, trx, actor.tenantId, {
        kind: 'return_approval',
        subjectId: returnId,
        caseId,
        label: number,
        partyId: tenant.home_party_id,
        agreementId: check.agreement?.id ?? null,
        ref: check.cites[0] ?? null,
        startedAt: now,
        dueAt: new Date(check.decideBy),
      });
    }
    await recordChange(deps, trx, actor, {
      type: 'return.requested',
      subject: { type: 'case', id: caseId },
      payload: { return: number, reason: input.reason, conditions: input.conditions, check },
    });
  }
  return toReturnView(deps.db, actor, returnId, now);
}
