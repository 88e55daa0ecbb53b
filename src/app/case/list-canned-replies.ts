import type { Actor } from '../../domain/access/index.ts';
import { fillBlanks } from '../../domain/case/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import type { CannedReplyView } from './canned-reply-view.ts';
import { loadVisibleCase } from './case-view.ts';

/** The tenant's saved replies, by language and title; with a case, each also filled in for it. */
export async function listCannedReplies(
  deps: AppDeps,
  actor: Actor,
  caseId?: string,
): Promise<{ items: CannedReplyView[] }> {
  requireAccess(actor, 'read', 'canned_reply');
  const rows = await deps.db
    .selectFrom('canned_replies')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('language')
    .orderBy('title')
    .limit(500)
    .execute();
  let values: Record<string, string | null> | null = null;
  if (caseId) {
    const current = await loadVisibleCase(deps.db, actor, caseId);
    const [customer, unit, agent] = await Promise.all([
      deps.db
        .selectFrom('parties')
        .select(['name', 'name_zh'])
        .where('tenant_id', '=', actor.tenantId)
        .where('party_id', '=', current.customer_party_id)
        .executeTakeFirst(),
      current.unit_id
        ? deps.db
            .selectFrom('units')
            .select('serial')
            .where('tenant_id', '=', actor.tenantId)
            .where('unit_id', '=', current.unit_id)
            .executeTakeFirst()
        : undefined,
      deps.db
        .selectFrom('users')
        .select('name')
        .where('tenant_id', '=', actor.tenantId)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst(),
    ]);
    values = {
      customer: customer?.name ?? null,
      customer_zh: customer?.name_zh ?? customer?.name ?? null,
      // The customer reads its public reference, never the internal number.
      case: current.public_ref,
      serial: unit?.serial ?? null,
      agent: agent?.name ?? null,
    };
  }
  return {
    items: rows.map((r) => ({
      id: r.reply_id,
      title: r.title,
      language: r.language,
      body: r.body,
      filled: values
        ? fillBlanks(r.body, {
            ...values,
            customer: r.language === 'zh' ? (values.customer_zh ?? null) : (values.customer ?? null),
          })
        : null,
      updatedAt: r.updated_at,
    })),
  };
}
