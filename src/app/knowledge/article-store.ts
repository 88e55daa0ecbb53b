import type { Kysely, Selectable } from 'kysely';
import { type Actor, visibilityOf } from '../../domain/access/index.ts';
import type {
  ArticleContent,
  ArticleFile,
  ArticleReader,
  ArticleState,
  ArticleTexts,
  ArticleVisibility,
  FaultCode,
} from '../../domain/knowledge/index.ts';
import type { Database } from '../../store/schema.ts';
import type { KnowledgeTables } from '../../store/schema-knowledge.ts';
import { invalid, notFound } from '../errors.ts';
import { isApprovedShop } from '../repair-shop/index.ts';

export type ArticleRow = Selectable<KnowledgeTables['kb_articles']>;

export const ARTICLE_NOT_FOUND = { en: 'No such article.', zh: '没有该文章。' };

/** The working copy of an article, as its authors see it. */
export interface ArticleView {
  id: string;
  key: string;
  state: ArticleState;
  visibility: ArticleVisibility;
  productModels: string[];
  partCategories: string[];
  faultCodes: FaultCode[];
  errorMessages: string[];
  troubleshootingTreeKey: string | null;
  texts: ArticleTexts;
  files: ArticleFile[];
  liveVersion: number | null;
  visibleFrom: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleInput {
  key: string;
  visibility: ArticleVisibility;
  productModels?: string[];
  partCategories?: string[];
  faultCodes?: FaultCode[];
  errorMessages?: string[];
  troubleshootingTreeKey?: string | null;
  texts: ArticleTexts;
}

/** Who the actor is as a reader: staff read all, partners theirs, a customer what its products allow. */
export async function articleReaderOf(db: Kysely<Database>, actor: Actor): Promise<ArticleReader> {
  if (visibilityOf(actor).kind === 'tenant') return { kind: 'staff' };
  if (actor.role === 'partner' || actor.role === 'technician') return { kind: 'partner' };
  // An approved independent repair shop reads the repair information a service partner reads (the
  // right-to-repair ask of the founding notes); a shop not approved reads what anyone reads.
  if (actor.role === 'repair_shop')
    return (await isApprovedShop(db, actor))
      ? { kind: 'partner' }
      : { kind: 'customer', productIds: new Set() };
  // A customer's products: the models of the units it owns (units_by_owner).
  const rows = await db
    .selectFrom('units')
    .select('product_id')
    .distinct()
    .where('tenant_id', '=', actor.tenantId)
    .where('owner_party_id', '=', actor.partyId)
    .execute();
  return { kind: 'customer', productIds: new Set(rows.map((r) => r.product_id)) };
}

/** Product ids for models, refusing a model the tenant does not sell (naming it). */
export async function productIdsOf(
  db: Kysely<Database>,
  tenantId: string,
  models: readonly string[],
  path: string,
): Promise<string[]> {
  if (models.length === 0) return [];
  const rows = await db
    .selectFrom('products')
    .select(['product_id', 'model'])
    .where('tenant_id', '=', tenantId)
    .where('model', 'in', [...models])
    .execute();
  const byModel = new Map(rows.map((r) => [r.model, r.product_id]));
  const unknown = models.map((m, i) => ({ m, i })).filter(({ m }) => !byModel.has(m));
  if (unknown.length > 0) {
    throw invalid(
      unknown.map(({ m, i }) => ({ path: `${path}/${i}`, message: `no product with model ${m}` })),
    );
  }
  return models.map((m) => byModel.get(m) as string);
}

export async function modelsOf(db: Kysely<Database>, tenantId: string, productIds: readonly string[]) {
  if (productIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('products')
    .select(['product_id', 'model'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', 'in', [...productIds])
    .execute();
  return new Map(rows.map((r) => [r.product_id, r.model]));
}

export async function loadArticleRow(
  db: Kysely<Database>,
  tenantId: string,
  articleId: string,
  forUpdate = false,
): Promise<ArticleRow> {
  let query = db
    .selectFrom('kb_articles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('article_id', '=', articleId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound(ARTICLE_NOT_FOUND);
  return row;
}

export async function articleView(db: Kysely<Database>, row: ArticleRow): Promise<ArticleView> {
  const models = await modelsOf(db, row.tenant_id, row.product_ids);
  return {
    id: row.article_id,
    key: row.key,
    state: row.state,
    visibility: row.visibility,
    productModels: row.product_ids.map((p) => models.get(p) ?? p),
    partCategories: row.part_categories,
    faultCodes: row.fault_codes,
    errorMessages: row.error_messages,
    troubleshootingTreeKey: row.troubleshooting_tree_key,
    texts: row.texts,
    files: row.files,
    liveVersion: row.live_version,
    visibleFrom: row.visible_from ? row.visible_from.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The content a version keeps: the working copy as it is at publication. */
export function contentOf(view: ArticleView): ArticleContent {
  return {
    texts: view.texts,
    files: view.files,
    visibility: view.visibility,
    productModels: view.productModels,
    partCategories: view.partCategories,
    faultCodes: view.faultCodes,
    errorMessages: view.errorMessages,
    troubleshootingTreeKey: view.troubleshootingTreeKey,
  };
}
