import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadOpenRepairToChange, type RepairView, toRepairView } from './repair-view.ts';

/** How far ahead of the server's clock a device's clock may run before its times are refused. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** A visit for the repair: when, how far (kilometres, as travel is paid), whether the customer signed. */
export async function recordVisit(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  input: {
    arrivedAt: string;
    leftAt?: string | undefined;
    distanceKm: number;
    customerSigned: boolean;
    note?: string | undefined;
  },
): Promise<RepairView> {
  const r = await loadOpenRepairToChange(deps.db, actor, repairId);
  const opening = await deps.db
    .selectFrom('cases')
    .select('opened_at')
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', r.case_id)
    .executeTakeFirstOrThrow();
  // Visit times become travel and labor paid to the partner: they must fit the case they bill.
  const openedAt = new Date(opening.opened_at);
  const latest = new Date(deps.now().getTime() + CLOCK_SKEW_MS);
  const arrived = new Date(input.arrivedAt);
  const left = input.leftAt === undefined ? undefined : new Date(input.leftAt);
  const problems = [];
  if (arrived < openedAt) {
    problems.push({
      path: '/body/arrivedAt',
      message: `arrived before the case was opened (${openedAt.toISOString()})`,
    });
  } else if (arrived > latest) {
    problems.push({ path: '/body/arrivedAt', message: 'is in the future' });
  }
  if (left && left < arrived) problems.push({ path: '/body/leftAt', message: 'left before arriving' });
  else if (left && left > latest) problems.push({ path: '/body/leftAt', message: 'is in the future' });
  if (problems.length > 0) {
    throw new AppError('invalid_input', {
      fields: problems,
      detail: {
        en: `The visit's times must fall between the case's opening (${openedAt.toISOString()}) and now.`,
        zh: `上门时间须在服务单创建时间（${openedAt.toISOString()}）与当前时间之间，且离开不得早于到达。`,
      },
    });
  }
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('repair_visits')
      .values({
        tenant_id: actor.tenantId,
        repair_id: repairId,
        visit_id: deps.newId(),
        arrived_at: input.arrivedAt,
        left_at: input.leftAt ?? null,
        distance_km: input.distanceKm,
        customer_signed: input.customerSigned,
        note: input.note ?? null,
        user_id: actor.userId,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'repair.visit_recorded',
      subject: { type: 'case', id: r.case_id },
      payload: { repair: r.number, ...input },
    });
  });
  return toRepairView(deps.db, actor, repairId);
}
