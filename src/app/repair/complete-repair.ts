import type { Actor } from '../../domain/access/index.ts';
import { repairCharges } from '../../domain/repair/index.ts';
import type { EntitlementDecision, ResolvedBearer } from '../../domain/terms/index.ts';
import { endOfDayIn, partnerAgreement } from '../../domain/terms/index.ts';
import { addToDate, duration } from '../../domain/time/index.ts';
import type { AppDeps } from '../context.ts';
import { startDeadlineClock } from '../deadlines/index.ts';
import { eventAt, loadDecisionFacts } from '../entitlement/index.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import {
  changedOnce,
  type NewCostLine,
  nextNumber,
  partyIdByKey,
  partyKeys,
  writeCostLines,
} from '../ledger/index.ts';
import { consumeStock } from '../parts/index.ts';
import { inTransaction } from '../transaction.ts';
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
  const decision = r.decision as EntitlementDecision | null;
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
  const keyIds = new Map<string, string>();
  const idOf = async (key: string | undefined): Promise<string | null> => {
    if (!key) return null;
    if (!keyIds.has(key)) keyIds.set(key, await partyIdByKey(deps.db, t, key, '/decision').catch(() => ''));
    return keyIds.get(key) || null;
  };
  const partsBearer = (await idOf(bearerKey(decision.payers.parts))) ?? caseRow.customer_party_id;
  const laborBearer = (await idOf(bearerKey(decision.payers.labor))) ?? caseRow.customer_party_id;
  const travelBearer = (await idOf(bearerKey(decision.payers.travel))) ?? caseRow.customer_party_id;
  const recovery = decision.recovery;
  const supplierId = recovery?.recoverable ? await idOf(recovery.supplier) : null;
  const km = visits.reduce((s, v) => s + v.distance_km, 0);
  // Resolved before the transaction (PGlite has one connection: no query outside it while it runs).
  const splitTravel = decision.payers.travel;
  const beyondId = typeof splitTravel === 'object' ? await idOf(splitTravel.beyond) : null;
  const providerId = typeof splitTravel === 'object' ? await idOf(splitTravel.bearer) : null;

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
    let recoveryLine: {
      amountMinor: number;
      currency: string;
      partNumber: string;
      serial: string | null;
      defectiveId: string | null;
    } | null = null;
    for (const line of lines) {
      const use = used.get(line.line_id);
      if (!use) {
        await releaseRepairLine(trx, t, line, now);
        continue;
      }
      await consumeStock(
        trx,
        { tenantId: t, locationId: line.location_id, partNumber: line.part_number },
        line.quantity,
      );
      await trx
        .updateTable('repair_parts')
        .set({
          state: 'consumed',
          settled_at: now,
          serial_out: use.serialOut ?? null,
          serial_in: use.serialIn ?? null,
        })
        .where('tenant_id', '=', t)
        .where('repair_id', '=', repairId)
        .where('line_id', '=', line.line_id)
        .execute();
      await trx
        .insertInto('stock_movements')
        .values({
          tenant_id: t,
          movement_id: deps.newId(),
          location_id: line.location_id,
          part_number: line.part_number,
          kind: 'consumption',
          quantity: -line.quantity,
          repair_id: repairId,
          transfer_id: null,
          note: r.number,
          occurred_at: now,
          user_id: actor.userId,
        })
        .execute();
      const catalogue = parts.find((p) => p.part_number === line.part_number)!;
      // The unit's parts list: the part of that number (or category) takes the new serial.
      const slot =
        unitParts.find(
          (u) =>
            u.part_number === line.part_number &&
            (!use.serialOut || u.serial === use.serialOut || u.serial === null),
        ) ?? unitParts.find((u) => u.part_category === catalogue.part_category);
      if (slot) {
        await trx
          .updateTable('unit_parts')
          .set({
            part_number: line.part_number,
            serial: use.serialIn ?? null,
            supplier_party_id: catalogue.supplier_party_id,
            delivered_on: null,
          })
          .where('tenant_id', '=', t)
          .where('unit_id', '=', r.unit_id)
          .where('position', '=', slot.position)
          .execute();
      } else {
        await trx
          .insertInto('unit_parts')
          .values({
            tenant_id: t,
            unit_id: r.unit_id,
            position: position++,
            part_number: line.part_number,
            part_category: catalogue.part_category,
            serial: use.serialIn ?? null,
            supplier_party_id: catalogue.supplier_party_id,
            delivered_on: null,
          })
          .execute();
      }
      await trx
        .insertInto('unit_part_changes')
        .values({
          tenant_id: t,
          change_id: deps.newId(),
          unit_id: r.unit_id,
          repair_id: repairId,
          part_category: catalogue.part_category,
          part_number: line.part_number,
          serial_out: use.serialOut ?? slot?.serial ?? null,
          serial_in: use.serialIn ?? null,
          changed_at: now,
        })
        .execute();
      const location = locations.find((l) => l.location_id === line.location_id)!;
      const amount = line.unit_cost_minor * line.quantity;
      cost.push(
        repairCost({
          kind: 'parts',
          amountMinor: amount,
          currency: line.currency,
          bearerPartyId: partsBearer,
          payeePartyId: location.owner_party_id,
          description: `${line.quantity} × ${line.part_number} on ${r.number}`,
        }),
      );
      // A part taken from a partner's stock goes back to the owner by the partner agreement's deadline.
      let defectiveId: string | null = null;
      const within = partner?.spare_parts?.defective_returns?.within;
      // Only a part replaced under the warranty is owed back; out of warranty the old part is the customer's.
      if (within && decision.covered && location.holder_party_id === r.service_party_id) {
        defectiveId = deps.newId();
        const home = locations.find(
          (l) => l.kind === 'warehouse' && l.owner_party_id === location.owner_party_id,
        );
        const row = {
          tenant_id: t,
          defective_id: defectiveId,
          repair_id: repairId,
          case_id: r.case_id,
          part_number: line.part_number,
          serial: use.serialOut ?? slot?.serial ?? null,
          holder_party_id: location.holder_party_id,
          to_location_id: home?.location_id ?? null,
          due_on: addToDate(today, duration(within)),
          agreement_id: partner!.id,
          ref: partner!.spare_parts?.defective_returns?.ref ?? partner!.spare_parts?.ref ?? null,
          state: 'pending' as const,
          carrier: null,
          waybill: null,
          shipped_at: null,
          received_at: null,
          created_at: now,
        };
        await trx.insertInto('defective_returns').values(row).execute();
        // The deadline is a clock: the partner holding the part must ship it by the end of the due day.
        await startDeadlineClock(deps, trx, t, {
          kind: 'defective_return',
          subjectId: defectiveId,
          caseId: r.case_id,
          label: line.part_number,
          partyId: row.holder_party_id,
          agreementId: row.agreement_id,
          ref: row.ref,
          startedAt: now,
          dueAt: endOfDayIn(row.due_on, event.zone),
        });
        defective.push({
          id: defectiveId,
          partNumber: row.part_number,
          serial: row.serial,
          dueOn: row.due_on,
          ref: row.ref,
        });
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
    const bearers = { labor: laborBearer, travel: travelBearer, travel_beyond: beyondId };
    const payees = { labor: r.service_party_id, travel: r.service_party_id, travel_beyond: providerId };
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
    await writeCostLines(deps, trx, t, cost);
    let recoveryNumber: string | null = null;
    if (recoveryLine && recovery && supplierId) {
      recoveryNumber = await nextNumber(trx, t, 'recovery', 'SR');
      await trx
        .insertInto('recovery_claims')
        .values({
          tenant_id: t,
          recovery_id: deps.newId(),
          number: recoveryNumber,
          case_id: r.case_id,
          repair_id: repairId,
          supplier_party_id: supplierId,
          agreement_id: recovery.agreement.id,
          agreement_version: recovery.agreement.version,
          cites: recovery.cites,
          part_number: recoveryLine.partNumber,
          serial: recoveryLine.serial,
          amount_minor: recoveryLine.amountMinor,
          currency: recoveryLine.currency,
          report_by: recovery.report_by,
          evidence: JSON.stringify({
            repair: r.number,
            diagnosis: { partCategory: r.part_category, cause: r.cause },
            failedPartSerial: recoveryLine.serial,
            defectiveReturn: recoveryLine.defectiveId,
            coverUntil: recovery.until,
          }),
          state: 'prepared',
          credited_minor: null,
          reference: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
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
