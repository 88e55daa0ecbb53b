import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Agreement, PartCatalogEntry } from '../../domain/terms/index.ts';
import { type Database, readJson } from '../../store/schema.ts';

/** A stored version as the API shows it (without its content). */
export interface AgreementVersionView {
  id: string;
  version: number;
  versionId: string;
  supersedes: number | null;
  kind: string;
  title: string;
  provider: string;
  recipient: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  sourceName: string;
  sha256: string;
  importedAt: Date;
}

export const AGREEMENT_NOT_FOUND = { en: 'No such agreement or version.', zh: '没有该协议或版本。' };

export function versionColumns() {
  return [
    'agreement_key',
    'version',
    'version_id',
    'supersedes',
    'kind',
    'title',
    'provider_key',
    'recipient_key',
    'effective_from',
    'effective_to',
    'source_name',
    'source_sha256',
    'imported_at',
  ] as const;
}

export function toVersionView(row: {
  agreement_key: string;
  version: number;
  version_id: string;
  supersedes: number | null;
  kind: string;
  title: string;
  provider_key: string;
  recipient_key: string;
  effective_from: string;
  effective_to: string | null;
  source_name: string;
  source_sha256: string;
  imported_at: Date;
}): AgreementVersionView {
  return {
    id: row.agreement_key,
    version: row.version,
    versionId: row.version_id,
    supersedes: row.supersedes,
    kind: row.kind,
    title: row.title,
    provider: row.provider_key,
    recipient: row.recipient_key,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    sourceName: row.source_name,
    sha256: row.source_sha256,
    importedAt: row.imported_at,
  };
}

/**
 * Parsed agreement versions by tenant and version id. A stored version never changes (its
 * content column cannot be updated), so one parsed once stays right for the life of the process;
 * frozen, so that no caller can change what the next one reads.
 */
const parsedVersions = new LRUCache<string, Agreement>({ max: 2_000 });

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Every stored version of every agreement of the tenant, as the domain reads them (frozen). The
 * list of versions is read each time (a new version may have been imported by another process);
 * the content only of versions not already parsed.
 */
export async function loadAgreements(db: Kysely<Database>, tenantId: string): Promise<Agreement[]> {
  const ids = await db
    .selectFrom('agreement_versions')
    .select('version_id')
    .where('tenant_id', '=', tenantId)
    .orderBy('agreement_key')
    .orderBy('version')
    .execute();
  return agreementsOfVersions(
    db,
    tenantId,
    ids.map((r) => r.version_id),
  );
}

/**
 * The agreement versions named (by version id, in the order given), parsed once per process:
 * for a caller that read the list of versions itself, with other things, in one statement.
 */
export async function agreementsOfVersions(
  db: Kysely<Database>,
  tenantId: string,
  versionIds: readonly string[],
): Promise<Agreement[]> {
  const key = (versionId: string) => `${tenantId}/${versionId}`;
  const missing = versionIds.filter((id) => !parsedVersions.has(key(id)));
  const fetched = new Map<string, Agreement>();
  if (missing.length > 0) {
    const rows = await db
      .selectFrom('agreement_versions')
      .select(['version_id', 'content'])
      .where('tenant_id', '=', tenantId)
      .where('version_id', 'in', missing)
      .execute();
    for (const r of rows) {
      const agreement = deepFreeze(readJson(r.content));
      parsedVersions.set(key(r.version_id), agreement);
      fetched.set(r.version_id, agreement);
    }
  }
  return versionIds
    .map((id) => fetched.get(id) ?? parsedVersions.get(key(id)))
    .filter((a): a is Agreement => a !== undefined);
}

/** The tenant's bills of parts, linking supplier part numbers to part categories and products. */
export async function loadPartCatalog(db: Kysely<Database>, tenantId: string): Promise<PartCatalogEntry[]> {
  const rows = await db
    .selectFrom('product_parts')
    .innerJoin('products', (join) =>
      join
        .onRef('products.tenant_id', '=', 'product_parts.tenant_id')
        .onRef('products.product_id', '=', 'product_parts.product_id'),
    )
    .select(['product_parts.part_number', 'product_parts.part_category', 'products.model'])
    .where('product_parts.tenant_id', '=', tenantId)
    .execute();
  const byPart = new Map<string, PartCatalogEntry>();
  for (const r of rows) {
    const key = `${r.part_number}|${r.part_category}`;
    const entry = byPart.get(key) ?? { part: r.part_number, part_category: r.part_category, products: [] };
    if (!entry.products!.includes(r.model)) entry.products!.push(r.model);
    byPart.set(key, entry);
  }
  return [...byPart.values()];
}

export async function loadPartyKeys(db: Kysely<Database>, tenantId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('parties').select('key').where('tenant_id', '=', tenantId).execute();
  return new Set(rows.map((r) => r.key));
}

/**
 * The tenant's parties by key, with the names people know them by in English and Chinese (the
 * Chinese name when one is recorded), for the check's sentences.
 */
export async function loadPartyNames(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Record<string, { en: string; zh: string }>> {
  const rows = await db
    .selectFrom('parties')
    .select(['key', 'name', 'name_zh'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.key, { en: r.name, zh: r.name_zh ?? r.name }]));
}
