import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { shiftDays } from '../../domain/contract/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { UNIT_NOT_FOUND, visibleUnits } from '../unit/index.ts';
import { type ContractView, loadVisibleContract, toContractViews } from './contract-view.ts';

/** How long before a contract's end its renewal offer goes out. */
export const RENEWAL_NOTICE_DAYS = 30;

export interface SellContractInput {
  serial: string;
  /** The agreement (a service contract or extended warranty, usually `sold_per_unit`) it attaches. */
  agreement: string;
  startsOn: string;
  endsOn: string;
  price: string;
  currency: string;
  serviceLevel?: string | undefined;
  incidents?: number | undefined;
}

export interface NewContract {
  unitId: string;
  serial: string;
  agreement: string;
  plan: string | null;
  startsOn: string;
  endsOn: string;
  priceMinor: number;
  currency: string;
  serviceLevel: string | null;
  channel: 'agent' | 'distributor' | 'portal';
  soldByPartyId: string;
  incidents: number | null;
}

/** Writes a contract sold to a unit and its evidence entry, in the caller's transaction. */
export async function writeContract(deps: AppDeps, trx: Tx, actor: Actor, c: NewContract): Promise<string> {
  const contractId = deps.newId();
  const number = await nextNumber(trx, actor.tenantId, 'contract', 'SC');
  await trx
    .insertInto('unit_contracts')
    .values({
      tenant_id: actor.tenantId,
      contract_id: contractId,
      number,
      unit_id: c.unitId,
      agreement_key: c.agreement,
      plan_key: c.plan,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      price_minor: c.priceMinor,
      currency: c.currency,
      service_level: c.serviceLevel,
      channel: c.channel,
      sold_by_party_id: c.soldByPartyId,
      incidents_allowed: c.incidents,
      state: 'active',
      cancelled_on: null,
      refund_minor: null,
      remind_at: new Date(`${shiftDays(c.endsOn, -RENEWAL_NOTICE_DAYS)}T00:00:00Z`),
      reminded_at: null,
      created_at: deps.now(),
    })
    .execute();
  await recordChange(deps, trx, actor, {
    type: 'contract.sold',
    subject: { type: 'unit', id: c.unitId },
    payload: {
      contract: number,
      serial: c.serial,
      agreement: c.agreement,
      plan: c.plan,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      priceMinor: c.priceMinor,
      currency: c.currency,
      serviceLevel: c.serviceLevel,
      channel: c.channel,
      incidents: c.incidents,
    },
  });
  return contractId;
}

/** The unit by serial as the actor sees it, with its owner and seller. */
export async function unitForSale(deps: AppDeps, actor: Actor, serial: string) {
  const unit = await visibleUnits(deps.db, actor)
    .select([
      'units.unit_id',
      'units.serial',
      'units.owner_party_id',
      'units.seller_party_id',
      'units.product_id',
    ])
    .where('units.serial', '=', serial.trim())
    .executeTakeFirst();
  if (!unit) throw notFound(UNIT_NOT_FOUND);
  return unit;
}

/** Who sells: the brand's agent, or the distributor that sold the unit. Anyone else may not. */
export function saleChannel(actor: Actor, sellerPartyId: string | null): 'agent' | 'distributor' {
  if (visibilityOf(actor).kind === 'tenant' && actor.role !== 'counsel') return 'agent';
  if (actor.role === 'agent' && sellerPartyId === actor.partyId) return 'distributor';
  throw new AppError('forbidden');
}

/**
 * A service contract or extended warranty sold to one serial by the brand's agent or by the
 * distributor that sold the unit: its agreement, start, end, price and service level. The
 * entitlement decision reads it with the unit from then on (cover adds up, see decide.ts).
 */
export async function sellContract(
  deps: AppDeps,
  actor: Actor,
  input: SellContractInput,
): Promise<ContractView> {
  const unit = await unitForSale(deps, actor, input.serial);
  const channel = saleChannel(actor, unit.seller_party_id);
  if (input.endsOn < input.startsOn) {
    throw invalid([{ path: '/body/endsOn', message: 'the end is before the start' }]);
  }
  const agreement = await deps.db
    .selectFrom('agreement_versions')
    .select(['kind'])
    .where('tenant_id', '=', actor.tenantId)
    .where('agreement_key', '=', input.agreement)
    .executeTakeFirst();
  if (!agreement || !['warranty', 'service_contract'].includes(agreement.kind)) {
    throw invalid([
      {
        path: '/body/agreement',
        message: `no warranty or service contract "${input.agreement}" is imported`,
      },
    ]);
  }
  let priceMinor: number;
  try {
    priceMinor = toMinor(input.price, input.currency);
  } catch (error) {
    throw invalid([{ path: '/body/price', message: (error as Error).message }]);
  }
  if (priceMinor < 0) throw invalid([{ path: '/body/price', message: 'a price is not negative' }]);
  const id = await inTransaction(deps, (trx) =>
    writeContract(deps, trx, actor, {
      unitId: unit.unit_id,
      serial: unit.serial,
      agreement: input.agreement,
      plan: null,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      priceMinor,
      currency: input.currency,
      serviceLevel: input.serviceLevel ?? null,
      channel,
      soldByPartyId: actor.partyId,
      incidents: input.incidents ?? null,
    }),
  );
  const row = await loadVisibleContract(deps.db, actor, id);
  return (await toContractViews(deps.db, actor.tenantId, [row]))[0]!;
}
