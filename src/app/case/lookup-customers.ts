import { type Expression, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';

export interface CustomerMatch {
  id: string;
  key: string;
  name: string;
  nameZh: string | null;
  email: string | null;
  phone: string | null;
  /** How many units the customer owns that the agent may open cases for. */
  units: number;
}

const LIMIT = 10;

/** Who takes requests in: agents, their managers and admins (the brand's, or a distributor's). */
export const INTAKE_ROLES: ReadonlySet<string> = new Set(['agent', 'manager', 'admin']);

/**
 * "New case": the customers whose name (English or Chinese), e-mail address or phone number starts
 * with what the agent typed, ten at most, each prefix read from its own index (migrations 0015
 * and 0025). The brand's staff find any customer; a distributor's staff the owners of units their
 * party sold. Customers, partners and technicians do not look customers up.
 */
export async function lookupCustomers(deps: AppDeps, actor: Actor, text: string): Promise<CustomerMatch[]> {
  const visibility = visibilityOf(actor);
  if (!INTAKE_ROLES.has(actor.role)) throw new AppError('forbidden');
  const typed = text.trim().toLowerCase();
  if (typed.length === 0) return [];
  const pattern = `${typed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const digits = typed.replace(/\D/g, '');
  const seller = visibility.kind === 'party' ? visibility.partyId : undefined;
  const rows = await deps.db
    .selectFrom('parties')
    .select(['party_id as id', 'key', 'name', 'name_zh as nameZh', 'email', 'phone'])
    .select((eb) => {
      let units = eb
        .selectFrom('units')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('units.tenant_id', '=', 'parties.tenant_id')
        .whereRef('units.owner_party_id', '=', 'parties.party_id');
      if (seller) units = units.where('units.seller_party_id', '=', seller);
      return units.as('units');
    })
    .where('tenant_id', '=', actor.tenantId)
    .where(sql<boolean>`'customer' = ANY (roles)`)
    .where((eb) => {
      const ors: Expression<SqlBool>[] = [
        sql<boolean>`lower(name) LIKE ${pattern}`,
        sql<boolean>`lower(name_zh) LIKE ${pattern}`,
        sql<boolean>`lower(email) LIKE ${pattern}`,
      ];
      // A phone number typed with spaces or dashes: its digits, from three on.
      if (digits.length >= 3)
        ors.push(sql<boolean>`regexp_replace(phone, '[^0-9]', '', 'g') LIKE ${`${digits}%`}`);
      return eb.or(ors);
    })
    .$if(seller !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('units')
            .select(sql.lit(1).as('one'))
            .whereRef('units.tenant_id', '=', 'parties.tenant_id')
            .whereRef('units.owner_party_id', '=', 'parties.party_id')
            .where('units.seller_party_id', '=', seller!),
        ),
      ),
    )
    .orderBy('name')
    .limit(LIMIT)
    .execute();
  return rows.map((r) => ({ ...r, units: Number(r.units) }));
}
