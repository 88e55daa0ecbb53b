import type { Actor } from '../../domain/access/index.ts';
import type { Label } from '../../domain/label.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import {
  contractsOnExchange,
  type ReplacementKind,
  type ReplacementWarranty,
  replacementWarranty,
} from '../../domain/unit/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction, readerOf, type Tx } from '../transaction.ts';
import { UNIT_NOT_FOUND, visibleUnits } from './unit-view.ts';

export interface ReplacementInput {
  /** The new unit's serial. */
  newSerial: string;
  kind: ReplacementKind;
  /** The case the exchange belongs to (a 三包 replacement: its return's case). */
  caseId?: string | undefined;
  /** The day of the exchange (default today in the tenant's zone); not in the future. */
  replacedOn?: string | undefined;
  /** The new unit's shipment to the customer. */
  carrier?: string | undefined;
  waybill?: string | undefined;
}

export interface ReplacementView extends ReplacementWarranty {
  oldSerial: string;
  newSerial: string;
  newUnitId: string;
  kind: ReplacementKind;
  replacedOn: string;
  caseId: string | null;
  /** The old unit's contracts and plans, each moved to the new unit or left, and why. */
  contracts: { number: string; agreement: string; endsOn: string; moved: boolean; because: Label }[];
}

/**
 * Exchanges a unit for a new one (issue 18): the new unit is created with the old one's product,
 * owner, seller, service partner, territory and site, and the warranty the exchange gives it
 * (`replacementWarranty`: a 三包 replacement starts anew on the exchange day, any other exchange
 * keeps the old dates); the two are linked both ways (`unit_replacements`), the shipment recorded,
 * the exchange recorded as evidence on the old unit with the rule that set the dates. A 三包
 * replacement is only made from a checked fact: a return of this unit whose terms check gave a
 * replacement (409 `replacement_not_granted` otherwise). The brand's staff only.
 */
