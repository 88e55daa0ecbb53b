import type { Actor } from '../../domain/access/index.ts';
import type { ArticleState } from '../../domain/knowledge/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { decodeCursor, encodeCursor, type Page } from '../pagination.ts';
import { type ArticleView, articleView } from './article-store.ts';

/** The authors' list, newest change first (kb_articles_by_updated), keyset-paged. */
export async function listArticles(
  deps: AppDeps,
  actor: Actor,
  options: { limit: number; cursor?: string; state?: ArticleState },
): Promise<Page<ArticleView>> {
  requireAccess(actor, 'write', 'article');
  let query = deps.db
    .selectFrom('kb_articles')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('updated_at', 'desc')
    .orderBy('article_id', 'desc')
    .limit(options.limit + 1);
  if (options.state) query = query.where('state', '=', options.state);
  if (options.cursor) {
    const [at, id] = decodeCursor(options.cursor, ['instant', 'uuid']) as [string, string];
    query = query.where((eb) =>
      eb.or([
        eb('updated_at', '<', new Date(at)),
        eb.and([eb('updated_at', '=', new Date(at)), eb('article_id', '<', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const items = await Promise.all(page.map((r) => articleView(deps.db, r)));
  const last = page.at(-1);
  return rows.length > options.limit && last
    ? { items, nextCursor: encodeCursor([last.updated_at.toISOString(), last.article_id]) }
    : { items };
}
