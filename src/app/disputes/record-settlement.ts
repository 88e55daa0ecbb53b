import type { Actor } from '../../domain/access/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { writeCostLines } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { addLinks, linksOf, loadMatter } from './matter-support.ts';
import { matterView } from './matter-view.ts';
import { agreementVersion, homeParty } from './support.ts';

/**
 * A settlement: the amount agreed and its terms, booked on the ledger as a credit borne by the
 * counterparty and paid to the brand (on the matter's first case, citing the agreement's coverage
 * clause), the matter settled, in one transaction.
 */
export async function recordSettlement(
  deps: AppDeps,
  actor: Actor,
  matterId: string,
  input: { agreed: string; terms: string; signedOn: string },
) {
  requireStaffWriter(actor);
  const m = await loadMatter(deps, actor, matterId);
  if (m.stage === 'settled' || m.stage === 'closed') throw new AppError('invalid_transition');
  let agreed: number;
  try {
    agreed = toMinor(input.agreed, m.currency);
  } catch (error) {
    throw invalid([{ path: '/body/agreed', message: (error as Error).message }]);
  }
  const now = deps.now();
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const brand = await homeParty(deps.db, actor.tenantId);
  const supply = await agreementVersion(deps.db, actor.tenantId, m.agreement_id, m.agreement_version);
  const firstCase =
    (await linksOf(deps, actor.tenantId, matterId)).find((l) => l.link_type === 'case')?.link_id ?? null;
  const ref = supply.coverage?.ref ?? supply.disputes?.ref ?? null;
  await inTransaction(deps, async (trx) => {
    const ids = await writeCostLines(deps, trx, actor, [
      {
        kind: 'credit',
        amountMinor: agreed,
        currency: m.currency,
        caseId: firstCase,
        source: { type: 'matter', id: matterId },
        bearerPartyId: m.counterparty_party_id,
        payeePartyId: brand.party_id,
        ref,
        agreement: { id: supply.id, version: supply.version },
        description: `Settlement of ${m.number}: ${input.terms}`,
        occurredOn: localDateIn(now, zone),
      },
    ]);
    const settlement = { agreedMinor: agreed, terms: input.terms, signedOn: input.signedOn, lineIds: ids };
    await trx
      .updateTable('dispute_matters')
      .set({
        stage: 'settled',
        stage_since: now,
        deadlines: JSON.stringify([]),
        agreed_minor: agreed,
        recovered_minor: agreed,
        settlement: JSON.stringify(settlement),
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('matter_id', '=', matterId)
      .execute();
    await addLinks(
      trx,
      actor.tenantId,
      matterId,
      ids.map((id) => ['cost_line', id]),
    );
    await recordChange(deps, trx, actor, {
      type: 'matter.settled',
      subject: { type: 'matter', id: matterId },
      payload: { number: m.number, from: m.stage, ...settlement, ref, agreement: supply.id },
    });
  });
  return matterView(deps, actor, matterId);
}
