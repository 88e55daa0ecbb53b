import type { Actor } from '../../domain/access/index.ts';
import { repairCharges } from '../../domain/repair/index.ts';
import type { EntitlementDecision, ResolvedBearer } from '../../domain/terms/index.ts';
import { partnerAgreement } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { countIncident, requireQuoteAccepted } from '../contract/index.ts';
import { eventAt, loadDecisionFacts } from '../entitlement/index.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce, type NewCostLine, partyIdByKey, partyKeys, writeCostLines } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { consumeRepairLine } from './consume-repair-line.ts';
import { fitPart } from './fit-part.ts';
import { oweDefectiveReturn } from './owe-defective-return.ts';
import { prepareSupplierRecovery, type RecoverablePart } from './prepare-supplier-recovery.ts';
import {
  loadOpenRepairToChange,
  loadRepairWork,
  type RepairView,
  releaseRepairLine,
  toRepairView,
} from './repair-view.ts';

export interface CompletionInput {
  result: 'fixed' | 'not_fixed' | 'replaced_unit';
  note?: string | undefined;
  /** The reserved lines used, with the serial taken out and the serial put in; lines not named are released. */
  parts: { lineId: string; serialOut?: string | undefined; serialIn?: string | undefined }[];
}

const bearerKey = (b: ResolvedBearer | undefined): string | undefined =>
  typeof b === 'string' ? b : b?.bearer;

/**
 * Completes a repair in one transaction: the parts used leave stock (the rest are released), the
 * unit's parts list takes the new serials, each change is kept, parts taken out of a partner's
 * stock are owed back as defective returns by the partner agreement's deadline, the parts cost is
 * booked to the bearer the entitlement names, and, where the supplier's agreement covers the failed
 * part, a recovery claim is prepared. Labor and travel of a covered repair are booked when the
 * partner's claim is decided; an uncovered repair books them to the customer at the partner's rates.
 */
