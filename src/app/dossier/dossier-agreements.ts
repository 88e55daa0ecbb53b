import type { Agreement } from '../../domain/terms/index.ts';
import { diffAgreements } from '../../domain/terms/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import type { DossierCases } from './dossier-cases.ts';
import type { DossierScope } from './dossier-subject.ts';
import type { DossierZip } from './dossier-zip.ts';

/**
 * `agreements/`: every agreement version that applied (the ones the cases' clocks and decisions
 * rest on; for an agreement's own dossier, all its versions) as it was loaded, and for each
 * agreement the changes from one version to the next.
 */
export async function addAgreementVersions(
  deps: AppDeps,
  zip: DossierZip,
  scope: DossierScope,
  cases: DossierCases,
): Promise<void> {
  const t = scope.tenantId;
  const applied = new Set<string>(cases.clocks.map((c) => `${c.agreement_id}@${c.agreement_version}`));
  for (const d of cases.decisions) for (const c of d.restsOn) applied.add(`${c.agreement}@${c.version}`);
  if (scope.subject.type === 'agreement') {
    const key = scope.subject.key;
    const all = await deps.db
      .selectFrom('agreement_versions')
      .select('version')
      .where('tenant_id', '=', t)
      .where('agreement_key', '=', key)
      .execute();
    for (const v of all) applied.add(`${key}@${v.version}`);
  }
  const agreementIds = [...new Set([...applied].map((a) => a.split('@')[0]!))];
  if (agreementIds.length === 0) return;
  const versions = await deps.db
    .selectFrom('agreement_versions')
    .selectAll()
    .where('tenant_id', '=', t)
    .where('agreement_key', 'in', agreementIds)
    .orderBy('agreement_key')
    .orderBy('version')
    .execute();
  for (const v of versions) {
    if (!applied.has(`${v.agreement_key}@${v.version}`)) continue;
    const source = await deps.blobs.get(v.source_sha256);
    if (source)
      zip.add(
        `agreements/${v.agreement_key}/v${v.version}${v.media_type.includes('json') ? '.json' : '.yaml'}`,
        source,
      );
  }
  for (const id of agreementIds) {
    const list = versions.filter((v) => v.agreement_key === id);
    const changes = list.slice(1).map((v, i) => ({
      from: list[i]!.version,
      to: v.version,
      diff: diffAgreements(parseContent(list[i]!.content), parseContent(v.content)),
    }));
    if (changes.length > 0) zip.addJson(`agreements/${id}/changes.json`, changes);
  }
}

function parseContent(content: Agreement | string): Agreement {
  return readJson(content);
}