export async function replaceUnit(
  deps: AppDeps,
  actor: Actor,
  oldSerial: string,
  input: ReplacementInput,
  within?: Tx,
): Promise<ReplacementView> {
  requireStaffWriter(actor);
  const db = readerOf(deps, within);
  const old = await visibleUnits(db, actor).selectAll().where('serial', '=', oldSerial).executeTakeFirst();
  if (!old) throw new AppError('not_found', { detail: UNIT_NOT_FOUND });
  const zone = await tenantTermsZone(db, actor.tenantId);
  const today = localDateIn(deps.now(), zone);
  const replacedOn = input.replacedOn ?? today;
  if (replacedOn > today) throw invalid([{ path: '/body/replacedOn', message: 'must not be in the future' }]);
  const taken = await db
    .selectFrom('units')
    .select('unit_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('serial', '=', input.newSerial)
    .executeTakeFirst();
  if (taken)
    throw new AppError('serial_taken', {
      fields: [{ path: '/body/newSerial', message: `a unit with serial ${input.newSerial} exists` }],
    });
  const before = await db
    .selectFrom('unit_replacements')
    .select('new_unit_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('old_unit_id', '=', old.unit_id)
    .executeTakeFirst();
  if (before) throw new AppError('already_replaced');

  let returnsRef: string | null = null;
  let caseId = input.caseId ?? null;
  if (input.kind === 'sanbao') {
    // The fact a 三包 replacement rests on: the terms check of a return of this very unit.
    const granted = await db
      .selectFrom('returns')
      .select(['case_id', 'terms_check', 'number'])
      .where('tenant_id', '=', actor.tenantId)
      .where('unit_id', '=', old.unit_id)
      .where('state', 'in', ['approved', 'shipped', 'received', 'closed'])
      .where(({ eb, ref }) => eb(ref('terms_check', '->>').key('remedy'), '=', 'replace'))
      .orderBy('requested_at', 'desc')
      .executeTakeFirst();
    if (!granted) throw new AppError('replacement_not_granted');
    returnsRef = granted.terms_check.cites[0] ?? null;
    caseId ??= granted.case_id;
  }
  if (caseId) {
    const kase = await db
      .selectFrom('cases')
      .select('unit_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!kase || kase.unit_id !== old.unit_id)
      throw invalid([{ path: '/body/caseId', message: 'no case of this unit with this id' }]);
  }
  const rule = replacementWarranty(
    input.kind,
    { soldOn: old.sold_on, deliveredOn: old.delivered_on, installedOn: old.installed_on },
    replacedOn,
    returnsRef,
  );
  const newUnitId = deps.newId();
  const now = deps.now();
  const contracts = await inTransaction(
    deps,
    async (trx) => {
      await trx
        .insertInto('units')
        .values({
          tenant_id: actor.tenantId,
          unit_id: newUnitId,
          serial: input.newSerial,
          product_id: old.product_id,
          owner_party_id: old.owner_party_id,
          seller_party_id: old.seller_party_id,
          service_party_id: old.service_party_id,
          territory: old.territory,
          sold_on: rule.dates.soldOn,
          delivered_on: rule.dates.deliveredOn,
          installed_on: rule.dates.installedOn,
          site_id: old.site_id,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('unit_replacements')
        .values({
          tenant_id: actor.tenantId,
          old_unit_id: old.unit_id,
          new_unit_id: newUnitId,
          kind: input.kind,
          warranty: rule.warranty,
          case_id: caseId,
          replaced_on: replacedOn,
          carrier: input.carrier ?? null,
          waybill: input.waybill ?? null,
          created_at: now,
        })
        .execute();
      await recordChange(deps, trx, actor, {
        type: 'unit.replaced',
        subject: { type: 'unit', id: old.unit_id },
        payload: {
          oldSerial,
          newSerial: input.newSerial,
          newUnitId,
          kind: input.kind,
          warranty: rule.warranty,
          dates: rule.dates,
          because: rule.because,
          ref: rule.ref,
          caseId,
          replacedOn,
          shipment: input.waybill ? { carrier: input.carrier ?? null, waybill: input.waybill } : null,
        },
      });
      return moveContracts(deps, trx, actor, {
        oldUnitId: old.unit_id,
        newUnitId,
        oldSerial,
        newSerial: input.newSerial,
        replacedOn,
      });
    },
    within,
  );
  return {
    ...rule,
    oldSerial,
    newSerial: input.newSerial,
    newUnitId,
    kind: input.kind,
    replacedOn,
    caseId,
    contracts,
  };
}

/**
 * Moves the old unit's running contracts to the new unit (`contractsOnExchange`), in the exchange's
 * transaction: the rows are locked, moved as they are (number, dates, price, incidents used), and
 * each move is an evidence entry on the new unit naming both serials; cancelled and ended ones stay.
 */
async function moveContracts(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  x: { oldUnitId: string; newUnitId: string; oldSerial: string; newSerial: string; replacedOn: string },
): Promise<ReplacementView['contracts']> {
  const held = await trx
    .selectFrom('unit_contracts')
    .select(['contract_id', 'number', 'agreement_key', 'state', 'starts_on', 'ends_on'])
    .where('tenant_id', '=', actor.tenantId)
    .where('unit_id', '=', x.oldUnitId)
    .orderBy('starts_on')
    .orderBy('number')
    .forUpdate()
    .execute();
  const decided = contractsOnExchange(
    held.map((c) => ({ ...c, startsOn: c.starts_on, endsOn: c.ends_on })),
    x.replacedOn,
  );
  const moving = decided.filter((d) => d.moves).map((d) => d.contract.contract_id);
  if (moving.length > 0) {
    await trx
      .updateTable('unit_contracts')
      .set({ unit_id: x.newUnitId })
      .where('tenant_id', '=', actor.tenantId)
      .where('contract_id', 'in', moving)
      .execute();
  }
  for (const d of decided.filter((d) => d.moves)) {
    await recordChange(deps, trx, actor, {
      type: 'contract.moved',
      subject: { type: 'unit', id: x.newUnitId },
      payload: {
        contract: d.contract.number,
        agreement: d.contract.agreement_key,
        from: { unitId: x.oldUnitId, serial: x.oldSerial },
        to: { unitId: x.newUnitId, serial: x.newSerial },
        startsOn: d.contract.startsOn,
        endsOn: d.contract.endsOn,
        replacedOn: x.replacedOn,
        because: d.because,
      },
    });
  }
  return decided.map((d) => ({
    number: d.contract.number,
    agreement: d.contract.agreement_key,
    endsOn: d.contract.endsOn,
    moved: d.moves,
    because: d.because,
  }));
}
