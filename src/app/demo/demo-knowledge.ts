import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { changeArticleState, createArticle, setSynonyms } from '../knowledge/index.ts';
import { DEMO_ARTICLES, DEMO_SYNONYMS } from './demo-articles.ts';

/** Writes and publishes the demo articles as the demo's administrator, with the synonyms. */
export async function seedDemoKnowledge(deps: AppDeps, tenantId: string): Promise<number> {
  const admin = await deps.db
    .selectFrom('users')
    .select(['user_id', 'party_id'])
    .where('tenant_id', '=', tenantId)
    .where('email', '=', 'admin@acme.example')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    tenantId,
    userId: admin.user_id,
    partyId: admin.party_id,
    role: 'admin',
    homeParty: true,
    authenticatedBy: 'cli',
  };
  await setSynonyms(deps, actor, DEMO_SYNONYMS);
  for (const input of DEMO_ARTICLES) {
    const article = await createArticle(deps, actor, input);
    await changeArticleState(deps, actor, article.id, { state: 'published' });
  }
  return DEMO_ARTICLES.length;
}
