import type { Actor } from '../../domain/access/index.ts';
import { disputeClauseOf } from '../../domain/disputes/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { addLinks, checkLinks, type LinkType } from './matter-support.ts';
import { matterView } from './matter-view.ts';
import { partyUnderAgreement } from './support.ts';

export interface OpenMatterInput {
  title: string;
  counterparty: string;
  agreement: string;
  caseIds?: string[] | undefined;
  noticeIds?: string[] | undefined;
  requestIds?: string[] | undefined;
}

/**
 * A dispute matter: the counterparty, the agreement and its dispute clause as the terms write it
 * (forum, seat, law, language; or the finding that the agreement names no forum), stage
 * `negotiation`, and the cases, notices and requests it is about. Staff only: a matter is the
 * brand's own file, never shown to the counterparty or anyone else.
 */
export async function openMatter(deps: AppDeps, actor: Actor, input: OpenMatterInput) {
  requireStaffWriter(actor);
  const now = deps.now();
  const { party: cp, agreement } = await partyUnderAgreement(deps.db, actor.tenantId, {
    party: input.counterparty,
    partyPath: '/body/counterparty',
    agreement: input.agreement,
    at: now,
    mustBeParty: true,
  });
  const clause = disputeClauseOf(agreement);
  const links: Array<[LinkType, string]> = [
    ...(input.caseIds ?? []).map((id) => ['case', id] as [LinkType, string]),
    ...(input.noticeIds ?? []).map((id) => ['notice', id] as [LinkType, string]),
    ...(input.requestIds ?? []).map((id) => ['supplier_request', id] as [LinkType, string]),
  ];
  await checkLinks(deps, actor.tenantId, links);
  const id = await inTransaction(deps, async (trx) => {
    const matterId = deps.newId();
    const number = await nextNumber(trx, actor.tenantId, 'matter', 'DM');
    await trx
      .insertInto('dispute_matters')
      .values({
        tenant_id: actor.tenantId,
        matter_id: matterId,
        number,
        title: input.title,
        counterparty_party_id: cp.party_id,
        agreement_id: agreement.id,
        agreement_version: agreement.version,
        clause: JSON.stringify(clause),
        stage: 'negotiation',
        stage_since: now,
        deadlines: JSON.stringify([]),
        currency: agreement.currency ?? 'CNY',
        claimed_minor: null,
        claim: null,
        offered_minor: null,
        agreed_minor: null,
        recovered_minor: 0,
        settlement: null,
        opened_at: now,
        updated_at: now,
      })
      .execute();
    await addLinks(trx, actor.tenantId, matterId, links);
    await recordChange(deps, trx, actor, {
      type: 'matter.opened',
      subject: { type: 'matter', id: matterId },
      payload: {
        number,
        title: input.title,
        counterparty: cp.key,
        agreement: agreement.id,
        version: agreement.version,
        clause,
        links,
      },
    });
    return matterId;
  });
  return matterView(deps, actor, id);
}
