import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { AppError } from '../errors.ts';

/**
 * The gate of paid work: when a case has a quote that holds the work (the terms put its cost on
 * the customer), the work may go on only once a quote of that case is accepted. A case without
 * such a quote is not held (covered work, or work priced after the fact).
 */
export async function requireQuoteAccepted(
  db: Kysely<Database>,
  tenantId: string,
  caseId: string,
): Promise<void> {
  const quotes = await db
    .selectFrom('quotes')
    .select(['state', 'blocks_work'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .execute();
  const held = quotes.some((q) => q.blocks_work);
  if (held && !quotes.some((q) => q.state === 'accepted')) throw new AppError('quote_not_accepted');
}
