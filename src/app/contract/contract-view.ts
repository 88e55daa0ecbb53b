import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { CONTRACT_STATE_LABELS, SALE_CHANNEL_LABELS } from '../../domain/contract/index.ts';
import type { Label } from '../../domain/label.ts';
import type { ContractTables, Database } from '../../store/schema.ts';
import { notFound } from '../errors.ts';
import { CONTRACT_NOT_FOUND, day, money } from './support.ts';

export type ContractRow = Selectable<ContractTables['unit_contracts']>;

export interface ContractView {
  id: string;
  number: string;
  serial: string;
  unitId: string;
  agreement: { id: string; title: string | null };
  plan: string | null;
  startsOn: string;
  endsOn: string;
  price: string;
  currency: string;
  serviceLevel: string | null;
  channel: string;
  channelName: Label;
  state: string;
  stateName: Label;
  incidents: { allowed: number | null; used: number };
  cancelledOn: string | null;
  refund: string | null;
}

/**
 * The contracts the actor may see: the brand's staff all; anyone else those on the units it owns,
 * sold, or services (the units it sees), so a second customer finds nothing of the first's.
 */
export function visibleContracts(db: Kysely<Database>, actor: Actor) {
  let q = db
    .selectFrom('unit_contracts')
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'unit_contracts.tenant_id')
        .onRef('units.unit_id', '=', 'unit_contracts.unit_id'),
    )
    .where('unit_contracts.tenant_id', '=', actor.tenantId);
  const v = visibilityOf(actor);
  if (v.kind === 'party') {
    q = q.where((eb) =>
      eb.or([
        eb('units.owner_party_id', '=', v.partyId),
        eb('units.seller_party_id', '=', v.partyId),
        eb('units.service_party_id', '=', v.partyId),
      ]),
    );
  }
  return q;
}

export async function loadVisibleContract(db: Kysely<Database>, actor: Actor, contractId: string) {
  const row = await visibleContracts(db, actor)
    .selectAll('unit_contracts')
    .select('units.serial')
    .where('unit_contracts.contract_id', '=', contractId)
    .executeTakeFirst();
  if (!row) throw notFound(CONTRACT_NOT_FOUND);
  return row;
}

export async function toContractViews(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly (ContractRow & { serial: string })[],
): Promise<ContractView[]> {
  const keys = [...new Set(rows.map((r) => r.agreement_key))];
  const titles = new Map<string, string>();
  if (keys.length > 0) {
    const found = await db
      .selectFrom('agreement_versions')
      .select(['agreement_key', 'title', 'version'])
      .where('tenant_id', '=', tenantId)
      .where('agreement_key', 'in', keys)
      .orderBy('version')
      .execute();
    for (const f of found) titles.set(f.agreement_key, f.title);
  }
  return rows.map((r) => ({
    id: r.contract_id,
    number: r.number,
    serial: r.serial,
    unitId: r.unit_id,
    agreement: { id: r.agreement_key, title: titles.get(r.agreement_key) ?? null },
    plan: r.plan_key,
    startsOn: day(r.starts_on),
    endsOn: day(r.ends_on),
    price: money(r.price_minor, r.currency),
    currency: r.currency,
    serviceLevel: r.service_level,
    channel: r.channel,
    channelName: SALE_CHANNEL_LABELS[r.channel],
    state: r.state,
    stateName: CONTRACT_STATE_LABELS[r.state],
    incidents: { allowed: r.incidents_allowed, used: r.incidents_used },
    cancelledOn: r.cancelled_on ? day(r.cancelled_on) : null,
    refund: r.refund_minor === null ? null : money(r.refund_minor, r.currency),
  }));
}
