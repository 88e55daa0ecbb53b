import type { Actor } from '../../domain/access/index.ts';
import type { EntitlementDecision } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import type { PartyRef } from '../unit/index.ts';
import type { ClockView } from './case-clocks.ts';
import { decisionForReaders } from './case-view.ts';
import { type OpenCaseInput, planOpening } from './open-case.ts';

export interface OpeningPreview {
  customer: PartyRef;
  unit: { id: string; serial: string; product: { model: string; name: string } } | null;
  /** The agreement whose promise the clocks keep (the unit's, or the tenant's default levels). */
  agreement: { id: string; version: number; title: string | null; defaultLevels: boolean } | null;
  decision: unknown;
  clocks: ClockView[];
  /** For a distributor's agent: the duty and clause by which it takes the request in. */
  intake: { duty: string; agreement: { id: string; version: number }; ref: string | null } | null;
}

/**
 * What opening this case would decide and promise, shown to the agent before saving: the same
 * planning as the opening (`planOpening`), nothing written.
 */
export async function previewOpening(
  deps: AppDeps,
  actor: Actor,
  input: OpenCaseInput,
): Promise<OpeningPreview> {
  const now = deps.now();
  const plan = await planOpening(deps, actor, input, now);
  const decision: EntitlementDecision | null = plan.terms?.decision ?? null;
  const governing = plan.terms?.governing;
  return {
    customer: plan.customer,
    unit: plan.facts
      ? {
          id: plan.facts.unit.id,
          serial: plan.facts.unit.serial,
          product: { model: plan.facts.unit.product.model, name: plan.facts.unit.product.name },
        }
      : null,
    agreement: governing
      ? {
          id: governing.id,
          version: governing.version,
          title: governing.title ?? null,
          defaultLevels: !plan.facts,
        }
      : null,
    decision: decision ? decisionForReaders(JSON.parse(JSON.stringify(decision)), actor) : null,
    clocks: plan.clockViews,
    intake: plan.intake
      ? { duty: plan.intake.duty, agreement: plan.intake.agreement, ref: plan.intake.ref ?? null }
      : null,
  };
}
