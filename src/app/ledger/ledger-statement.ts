import type { Actor } from '../../domain/access/index.ts';
import { buildStatement, type Statement } from '../../domain/ledger/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { toCostLineViews, toDomainLine } from './cost-line-view.ts';
import { isStaff, partyIdByKey } from './operations-support.ts';

/**
 * A party's statement for a period (dates inclusive, in the terms' time zone): what it bore, what
 * others owe it and what it owes, line by line. Staff may ask for any party; anyone else only for
 * their own.
 */
export async function ledgerStatement(
  deps: AppDeps,
  actor: Actor,
  input: { party: string; from: string; to: string },
): Promise<Statement> {
  if (input.from > input.to) throw invalid([{ path: '/query/from', message: 'from is after to' }]);
  // Another party's statement answers as if the party did not exist: 404, not 403.
  const noSuchParty = () =>
    new AppError('not_found', { detail: { en: 'No such party.', zh: '没有该参与方。' } });
  const partyId = await partyIdByKey(deps.db, actor.tenantId, input.party, '/query/party').catch(() => {
    throw noSuchParty();
  });
  if (!isStaff(actor) && partyId !== actor.partyId) throw noSuchParty();
  const rows = await deps.db
    .selectFrom('cost_lines')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('occurred_on', '>=', input.from)
    .where('occurred_on', '<=', input.to)
    .where((eb) => eb.or([eb('bearer_party_id', '=', partyId), eb('payee_party_id', '=', partyId)]))
    .execute();
  const views = await toCostLineViews(deps.db, actor.tenantId, rows);
  return buildStatement(views.map(toDomainLine), input.party, input.from, input.to);
}
