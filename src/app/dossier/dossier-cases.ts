import type { Selectable } from 'kysely';
import type { CaseClockTable } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import type { DossierScope } from './dossier-subject.ts';

/** What the dossier's cases rest on: their SLA clocks and their entitlement decisions. */
export interface DossierCases {
  clocks: Selectable<CaseClockTable>[];
  decisions: { caseId: string; number: string; restsOn: { agreement: string; version: number }[] }[];
}

export async function loadDossierCases(
  deps: Pick<AppDeps, 'db'>,
  scope: DossierScope,
): Promise<DossierCases> {
  if (scope.caseIds.length === 0) return { clocks: [], decisions: [] };
  const clocks = await deps.db
    .selectFrom('case_clocks')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('case_id', 'in', scope.caseIds)
    .execute();
  const rows = await deps.db
    .selectFrom('cases')
    .select(['case_id', 'number', 'decision'])
    .where('tenant_id', '=', scope.tenantId)
    .where('case_id', 'in', scope.caseIds)
    .execute();
  const decisions = rows.map((d) => {
    const decision = (typeof d.decision === 'string' ? JSON.parse(d.decision) : d.decision) as {
      rests_on?: { agreement: string; version: number }[];
    } | null;
    return { caseId: d.case_id, number: d.number, restsOn: decision?.rests_on ?? [] };
  });
  return { clocks, decisions };
}
