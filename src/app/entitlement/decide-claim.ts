import type { Actor } from '../../domain/access/index.ts';
import type { AccountState, Agreement, FailureFacts, UnitFacts } from '../../domain/terms/index.ts';
import { decideEntitlement, type EntitlementDecision, knownCauses } from '../../domain/terms/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { notInVocabulary } from '../errors.ts';
import { loadAgreements } from '../terms/index.ts';
import { checkFailure, loadDecisionFacts } from './decision-facts.ts';

/** A claim as the claims format writes it; a unit given by its serial alone is read from the database. */
export interface DecideRequest {
  unit: Partial<UnitFacts> & { serial: string };
  failure: FailureFacts;
  account?: AccountState | undefined;
}

/**
 * Decides a claim by the tenant's stored agreements. Every version is loaded; the domain picks
 * the ones in force at the dates of the events, so the answer does not move when newer versions
 * are imported later. A stored unit's failure is checked against its product's bill of parts and
 * the known causes; a unit described in full (a what-if) against the known causes and, when the
 * product is the tenant's, its bill of parts.
 */
export async function decideEntitlementForClaim(
  deps: AppDeps,
  actor: Actor,
  request: DecideRequest,
): Promise<EntitlementDecision & { unit: UnitFacts }> {
  requireAccess(actor, 'read', 'agreement');
  const given = request.unit;
  const failure = { partCategory: request.failure.part_category, cause: request.failure.cause };
  let unit: UnitFacts;
  let agreements: readonly Agreement[];
  if (given.product && given.territory) {
    unit = given as UnitFacts;
    agreements = await loadAgreements(deps.db, actor.tenantId);
    const causes = knownCauses(agreements);
    if (!causes.includes(failure.cause)) {
      throw notInVocabulary(
        '/body/failure/cause',
        failure.cause,
        { en: 'a failure cause', zh: '故障原因' },
        causes,
      );
    }
    const product = await deps.db
      .selectFrom('products')
      .select('part_categories')
      .where('tenant_id', '=', actor.tenantId)
      .where('model', '=', unit.product)
      .executeTakeFirst();
    if (product && !product.part_categories.includes(failure.partCategory)) {
      throw notInVocabulary(
        '/body/failure/part_category',
        failure.partCategory,
        { en: `a part category of ${unit.product}`, zh: `${unit.product} 的部件类别` },
        product.part_categories,
      );
    }
  } else {
    const facts = await loadDecisionFacts(deps.db, actor, { serial: given.serial });
    checkFailure(facts, failure, {
      partCategory: '/body/failure/part_category',
      cause: '/body/failure/cause',
    });
    unit = facts.facts;
    agreements = facts.agreements;
  }
  const input = {
    agreements,
    unit,
    failure: request.failure,
    ...(request.account ? { account: request.account } : {}),
  };
  return { ...decideEntitlement(input), unit };
}
