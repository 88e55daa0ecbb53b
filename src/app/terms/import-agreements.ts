import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import { registerBlob } from '../files/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { loadPartyKeys } from './agreement-store.ts';
import { parseTerms, sourceProblemsError, type TermsSource } from './parse-terms.ts';

export interface ImportedAgreement {
  id: string;
  version: number;
  versionId: string;
  title: string;
  sha256: string;
  effectiveFrom: string;
  /** False when this version was already stored with the same text. */
  created: boolean;
}

/** Who imports: a signed-in actor, or the operator at the command line (no user). */
export interface Importer {
  tenantId: string;
  userId: string | null;
  /** How the importer signed in, for the evidence record; the CLI when there is no user. */
  authenticatedBy?: ChangeAuthor['authenticatedBy'];
}

function mediaTypeOf(name: string): string {
  return /\.json$/i.test(name) ? 'application/json' : 'application/yaml';
}

export async function importAgreements(
  deps: AppDeps,
  actor: Actor,
  sources: readonly TermsSource[],
): Promise<ImportedAgreement[]> {
  requireAccess(actor, 'write', 'agreement');
  return importAgreementsAs(
    deps,
    { tenantId: actor.tenantId, userId: actor.userId, authenticatedBy: actor.authenticatedBy },
    sources,
  );
}

/**
 * Imports terms files into a tenant: all of them or none. Every file is parsed and validated
 * (party ids against the tenant's parties) before anything is written; then, in one transaction,
 * each version is stored with its source text as a blob. A version that exists with the same
 * text is left as it is; with other text it is refused (versions are never edited), and the
 * whole import with it.
 */
export async function importAgreementsAs(
  deps: AppDeps,
  importer: Importer,
  sources: readonly TermsSource[],
): Promise<ImportedAgreement[]> {
  const prepared = await prepareImport(deps, importer, sources);
  return inTransaction(deps, (trx) => writeImport(deps, trx, importer, prepared));
}

export type PreparedImport = Awaited<ReturnType<typeof prepareImport>>;

/**
 * The reads and blob writes of an import, done before its transaction (blobs are content-addressed,
 * so one stored for an import that then fails is harmless): each file parsed and validated.
 */
export async function prepareImport(deps: AppDeps, importer: Importer, sources: readonly TermsSource[]) {
  if (sources.length === 0) {
    throw new AppError('invalid_input', {
      fields: [{ path: 'files', message: 'give at least one terms file' }],
    });
  }
  const parties = await loadPartyKeys(deps.db, importer.tenantId);
  const { agreements, problems } = parseTerms(sources, { parties });
  if (problems.length > 0) throw sourceProblemsError(problems);

  const blobs: { sha256: string; size: number; parsed: (typeof agreements)[number] }[] = [];
  for (const parsed of agreements) {
    const bytes = Buffer.from(parsed.source.text, 'utf8');
    blobs.push({ ...(await deps.blobs.put(bytes)), parsed });
  }
  return blobs;
}

/** Stores the prepared versions in the caller's transaction, each recorded as evidence. */
export async function writeImport(
  deps: AppDeps,
  trx: Tx,
  importer: Importer,
  blobs: PreparedImport,
): Promise<ImportedAgreement[]> {
  const now = deps.now();
  {
    const results: ImportedAgreement[] = [];
    for (const { sha256, size, parsed } of blobs) {
      const a = parsed.agreement;
      const mediaType = mediaTypeOf(parsed.source.name);
      await registerBlob(trx, importer.tenantId, { sha256, size }, mediaType, now);
      const existing = await trx
        .selectFrom('agreement_versions')
        .select(['version_id', 'source_sha256'])
        .where('tenant_id', '=', importer.tenantId)
        .where('agreement_key', '=', a.id)
        .where('version', '=', a.version)
        .executeTakeFirst();
      const base = {
        id: a.id,
        version: a.version,
        title: a.title,
        sha256,
        effectiveFrom: a.effective_from,
      };
      if (existing) {
        if (existing.source_sha256 !== sha256) {
          throw new AppError('version_exists', {
            detail: {
              en: `${parsed.source.name}: ${a.id} version ${a.version} is stored with other text; versions are never edited: import a new version that supersedes it. Nothing was stored.`,
              zh: `${parsed.source.name}：${a.id} 第 ${a.version} 版已以不同内容保存；版本不可修改，请导入取代它的新版本。未保存任何内容。`,
            },
          });
        }
        results.push({ ...base, versionId: existing.version_id, created: false });
        continue;
      }
      const versionId = deps.newId();
      await trx
        .insertInto('agreement_versions')
        .values({
          tenant_id: importer.tenantId,
          agreement_key: a.id,
          version: a.version,
          version_id: versionId,
          supersedes: a.supersedes ?? null,
          kind: a.kind,
          title: a.title,
          provider_key: a.provider,
          recipient_key: a.recipient,
          effective_from: a.effective_from,
          effective_to: a.effective_to ?? null,
          content: JSON.stringify(a),
          source_name: parsed.source.name,
          source_sha256: sha256,
          media_type: mediaType,
          imported_at: now,
          imported_by: importer.userId,
        })
        .execute();
      await recordChange(
        deps,
        trx,
        {
          tenantId: importer.tenantId,
          userId: importer.userId,
          authenticatedBy: importer.authenticatedBy ?? (importer.userId ? 'session' : 'cli'),
        },
        {
          type: 'agreement.version_imported',
          subject: { type: 'agreement', id: a.id },
          payload: {
            ...base,
            supersedes: a.supersedes ?? null,
            effectiveTo: a.effective_to ?? null,
            sourceName: parsed.source.name,
          },
          blobs: [sha256],
        },
      );
      results.push({ ...base, versionId, created: true });
    }
    return results;
  }
}
