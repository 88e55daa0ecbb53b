import type { Actor } from '../../domain/access/index.ts';
import {
  type DisputeClause,
  MATTER_STAGE_LABELS,
  type RecoveryClaim,
  stagesAfter,
} from '../../domain/disputes/index.ts';
import type { AppDeps } from '../context.ts';
import { type LinkType, linksOf, loadMatter, money } from './matter-support.ts';
import { partyById } from './support.ts';

export async function matterView(deps: AppDeps, actor: Actor, matterId: string) {
  const m = await loadMatter(deps, actor, matterId);
  const cp = await partyById(deps.db, actor.tenantId, m.counterparty_party_id);
  const links = await linksOf(deps, actor.tenantId, matterId);
  const ids = (t: LinkType) => links.filter((l) => l.link_type === t).map((l) => l.link_id);
  return {
    id: m.matter_id,
    number: m.number,
    title: m.title,
    counterparty: { id: cp.party_id, key: cp.key, name: cp.name },
    agreement: { id: m.agreement_id, version: m.agreement_version },
    clause: m.clause as DisputeClause,
    stage: m.stage,
    stageName: MATTER_STAGE_LABELS[m.stage],
    stageSince: m.stage_since.toISOString(),
    nextStages: [...stagesAfter(m.stage)],
    deadlines: m.deadlines as unknown[],
    claimed: money(m.claimed_minor, m.currency),
    claim: m.claim as RecoveryClaim | null,
    offered: money(m.offered_minor, m.currency),
    agreed: money(m.agreed_minor, m.currency),
    recovered: money(m.recovered_minor, m.currency),
    settlement: m.settlement as Record<string, unknown> | null,
    caseIds: ids('case'),
    noticeIds: ids('notice'),
    requestIds: ids('supplier_request'),
    costLineIds: ids('cost_line'),
    openedAt: m.opened_at.toISOString(),
  };
}
