import type { Actor } from '../../domain/access/index.ts';
import type { LocationKind } from '../../store/schema-operations.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { partyIdByKey } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { listStock, type StockLocationView } from './list-stock.ts';

/** A new stock location: who holds it (takes from it) and who owns the stock (admin, manager). */
export async function createLocation(
  deps: AppDeps,
  actor: Actor,
  input: {
    key: string;
    name: string;
    nameZh?: string | undefined;
    kind: LocationKind;
    holder: string;
    owner: string;
  },
): Promise<StockLocationView> {
  requireStaffWriter(actor);
  if (!['admin', 'manager'].includes(actor.role)) throw new AppError('forbidden');
  const holder = await partyIdByKey(deps.db, actor.tenantId, input.holder, '/body/holder');
  const owner = await partyIdByKey(deps.db, actor.tenantId, input.owner, '/body/owner');
  await inTransaction(deps, async (trx) => {
    const locationId = deps.newId();
    await trx
      .insertInto('stock_locations')
      .values({
        tenant_id: actor.tenantId,
        location_id: locationId,
        key: input.key,
        name: input.name,
        name_zh: input.nameZh ?? null,
        kind: input.kind,
        holder_party_id: holder,
        owner_party_id: owner,
        created_at: deps.now(),
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'stock.location_created',
      subject: { type: 'party', id: holder },
      payload: input,
    });
  }).catch((error: unknown) => {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('key_taken', {
        detail: { en: `A location "${input.key}" exists.`, zh: `库位 "${input.key}" 已存在。` },
      });
    }
    throw error;
  });
  return (await listStock(deps, actor, { location: input.key })).items[0]!;
}
