import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { Label } from '../../domain/label.ts';
import type { EndKind, TreeNode, WalkStep } from '../../domain/troubleshooting/index.ts';
import { type Database, readJson } from '../../store/schema.ts';
import { loadVisibleCase, shownNumber } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { loadTree } from './tree-store.ts';

export const WALK_NOT_FOUND = { en: 'No such troubleshooting walk.', zh: '没有该故障排查记录。' };

export interface WalkView {
  id: string;
  tree: { key: string; version: number; title: Label; faultCode: string; product: string };
  channel: string;
  /** Where the walk stands: a question to answer, or the end it reached. */
  at: string;
  node: TreeNode;
  steps: WalkStep[];
  outcome: EndKind | null;
  case: { id: string; number: string } | null;
  unit: { serial: string } | null;
  startedAt: Date;
  endedAt: Date | null;
}

/**
 * A walk the actor may see: the one who walked it, the customer whose walk it is, the brand's
 * staff. Anyone else gets 404, as for a walk that does not exist.
 */
export async function loadVisibleWalk(db: Kysely<Database>, actor: Actor, walkId: string) {
  let query = db
    .selectFrom('troubleshooting_walks')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('walk_id', '=', walkId);
  if (visibilityOf(actor).kind === 'party') {
    query = query.where((eb) =>
      eb.or([eb('started_by_user_id', '=', actor.userId), eb('customer_party_id', '=', actor.partyId)]),
    );
  }
  const row = await query.executeTakeFirst();
  if (!row) throw notFound(WALK_NOT_FOUND);
  return row;
}

/** The walk as the actor reads it: a customer or partner sees the case's public reference. */
export async function toWalkView(db: Kysely<Database>, actor: Actor, walkId: string): Promise<WalkView> {
  const row = await db
    .selectFrom('troubleshooting_walks as w')
    .leftJoin('cases as c', (j) =>
      j.onRef('c.tenant_id', '=', 'w.tenant_id').onRef('c.case_id', '=', 'w.case_id'),
    )
    .leftJoin('units as u', (j) =>
      j.onRef('u.tenant_id', '=', 'w.tenant_id').onRef('u.unit_id', '=', 'w.unit_id'),
    )
    .selectAll('w')
    .select(['c.number', 'c.public_ref', 'u.serial'])
    .where('w.tenant_id', '=', actor.tenantId)
    .where('w.walk_id', '=', walkId)
    .executeTakeFirstOrThrow();
  const stored = await loadTree(db, actor.tenantId, row.tree_key, row.tree_version);
  return {
    id: row.walk_id,
    tree: {
      key: stored.key,
      version: stored.version,
      title: stored.tree.title,
      faultCode: stored.tree.faultCode,
      product: stored.product.model,
    },
    channel: row.channel,
    at: row.at_node,
    node: stored.tree.nodes[row.at_node]!,
    steps: readJson(row.steps),
    outcome: row.outcome as EndKind | null,
    case:
      row.case_id && row.number && row.public_ref
        ? { id: row.case_id, number: shownNumber(actor, { number: row.number, public_ref: row.public_ref }) }
        : null,
    unit: row.serial ? { serial: row.serial } : null,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

export async function showWalk(deps: AppDeps, actor: Actor, walkId: string): Promise<WalkView> {
  await loadVisibleWalk(deps.db, actor, walkId);
  return toWalkView(deps.db, actor, walkId);
}

/** The walks made from a case or that opened it, newest first: the path taken, on the case page. */
export async function caseWalks(deps: AppDeps, actor: Actor, caseId: string): Promise<WalkView[]> {
  await loadVisibleCase(deps.db, actor, caseId);
  const rows = await deps.db
    .selectFrom('troubleshooting_walks')
    .select('walk_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .orderBy('started_at', 'desc')
    .limit(20)
    .execute();
  return Promise.all(rows.map((r) => toWalkView(deps.db, actor, r.walk_id)));
}
