import type { Kysely } from 'kysely';
import type { Agreement } from '../../domain/terms/agreement.ts';
import type { PartCatalogEntry } from '../../domain/terms/check.ts';
import type { Database } from '../../store/schema.ts';

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

/** Every stored version of every agreement of the tenant, as the domain reads them. */
export async function loadAgreements(db: Kysely<Database>, tenantId: string): Promise<Agreement[]> {
  const rows = await db
    .selectFrom('agreement_versions')
    .select('content')
    .where('tenant_id', '=', tenantId)
    .orderBy('agreement_key')
    .orderBy('version')
    .execute();
  return rows.map((r) => (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as Agreement);
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
