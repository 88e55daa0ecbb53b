import type { Kysely } from 'kysely';
import { formatMinor } from '../../domain/ledger/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';

export const CONTRACT_NOT_FOUND = { en: 'No such contract.', zh: '未找到该合同。' };
export const QUOTE_NOT_FOUND = { en: 'No such quote.', zh: '未找到该报价。' };
export const INVOICE_NOT_FOUND = { en: 'No such invoice.', zh: '未找到该发票。' };
export const PLAN_NOT_FOUND = { en: 'No such plan.', zh: '未找到该服务计划。' };

/** Today in the tenant's terms zone: the date contracts, quotes and invoices are dated by. */
export async function tenantToday(deps: AppDeps, tenantId: string): Promise<string> {
  return localDateIn(deps.now(), await tenantTermsZone(deps.db, tenantId));
}

export const money = (minor: string | number, currency: string) => formatMinor(Number(minor), currency);

export function day(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

export async function partyRef(db: Kysely<Database>, tenantId: string, partyId: string) {
  const p = await db
    .selectFrom('parties')
    .select(['party_id as id', 'key', 'name', 'name_zh'])
    .where('tenant_id', '=', tenantId)
    .where('party_id', '=', partyId)
    .executeTakeFirst();
  if (!p) throw notFound({ en: 'No such party.', zh: '未找到该方。' });
  return { id: p.id, key: p.key, name: p.name, nameZh: p.name_zh };
}
