import type { Actor } from '../../domain/access/access.ts';
import type { AccountState, FailureFacts, UnitFacts } from '../../domain/terms/claim.ts';
import { decideEntitlement, type EntitlementDecision } from '../../domain/terms/decide.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { showUnitBySerial } from '../unit/show-unit.ts';
import type { UnitView } from '../unit/unit-view.ts';
import { loadAgreements } from './agreement-store.ts';

/** A claim as the claims format writes it; a unit given by its serial alone is read from the database. */
export interface DecideRequest {
  unit: Partial<UnitFacts> & { serial: string };
  failure: FailureFacts;
  account?: AccountState | undefined;
}

export function unitFactsOf(view: UnitView): UnitFacts {
  const facts: UnitFacts = {
    serial: view.serial,
    product: view.product.model,
    territory: view.territory,
    owner: view.owner.key,
    maintained_at: view.maintainedOn,
    parts: view.parts.map((p) => {
      const part: NonNullable<UnitFacts['parts']>[number] = {
        part_category: p.partCategory,
        part: p.partNumber,
      };
      if (p.serial) part.serial = p.serial;
      if (p.supplier) part.supplied_by = p.supplier.key;
      if (p.deliveredOn) part.delivered_at = p.deliveredOn;
      return part;
    }),
  };
  if (view.soldOn) facts.sold_at = view.soldOn;
  if (view.deliveredOn) facts.delivered_at = view.deliveredOn;
  if (view.installedOn) facts.installed_at = view.installedOn;
  return facts;
}

/**
 * Decides a claim by the tenant's stored agreements. Every version is loaded; the domain picks
 * the ones in force at the dates of the events, so the answer does not move when newer versions
 * are imported later.
 */
export async function decideEntitlementForClaim(
  deps: AppDeps,
  actor: Actor,
  request: DecideRequest,
): Promise<EntitlementDecision & { unit: UnitFacts }> {
  requireAccess(actor, 'read', 'agreement');
  const given = request.unit;
  const unit: UnitFacts =
    given.product && given.territory
      ? (given as UnitFacts)
      : unitFactsOf(await showUnitBySerial(deps, actor, given.serial));
  const agreements = await loadAgreements(deps.db, actor.tenantId);
  const input = {
    agreements,
    unit,
    failure: request.failure,
    ...(request.account ? { account: request.account } : {}),
  };
  return { ...decideEntitlement(input), unit };
}
