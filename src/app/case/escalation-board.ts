import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';

export interface EscalationView {
  id: string;
  caseId: string;
  caseNumber: string;
  level: string;
  trigger: Record<string, unknown>;
  agreement: { id: string; version: number };
  ref: string | null;
  actWithin: string | null;
  actBy: Date | null;
  state: string;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  resolution: string | null;
}

function requireStaff(actor: Actor): void {
  if (visibilityOf(actor).kind !== 'tenant') throw new AppError('forbidden');
}

const baseQuery = (deps: AppDeps, actor: Actor) =>
  deps.db
    .selectFrom('escalations')
    .innerJoin('cases', (j) =>
      j
        .onRef('cases.tenant_id', '=', 'escalations.tenant_id')
        .onRef('cases.case_id', '=', 'escalations.case_id'),
    )
    .selectAll('escalations')
    .select('cases.number')
    .where('escalations.tenant_id', '=', actor.tenantId);

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toView(r: Row): EscalationView {
  return {
    id: r.escalation_id,
    caseId: r.case_id,
    caseNumber: r.number,
    level: r.level,
    trigger: readJson(r.trigger) as Record<string, unknown>,
    agreement: { id: r.agreement_id, version: r.agreement_version },
    ref: r.ref,
    actWithin: r.act_within,
    actBy: r.act_by,
    state: r.state,
    raisedAt: r.raised_at,
    acknowledgedAt: r.acknowledged_at,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
  };
}

/** The escalation board: open and acknowledged first, the most pressing at the top. */
export async function listEscalations(
  deps: AppDeps,
  actor: Actor,
  filter: { state?: string | undefined },
): Promise<EscalationView[]> {
  requireStaff(actor);
  let query = baseQuery(deps, actor);
  query = filter.state
    ? query.where('escalations.state', '=', filter.state as never)
    : query.where('escalations.state', '!=', 'resolved');
  const rows = await query
    .orderBy((eb) =>
      eb
        .case()
        .when('escalations.level', '=', 'legal')
        .then(0)
        .when('escalations.level', '=', 'management')
        .then(1)
        .else(2)
        .end(),
    )
    .orderBy('escalations.act_by', (ob) => ob.asc().nullsLast())
    .orderBy('escalations.raised_at')
    .limit(500)
    .execute();
  return rows.map(toView);
}

/** Someone of the brand takes it on (acknowledge) or closes it with what was done (resolve); both are recorded. */
export async function moveEscalation(
  deps: AppDeps,
  actor: Actor,
  escalationId: string,
  to: 'acknowledged' | 'resolved',
  resolution?: string,
): Promise<EscalationView> {
  requireStaff(actor);
  if (actor.role === 'counsel') throw new AppError('forbidden');
  const current = await baseQuery(deps, actor)
    .where('escalations.escalation_id', '=', escalationId)
    .executeTakeFirst();
  if (!current) throw notFound({ en: 'No such escalation.', zh: '没有该升级事项。' });
  if (current.state === 'resolved' || current.state === to) {
    throw new AppError('invalid_transition', {
      detail: { en: `The escalation is ${current.state}.`, zh: `该升级事项已是 ${current.state} 状态。` },
    });
  }
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('escalations')
      .set(
        to === 'acknowledged'
          ? { state: to, acknowledged_at: now, acknowledged_by: actor.userId }
          : { state: to, resolved_at: now, resolved_by: actor.userId, resolution: resolution ?? null },
      )
      .where('tenant_id', '=', actor.tenantId)
      .where('escalation_id', '=', escalationId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: `escalation.${to}`,
      subject: { type: 'case', id: current.case_id },
      payload: { escalationId, level: current.level, resolution: resolution ?? null },
    });
  });
  const after = await baseQuery(deps, actor)
    .where('escalations.escalation_id', '=', escalationId)
    .executeTakeFirstOrThrow();
  return toView(after);
}
