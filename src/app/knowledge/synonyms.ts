import type { Actor } from '../../domain/access/index.ts';
import { emptyMembers } from '../../domain/knowledge/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';

export interface SynonymGroupView {
  id: string;
  terms: string[];
}

export async function listSynonyms(deps: AppDeps, actor: Actor): Promise<SynonymGroupView[]> {
  requireAccess(actor, 'write', 'article');
  const rows = await deps.db
    .selectFrom('kb_synonym_groups')
    .select(['group_id', 'terms'])
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('group_id')
    .execute();
  return rows.map((r) => ({ id: r.group_id, terms: r.terms }));
}

/** Replaces the tenant's synonym groups whole (a short list the tenant keeps, like 报警 ~ 告警 ~ alarm). */
export async function setSynonyms(
  deps: AppDeps,
  actor: Actor,
  groups: string[][],
): Promise<SynonymGroupView[]> {
  requireAccess(actor, 'write', 'article');
  const problems = groups.flatMap((g, i) =>
    emptyMembers(g).map((m) => ({ path: `/body/groups/${i}`, message: `"${m}" holds no searchable word` })),
  );
  if (problems.length > 0) throw invalid(problems);
  await inTransaction(deps, async (trx) => {
    await trx.deleteFrom('kb_synonym_groups').where('tenant_id', '=', actor.tenantId).execute();
    if (groups.length > 0) {
      await trx
        .insertInto('kb_synonym_groups')
        .values(
          groups.map((terms) => ({
            tenant_id: actor.tenantId,
            group_id: deps.newId(),
            terms,
            updated_at: deps.now(),
          })),
        )
        .execute();
    }
    await recordChange(deps, trx, actor, {
      type: 'kb.synonyms_changed',
      subject: { type: 'tenant', id: actor.tenantId },
      payload: { groups },
    });
  });
  return listSynonyms(deps, actor);
}
