import type { AppDeps } from '../context.ts';
import { toCostLineViews } from '../ledger/index.ts';
import type { DossierScope } from './dossier-subject.ts';
import type { DossierZip } from './dossier-zip.ts';

/** `costs.json`: the cases' cost lines, with bearer, payee and the clause that assigns each. */
export async function addCosts(deps: AppDeps, zip: DossierZip, scope: DossierScope): Promise<void> {
  const rows = scope.caseIds.length
    ? await deps.db
        .selectFrom('cost_lines')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('case_id', 'in', scope.caseIds)
        .orderBy('occurred_on')
        .orderBy('created_at')
        .orderBy('line_id')
        .execute()
    : [];
  zip.addJson('costs.json', { lines: await toCostLineViews(deps.db, scope.tenantId, rows) });
}
