import type { Actor } from '../../domain/access/index.ts';
import { extendedTerm } from '../../domain/contract/index.ts';
import type { Label } from '../../domain/label.ts';
import { decideEntitlement } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { type DecisionFacts, eventAt, loadDecisionFacts } from '../entitlement/index.ts';
import { type PlanView, toPlanView } from './plan-view.ts';

export interface PlanOffer extends PlanView {
  /** When the plan would run if bought today, or why it cannot be. */
  startsOn: string | null;
  endsOn: string | null;
  sellable: boolean;
  refused: Label | null;
}

export interface PlanOffers {
  serial: string;
  /** The last day the unit is covered in general today, by everything it has (warranty and contracts). */
  coveredThrough: string | null;
  offers: PlanOffer[];
}

const REFUSED: Record<'warranty_ended' | 'no_warranty', Label> = {
  warranty_ended: {
    en: 'The warranty has ended: plans are sold only while it runs.',
    zh: '保修期已结束：服务计划仅在保修期内销售。',
  },
  no_warranty: { en: 'This unit has no warranty to extend.', zh: '该设备没有可延长的保修。' },
};

/** The last day the unit's cover runs in general today, by the one decision rule (cover adds up). */
export function generalCoverLastDay(
  facts: DecisionFacts,
  now: Date,
): { today: string; lastDay: string | null } {
  const event = eventAt(facts, now);
  const decision = decideEntitlement({
    agreements: facts.agreements,
    unit: facts.facts,
    failure: {
      reported_at: event.reportedAt,
      part_category: facts.partCategories[0] ?? 'general',
      cause: event.governing?.coverage?.covers?.[0] ?? 'manufacturing_defect',
    },
  });
  return { today: event.date, lastDay: decision.covered_through.general ?? null };
}

/** The plans on sale for a unit the actor sees, with the term each would run if bought today. */
export async function planOffers(deps: AppDeps, actor: Actor, serial: string): Promise<PlanOffers> {
  const facts = await loadDecisionFacts(deps.db, actor, { serial: serial.trim() });
  const { today, lastDay } = generalCoverLastDay(facts, deps.now());
  const plans = await deps.db
    .selectFrom('service_plans')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('product_model', '=', facts.unit.product.model)
    .orderBy('term_months')
    .execute();
  return {
    serial: facts.unit.serial,
    coveredThrough: lastDay,
    offers: plans.map((p) => {
      const term = extendedTerm({ warrantyLastDay: lastDay, termMonths: p.term_months, today });
      return 'refused' in term
        ? { ...toPlanView(p), startsOn: null, endsOn: null, sellable: false, refused: REFUSED[term.refused] }
        : { ...toPlanView(p), startsOn: term.startsOn, endsOn: term.endsOn, sellable: true, refused: null };
    }),
  };
}
