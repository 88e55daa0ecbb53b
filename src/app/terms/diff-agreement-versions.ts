import type { Actor } from '../../domain/access/index.ts';
import { type AgreementDiff, diffAgreements } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { showAgreement } from './show-agreement.ts';

/** Clause-by-clause changes from one stored version of an agreement to another. */
export async function diffAgreementVersions(
  deps: AppDeps,
  actor: Actor,
  id: string,
  from: number,
  to: number,
): Promise<AgreementDiff> {
  const [a, b] = await Promise.all([
    showAgreement(deps, actor, id, from),
    showAgreement(deps, actor, id, to),
  ]);
  return diffAgreements(a.content, b.content);
}
