import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { Label } from '../../domain/label.ts';
import type { TroubleshootingTree } from '../../domain/troubleshooting/index.ts';
import { type Database, readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';

export const TREE_NOT_FOUND = { en: 'No such troubleshooting guide.', zh: '没有该故障排查向导。' };

export interface StoredTree {
  key: string;
  version: number;
  productId: string;
  product: { model: string; name: Label };
  tree: TroubleshootingTree;
  importedAt: Date;
}

/** A tree of the tenant by key: the newest version, or the one named (a walk follows its own). */
export async function loadTree(
  db: Kysely<Database>,
  tenantId: string,
  key: string,
  version?: number,
): Promise<StoredTree> {
  let query = db
    .selectFrom('troubleshooting_trees as t')
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 't.tenant_id').onRef('p.product_id', '=', 't.product_id'),
    )
    .select([
      't.key',
      't.version',
      't.product_id',
      't.spec',
      't.imported_at',
      'p.model',
      'p.name',
      'p.name_zh',
    ])
    .where('t.tenant_id', '=', tenantId)
    .where('t.key', '=', key);
  query =
    version === undefined
      ? query.orderBy('t.version', 'desc').limit(1)
      : query.where('t.version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound(TREE_NOT_FOUND);
  return {
    key: row.key,
    version: row.version,
    productId: row.product_id,
    product: { model: row.model, name: { en: row.name, zh: row.name_zh ?? row.name } },
    tree: readJson(row.spec),
    importedAt: row.imported_at,
  };
}

/** Guides are help for everyone who signs in to the tenant: customers, partners and staff read them. */
export async function showTree(deps: AppDeps, actor: Actor, key: string): Promise<StoredTree> {
  return loadTree(deps.db, actor.tenantId, key);
}

export interface TreeSummary {
  key: string;
  version: number;
  product: string;
  faultCode: string;
  title: Label;
}

/** The tenant's guides, newest version of each, optionally for one product model and fault code. */
export async function listTrees(
  deps: AppDeps,
  actor: Actor,
  filter: { product?: string | undefined; faultCode?: string | undefined },
): Promise<TreeSummary[]> {
  let query = deps.db
    .selectFrom('troubleshooting_trees as t')
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 't.tenant_id').onRef('p.product_id', '=', 't.product_id'),
    )
    .distinctOn('t.key')
    .select(['t.key', 't.version', 't.fault_code', 't.spec', 'p.model'])
    .where('t.tenant_id', '=', actor.tenantId)
    .orderBy('t.key')
    .orderBy('t.version', 'desc')
    .limit(500);
  if (filter.product) query = query.where('p.model', '=', filter.product);
  if (filter.faultCode) query = query.where('t.fault_code', '=', filter.faultCode);
  const rows = await query.execute();
  return rows.map((r) => ({
    key: r.key,
    version: r.version,
    product: r.model,
    faultCode: r.fault_code,
    title: readJson(r.spec).title,
  }));
}
