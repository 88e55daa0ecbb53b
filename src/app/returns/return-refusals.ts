import type { Actor } from '../../domain/access/access.ts';
import {
  checkReturn,
  conditionName,
  type ReturnCheck,
  type ReturnReason,
  untickedConditions,
} from '../../domain/returns/returns.ts';
import { governingAgreement } from '../../domain/terms/decide.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { localDate } from '../ledger/operations-support.ts';
import { loadAgreements } from '../terms/agreement-store.ts';
import { unitFactsOf } from '../terms/decide-entitlement.ts';
import { toUnitViews } from '../unit/unit-view.ts';

/** One return in progress per unit: a second request would race the first over the same goods. */
export async function refuseSecondOpenReturn(deps: AppDeps, actor: Actor, unitId: string): Promise<void> {
  const open = await deps.db
    .selectFrom('returns')
    .select('number')
    .where('tenant_id', '=', actor.tenantId)
    .where('unit_id', '=', unitId)
    .where('state', 'not in', ['rejected', 'closed'])
    .executeTakeFirst();
  if (open) throw returnAlreadyOpen(open.number);
}

function returnAlreadyOpen(number?: string): AppError {
  return new AppError('return_already_open', {
    detail: number
      ? { en: `Return ${number} of this unit is in progress.`, zh: `该设备的退货 ${number} 正在处理中。` }
      : { en: 'A return of this unit is in progress.', zh: '该设备已有进行中的退货。' },
  });
}

/** Two requests at once both pass the read: the database's one-open-return index stops the second. */
export function secondOpenReturn(error: unknown): never {
  if (pgErrorCode(error) === '23505') throw returnAlreadyOpen();
  throw error;
}

/** Unticked conditions are answered at once, not decided: the customer ticks them and sends again. */
export function refuseUntickedConditions(check: ReturnCheck): void {
  const unticked = untickedConditions(check);
  if (!unticked) return;
  throw new AppError('return_conditions_unticked', {
    detail: unticked,
    fields: check.missingConditions.map((c) => ({
      path: `/body/conditions/${c}`,
      message: `confirm "${conditionName(c).en}" (${check.cites[0] ?? 'the terms'})`,
    })),
  });
}

/**
 * What a return request would be refused for, checked before its case is opened, so that a
 * refused request leaves no case behind.
 */
export async function refuseUnfitReturn(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
  input: { reason: ReturnReason; conditions: Record<string, boolean> },
): Promise<void> {
  await refuseSecondOpenReturn(deps, actor, unitId);
  const unitRow = await deps.db
    .selectFrom('units')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('unit_id', '=', unitId)
    .executeTakeFirstOrThrow();
  const [unitView] = await toUnitViews(deps.db, actor.tenantId, [unitRow]);
  const unit = unitFactsOf(unitView!);
  const now = deps.now();
  const requestedOn = localDate(now);
  const warranty = governingAgreement(await loadAgreements(deps.db, actor.tenantId), unit, requestedOn);
  refuseUntickedConditions(
    checkReturn(warranty, {
      reason: input.reason,
      requestedOn,
      requestedAt: now.toISOString(),
      deliveredOn: unit.delivered_at ?? null,
      soldOn: unit.sold_at ?? null,
      conditions: input.conditions,
    }),
  );
}
