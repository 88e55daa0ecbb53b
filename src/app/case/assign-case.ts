import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { planClocks, type Severity } from '../../domain/case/index.ts';
import { versionsInForce } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { eventAt, loadDecisionFacts } from '../entitlement/index.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { newClockRow, saveClock } from './case-clocks.ts';
import { type CaseView, loadVisibleCase, toCaseView } from './case-view.ts';

/**
 * Assigns a case to an agent and/or a service partner. A partner brings its own commitments:
 * the clocks of its service-partner agreement in force now, started now, beside the promise
 * made to the customer, so that both can be read side by side. A partner replaced stops owing.
 */
export async function assignCase(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { agentUserId?: string | null | undefined; servicePartner?: string | null | undefined },
): Promise<CaseView> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  if (visibilityOf(actor).kind !== 'tenant' || actor.role === 'counsel') throw new AppError('forbidden');
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);

  let agentUserId = current.assigned_user_id;
  if (input.agentUserId !== undefined) {
    if (input.agentUserId !== null) {
      const agent = await deps.db
        .selectFrom('users')
        .select('user_id')
        .where('tenant_id', '=', actor.tenantId)
        .where('user_id', '=', input.agentUserId)
        .where('party_id', '=', actor.partyId)
        .executeTakeFirst();
      if (!agent) throw invalid([{ path: '/body/agentUserId', message: 'no such user of the brand' }]);
    }
    agentUserId = input.agentUserId;
  }

  let partner: { party_id: string; key: string } | null | undefined;
  if (input.servicePartner !== undefined && input.servicePartner !== null) {
    partner = await deps.db
      .selectFrom('parties')
      .select(['party_id', 'key'])
      .where('tenant_id', '=', actor.tenantId)
      .where('key', '=', input.servicePartner)
      .where((eb) => eb(eb.val('service_partner'), '=', eb.fn.any('roles')))
      .executeTakeFirst();
    if (!partner)
      throw invalid([
        { path: '/body/servicePartner', message: `no service partner with key "${input.servicePartner}"` },
      ]);
  } else if (input.servicePartner === null) {
    partner = null;
  }
  const partnerChanged = partner !== undefined && (partner?.party_id ?? null) !== current.service_party_id;

  let commitments: Awaited<ReturnType<typeof newClockRow>>[] = [];
  if (partnerChanged && partner && current.unit_id) {
    const facts = await loadDecisionFacts(deps.db, actor, { unitId: current.unit_id }, 'authorized');
    const unit = facts.facts;
    const agreements = versionsInForce(facts.agreements, eventAt(facts, now).date).filter(
      (a) => a.kind === 'service_partner' && a.provider === partner!.key,
    );
    const plans = agreements.flatMap((a) =>
      planClocks(a, 'commitment', {
        severity: current.severity as Severity,
        product: unit.product,
        territory: unit.territory,
      }),
    );
    commitments = await Promise.all(plans.map((p) => newClockRow(deps, actor.tenantId, caseId, p, at)));
  }

  await inTransaction(deps, async (trx) => {
    if (partnerChanged) {
      const previous = await trx
        .selectFrom('case_clocks')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('case_id', '=', caseId)
        .where('side', '=', 'commitment')
        .where('stopped_at', 'is', null)
        .execute();
      for (const clock of previous)
        await saveClock(deps, trx, actor.tenantId, { ...clock, stopped_at: at }, at);
      if (commitments.length > 0) await trx.insertInto('case_clocks').values(commitments).execute();
    }
    await trx
      .updateTable('cases')
      .set({
        assigned_user_id: agentUserId,
        ...(partner !== undefined && { service_party_id: partner?.party_id ?? null }),
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'case.assigned',
      subject: { type: 'case', id: caseId },
      payload: {
        agentUserId,
        servicePartner: partner === undefined ? undefined : (partner?.key ?? null),
        commitments: commitments.map((c) => ({
          target: c.target,
          duration: c.duration,
          ref: c.ref,
          agreement: `${c.agreement_id}@${c.agreement_version}`,
        })),
      },
    });
  });
  return toCaseView(deps.db, actor, caseId, now);
}
