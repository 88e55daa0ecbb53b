import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { recordPersonalRead } from '../privacy/index.ts';
import { type CaseView, toCaseView } from './case-view.ts';

/** One case as the actor may see it; a read by the brand's staff goes on the customer's read log. */
export async function showCase(deps: AppDeps, actor: Actor, caseId: string): Promise<CaseView> {
  const view = await toCaseView(deps.db, actor, caseId, deps.now());
  await recordPersonalRead(deps, actor, { partyId: view.customer.id, what: 'case', subjectId: view.id });
  return view;
}
