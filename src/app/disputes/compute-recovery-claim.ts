import type { Actor } from '../../domain/access/index.ts';
import { recoveryClaim } from '../../domain/disputes/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { addLinks, linksOf, loadMatter } from './matter-support.ts';
import { matterView } from './matter-view.ts';
import { agreementVersion, homeParty } from './support.ts';

/**
 * The recovery claim from the ledger: the parts, labour and travel the brand bore on the matter's
 * cases, each line with its basis in the supply agreement; the amount claimed becomes the total.
 */
export async function computeRecoveryClaim(deps: AppDeps, actor: Actor, matterId: string) {
  requireStaffWriter(actor);
  const m = await loadMatter(deps, actor, matterId);
  const brand = await homeParty(deps.db, actor.tenantId);
  const caseIds = (await linksOf(deps, actor.tenantId, matterId))
    .filter((l) => l.link_type === 'case')
    .map((l) => l.link_id);
  const lines =
    caseIds.length === 0
      ? []
      : await deps.db
          .selectFrom('cost_lines')
          .innerJoin('cases', (j) =>
            j
              .onRef('cases.tenant_id', '=', 'cost_lines.tenant_id')
              .onRef('cases.case_id', '=', 'cost_lines.case_id'),
          )
          .select([
            'cost_lines.line_id',
            'cost_lines.kind',
            'cost_lines.amount_minor',
            'cost_lines.currency',
            'cost_lines.description',
            'cases.number',
          ])
          .where('cost_lines.tenant_id', '=', actor.tenantId)
          .where('cost_lines.case_id', 'in', caseIds)
          .where('cost_lines.bearer_party_id', '=', brand.party_id)
          .orderBy('cases.number')
          .orderBy('cost_lines.created_at')
          .execute();
  const supply = await agreementVersion(deps.db, actor.tenantId, m.agreement_id, m.agreement_version);
  const claim = recoveryClaim(
    supply,
    lines.map((l) => ({
      lineId: l.line_id,
      caseNumber: l.number,
      kind: l.kind,
      amountMinor: Number(l.amount_minor),
      currency: l.currency,
      description: l.description,
    })),
  );
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('dispute_matters')
      .set({ claimed_minor: claim.totalMinor, claim: JSON.stringify(claim), updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('matter_id', '=', matterId)
      .execute();
    await addLinks(
      trx,
      actor.tenantId,
      matterId,
      claim.lines.map((l) => ['cost_line', l.lineId]),
    );
    await recordChange(deps, trx, actor, {
      type: 'matter.claim_computed',
      subject: { type: 'matter', id: matterId },
      payload: { number: m.number, claim },
    });
  });
  return matterView(deps, actor, matterId);
}
