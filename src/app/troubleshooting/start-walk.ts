import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { WalkChannel } from '../../domain/troubleshooting/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { inTransaction } from '../transaction.ts';
import { UNIT_NOT_FOUND, visibleUnits } from '../unit/index.ts';
import { loadTree } from './tree-store.ts';
import { toWalkView, type WalkView } from './walk-view.ts';

/**
 * Starts a walk of a guide's newest version: a customer in the portal (for one of its units, or
 * none named), or the brand's staff on the phone (from a case or a unit, whose customer the walk
 * is then). The unit must be of the guide's product. Partners and others do not walk for customers.
 */
export async function startWalk(
  deps: AppDeps,
  actor: Actor,
  input: { tree: string; caseId?: string | undefined; serial?: string | undefined },
): Promise<WalkView> {
  const staff = visibilityOf(actor).kind === 'tenant';
  if (!staff && actor.role !== 'customer') throw new AppError('forbidden');
  if (actor.role === 'counsel') throw new AppError('forbidden');
  const stored = await loadTree(deps.db, actor.tenantId, input.tree);
  let customerPartyId: string | null = staff ? null : actor.partyId;
  let unitId: string | null = null;
  let caseId: string | null = null;
  if (input.caseId) {
    const found = await loadVisibleCase(deps.db, actor, input.caseId);
    caseId = found.case_id;
    customerPartyId = found.customer_party_id;
    unitId = found.unit_id;
  }
  if (input.serial) {
    const unit = await visibleUnits(deps.db, actor)
      .select(['unit_id', 'owner_party_id'])
      .where('serial', '=', input.serial)
      .executeTakeFirst();
    if (!unit) throw notFound(UNIT_NOT_FOUND);
    if (unitId && unitId !== unit.unit_id)
      throw invalid([{ path: '/body/serial', message: "not the case's unit: name one or the other" }]);
    unitId = unit.unit_id;
    customerPartyId ??= unit.owner_party_id;
  }
  if (unitId) {
    const unit = await deps.db
      .selectFrom('units')
      .select('product_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('unit_id', '=', unitId)
      .executeTakeFirstOrThrow();
    if (unit.product_id !== stored.productId)
      throw invalid([
        {
          path: input.serial ? '/body/serial' : '/body/caseId',
          message: `this guide is for ${stored.product.model}; the unit is another product`,
          messageZh: `该向导适用于 ${stored.product.model}，该设备是其他型号`,
        },
      ]);
  }
  if (staff && !unitId && !caseId)
    throw invalid([
      {
        path: '/body/caseId',
        message:
          'on the phone, walk from a case or a unit (caseId or serial): its end may open a case for that customer',
        messageZh: '电话指导时请从服务单或设备开始（caseId 或 serial）：结束时可能为该客户创建服务单',
      },
    ]);
  const walkId = deps.newId();
  const channel: WalkChannel = staff ? 'console' : 'portal';
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('troubleshooting_walks')
      .values({
        tenant_id: actor.tenantId,
        walk_id: walkId,
        tree_key: stored.key,
        tree_version: stored.version,
        product_id: stored.productId,
        channel,
        started_by_user_id: actor.userId,
        customer_party_id: customerPartyId,
        unit_id: unitId,
        case_id: caseId,
        at_node: stored.tree.start,
        steps: JSON.stringify([]),
        outcome: null,
        started_at: deps.now(),
        ended_at: null,
      })
      .execute();
  });
  return toWalkView(deps.db, actor, walkId);
}
