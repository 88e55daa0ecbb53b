import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import {
  type ArticleContent,
  type ArticleFile,
  type ArticleLanguage,
  type ArticleReader,
  type FaultCode,
  mayRead,
  textIn,
} from '../../domain/knowledge/index.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { ARTICLE_NOT_FOUND, type ArticleRow, articleReaderOf } from './article-store.ts';
import { renderArticleBody } from './render-markdown.ts';

/** A published article as a reader sees it, in one language, rendered. */
export interface PublishedArticle {
  id: string;
  key: string;
  version: number;
  publishedAt: string;
  /** The language shown; differs from the one asked for when that translation is missing. */
  lang: ArticleLanguage;
  missingTranslation: boolean;
  /** Which languages the article is written in (the translations). */
  languages: ArticleLanguage[];
  title: string;
  summary: string;
  html: string;
  productModels: string[];
  partCategories: string[];
  faultCodes: FaultCode[];
  errorMessages: string[];
  troubleshootingTreeKey: string | null;
  files: ArticleFile[];
}

/** Whether a reader sees the article now: published (maybe scheduled) and not archived, and its visibility. */
export function readable(
  row: Pick<ArticleRow, 'state' | 'visible_from' | 'visibility' | 'product_ids'>,
  reader: ArticleReader,
  now: Date,
): boolean {
  if (row.state === 'archived' || row.visible_from === null || row.visible_from.getTime() > now.getTime())
    return false;
  return mayRead(reader, { visibility: row.visibility, productIds: row.product_ids });
}

/** The newest version already shown at `now` (a scheduled one waits for its time). */
export async function effectiveVersions(
  db: Kysely<Database>,
  tenantId: string,
  articleIds: readonly string[],
  now: Date,
): Promise<Map<string, { version: number; publishedAt: Date; content: ArticleContent }>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('kb_article_versions')
    .select(['article_id', 'version', 'published_at', 'content'])
    .distinctOn('article_id')
    .where('tenant_id', '=', tenantId)
    .where('article_id', 'in', [...articleIds])
    .where('published_at', '<=', now)
    .orderBy('article_id')
    .orderBy('version', 'desc')
    .execute();
  return new Map(
    rows.map((r) => [r.article_id, { version: r.version, publishedAt: r.published_at, content: r.content }]),
  );
}

export function fileBaseOf(key: string): string {
  return `/api/v1/kb/read/${encodeURIComponent(key)}/files`;
}

export function publishedView(
  row: Pick<ArticleRow, 'article_id' | 'key'>,
  version: { version: number; publishedAt: Date; content: ArticleContent },
  lang: ArticleLanguage,
): PublishedArticle {
  const { content } = version;
  const shown = textIn(content.texts, lang);
  const languages = (['en', 'zh'] as const).filter((l) => content.texts[l] !== null);
  return {
    id: row.article_id,
    key: row.key,
    version: version.version,
    publishedAt: version.publishedAt.toISOString(),
    lang: shown?.lang ?? lang,
    missingTranslation: shown?.missing ?? true,
    languages,
    title: shown?.text.title ?? '',
    summary: shown?.text.summary ?? '',
    html: shown ? renderArticleBody(shown.text.body, content.files, fileBaseOf(row.key)) : '',
    productModels: content.productModels,
    partCategories: content.partCategories,
    faultCodes: content.faultCodes,
    errorMessages: content.errorMessages,
    troubleshootingTreeKey: content.troubleshootingTreeKey,
    files: content.files,
  };
}

/** Loads a visible article by its key; anything the reader may not see is "not found". */
export async function loadReadableByKey(deps: AppDeps, actor: Actor, key: string) {
  const row = await deps.db
    .selectFrom('kb_articles')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  const now = deps.now();
  const reader = await articleReaderOf(deps.db, actor);
  if (!row || !readable(row, reader, now)) throw notFound(ARTICLE_NOT_FOUND);
  const version = (await effectiveVersions(deps.db, actor.tenantId, [row.article_id], now)).get(
    row.article_id,
  );
  if (!version) throw notFound(ARTICLE_NOT_FOUND);
  return { row, version };
}

/** The article by key for any party, in the language asked for, at the request's time. */
export async function readArticle(
  deps: AppDeps,
  actor: Actor,
  key: string,
  lang: ArticleLanguage,
): Promise<PublishedArticle> {
  const { row, version } = await loadReadableByKey(deps, actor, key);
  // A customer's read is what deflection counts (a case prevented when none follows in 7 days):
  // one row per article, customer and day, so reading again the same day adds nothing.
  if (actor.role === 'customer' && !actor.homeParty) {
    const now = deps.now();
    await deps.db
      .insertInto('kb_article_reads')
      .values({
        tenant_id: actor.tenantId,
        article_id: row.article_id,
        customer_party_id: actor.partyId,
        read_on: now.toISOString().slice(0, 10),
        read_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return publishedView(row, version, lang);
}
