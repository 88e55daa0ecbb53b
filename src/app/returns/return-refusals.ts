import type { Actor } from '../../domain/access/index.ts';
import { conditionName, type ReturnCheck, untickedConditions } from '../../domain/returns/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';

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