export async function completeRepair(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  input: CompletionInput,
): Promise<RepairView> {
  const r = await loadOpenRepairToChange(deps.db, actor, repairId);
  // Paid work waits for the customer's acceptance of its quote (issue 18).
  await requireQuoteAccepted(deps.db, actor.tenantId, r.case_id);
  const decision = r.decision;
  if (!decision || !r.part_category) {
    throw invalid([
      { path: '/body', message: 'diagnose the repair first: its costs follow the entitlement decision' },
    ]);
  }
  const t = actor.tenantId;
  const { parts: partLines, labor, visits } = await loadRepairWork(deps.db, t, repairId);
  const lines = partLines.filter((l) => l.state === 'reserved');
  for (const [i, p] of input.parts.entries()) {
    if (!lines.some((l) => l.line_id === p.lineId)) {
      throw invalid([{ path: `/body/parts/${i}/lineId`, message: 'not a reserved line of this repair' }]);
    }
  }
  const now = deps.now();
  const facts = await loadDecisionFacts(deps.db, actor, { unitId: r.unit_id }, 'authorized');
  const event = eventAt(facts, now);
  const today = event.date;
  const agreements = facts.agreements;
  const locations = await deps.db
    .selectFrom('stock_locations')
    .selectAll()
    .where('tenant_id', '=', t)
    .execute();
  const parts = await deps.db.selectFrom('spare_parts').selectAll().where('tenant_id', '=', t).execute();
  const unitParts = await deps.db
    .selectFrom('unit_parts')
    .selectAll()
    .where('tenant_id', '=', t)
    .where('unit_id', '=', r.unit_id)
    .execute();
  const caseRow = await deps.db
    .selectFrom('cases')
    .select(['customer_party_id'])
    .where('tenant_id', '=', t)
    .where('case_id', '=', r.case_id)
    .executeTakeFirstOrThrow();
  const serviceKey = (await partyKeys(deps.db, t, [r.service_party_id])).get(r.service_party_id ?? '')?.key;
  const partner = serviceKey ? partnerAgreement(agreements, serviceKey, today) : undefined;
  // Resolved before the transaction (PGlite has one connection: no query outside it while it runs).
  const who = await whoBearsWhat(deps, t, decision, caseRow.customer_party_id);
  const recovery = decision.recovery;
  const km = visits.reduce((s, v) => s + v.distance_km, 0);

  await inTransaction(deps, async (trx) => {
    // Taken first: a second completion of the same repair waits here, then finds it completed.
    await trx
      .updateTable('repairs')
      .set({ updated_at: now })
      .where('tenant_id', '=', t)
      .where('repair_id', '=', repairId)
      .where('state', '=', 'open')
      .execute()
      .then(changedOnce);
    const used = new Map(input.parts.map((p) => [p.lineId, p]));
    const cost: NewCostLine[] = [];
    const repairCost = (
      line: Pick<
        NewCostLine,
        'kind' | 'amountMinor' | 'currency' | 'bearerPartyId' | 'payeePartyId' | 'description'
      > & {
        ref?: string | null;
      },
    ): NewCostLine => ({
      ref: decision.cites[0] ?? null,
      ...line,
      caseId: r.case_id,
      source: { type: 'repair', id: repairId },
      agreement: decision.agreement,
      occurredOn: today,
    });
    const defective: unknown[] = [];
    let position = Math.max(-1, ...unitParts.map((u) => u.position)) + 1;
    let recoveryLine: RecoverablePart | null = null;
    for (const line of lines) {
      const use = used.get(line.line_id);
      if (!use) {
        await releaseRepairLine(trx, t, line, now);
        continue;
      }
      await consumeRepairLine(deps, trx, actor, r, line, use, now);
      const catalogue = parts.find((p) => p.part_number === line.part_number)!;
      const slot = await fitPart(deps, trx, { tenantId: t, unitId: r.unit_id, repairId, now }, unitParts, {
        partNumber: line.part_number,
        partCategory: catalogue.part_category,
        supplierPartyId: catalogue.supplier_party_id,
        use,
        nextPosition: () => position++,
      });
      const location = locations.find((l) => l.location_id === line.location_id)!;
      const amount = line.unit_cost_minor * line.quantity;
      cost.push(
        repairCost({
          kind: 'parts',
          amountMinor: amount,
          currency: line.currency,
          bearerPartyId: who.parts,
          payeePartyId: location.owner_party_id,
          description: `${line.quantity} × ${line.part_number} on ${r.number}`,
        }),
      );
      // A part taken from a partner's stock goes back to the owner by the partner agreement's deadline.
      let defectiveId: string | null = null;
      const within = partner?.spare_parts?.defective_returns?.within;
      // Only a part replaced under the warranty is owed back; out of warranty the old part is the customer's.
      if (within && decision.covered && location.holder_party_id === r.service_party_id) {
        const owed = await oweDefectiveReturn(deps, trx, {
          tenantId: t,
          repair: r,
          partner: partner!,
          within,
          today,
          zone: event.zone,
          now,
          partNumber: line.part_number,
          serial: use.serialOut ?? slot?.serial ?? null,
          holder: location,
          home: locations.find((l) => l.kind === 'warehouse' && l.owner_party_id === location.owner_party_id),
        });
        defectiveId = owed.id;
        defective.push(owed);
      }
      if (catalogue.part_category === r.part_category && recovery?.recoverable && !recoveryLine) {
        recoveryLine = {
          amountMinor: amount,
          currency: line.currency,
          partNumber: line.part_number,
          serial: use.serialOut ?? slot?.serial ?? null,
          defectiveId,
        };
      }
    }
    const bearers = { labor: who.labor, travel: who.travel, travel_beyond: who.travelBeyond };
    const payees = {
      labor: r.service_party_id,
      travel: r.service_party_id,
      travel_beyond: who.travelProvider,
    };
    const laborMinutes = labor.reduce((s, l) => s + l.actual_minutes, 0);
    for (const charge of repairCharges(decision, partner, { laborMinutes, km })) {
      const bearerPartyId = bearers[charge.bearer];
      // An uncovered repair's labor and travel are paid to the partner that did it: none without one.
      if (!bearerPartyId || (charge.bearer !== 'travel_beyond' && !r.service_party_id)) continue;
      cost.push(
        repairCost({
          kind: charge.kind,
          amountMinor: charge.amountMinor,
          currency: charge.currency,
          bearerPartyId,
          payeePartyId: payees[charge.bearer],
          ref: charge.ref,
          description: `${charge.what} on ${r.number}`,
        }),
      );
    }
    await writeCostLines(deps, trx, actor, cost);
    let recoveryNumber: string | null = null;
    if (recoveryLine && recovery && who.supplier) {
      recoveryNumber = await prepareSupplierRecovery(
        deps,
        trx,
        t,
        r,
        recovery,
        who.supplier,
        recoveryLine,
        now,
      );
    }
    await trx
      .updateTable('repairs')
      .set({
        state: 'completed',
        result: input.result,
        result_note: input.note ?? null,
        completed_at: now,
        updated_at: now,
      })
      .where('tenant_id', '=', t)
      .where('repair_id', '=', repairId)
      .execute();
    // A repair under a plan that counts incidents uses one of them.
    if (input.result !== 'not_fixed') await countIncident(deps, trx, actor, r.unit_id, decision);
    await recordChange(deps, trx, actor, {
      type: 'repair.completed',
      subject: { type: 'case', id: r.case_id },
      payload: {
        repair: r.number,
        result: input.result,
        note: input.note ?? null,
        parts: input.parts,
        costs: cost.map((c) => ({
          kind: c.kind,
          amountMinor: c.amountMinor,
          currency: c.currency,
          ref: c.ref,
        })),
        defectiveReturns: defective,
        recovery: recoveryNumber,
        recoverable: recovery?.recoverable ?? false,
        recoveryCites: recovery?.cites ?? [],
      },
    });
  });
  return toRepairView(deps.db, actor, repairId);
}

/**
 * The parties the entitlement names as bearers, by id: of the parts, labor and travel (the
 * customer where the decision names none), of travel beyond the free distance and who provides
 * it, and the supplier a recoverable part is claimed from.
 */
async function whoBearsWhat(
  deps: AppDeps,
  tenantId: string,
  decision: EntitlementDecision,
  customerPartyId: string,
) {
  const ids = new Map<string, string>();
  const idOf = async (key: string | undefined): Promise<string | null> => {
    if (!key) return null;
    if (!ids.has(key)) ids.set(key, await partyIdByKey(deps.db, tenantId, key, '/decision').catch(() => ''));
    return ids.get(key) || null;
  };
  const travel = decision.payers.travel;
  return {
    parts: (await idOf(bearerKey(decision.payers.parts))) ?? customerPartyId,
    labor: (await idOf(bearerKey(decision.payers.labor))) ?? customerPartyId,
    travel: (await idOf(bearerKey(travel))) ?? customerPartyId,
    travelBeyond: typeof travel === 'object' ? await idOf(travel.beyond) : null,
    travelProvider: typeof travel === 'object' ? await idOf(travel.bearer) : null,
    supplier: decision.recovery?.recoverable ? await idOf(decision.recovery.supplier) : null,
  };
}
