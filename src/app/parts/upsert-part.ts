import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { partyIdByKey } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { listCatalogue, type PartView } from './list-parts.ts';

export interface PartInput {
  partNumber: string;
  partCategory: string;
  name: string;
  nameZh?: string | undefined;
  unitCost: string;
  currency: string;
  supplier?: string | undefined;
  leadTimeDays?: number | undefined;
}

/** Adds a part to the catalogue or changes it (admin, manager). Cost changes apply to later reservations. */
export async function upsertPart(deps: AppDeps, actor: Actor, input: PartInput): Promise<PartView> {
  requireStaffWriter(actor);
  if (!['admin', 'manager'].includes(actor.role)) throw new AppError('forbidden');
  let unitCostMinor: number;
  try {
    unitCostMinor = toMinor(input.unitCost, input.currency);
  } catch (error) {
    throw invalid([{ path: '/body/unitCost', message: (error as Error).message }]);
  }
  const supplierId = input.supplier
    ? await partyIdByKey(deps.db, actor.tenantId, input.supplier, '/body/supplier')
    : null;
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const row = {
      tenant_id: actor.tenantId,
      part_number: input.partNumber,
      part_category: input.partCategory,
      name: input.name,
      name_zh: input.nameZh ?? null,
      unit_cost_minor: unitCostMinor,
      currency: input.currency,
      supplier_party_id: supplierId,
      lead_time_days: input.leadTimeDays ?? 14,
      created_at: now,
      updated_at: now,
    };
    await trx
      .insertInto('spare_parts')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'part_number']).doUpdateSet({
          part_category: row.part_category,
          name: row.name,
          name_zh: row.name_zh,
          unit_cost_minor: row.unit_cost_minor,
          currency: row.currency,
          supplier_party_id: row.supplier_party_id,
          lead_time_days: row.lead_time_days,
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'part.saved',
      subject: { type: 'tenant', id: actor.tenantId },
      payload: { ...input, unitCostMinor },
    });
  });
  return (await listCatalogue(deps, actor)).items.find((p) => p.partNumber === input.partNumber)!;
}
