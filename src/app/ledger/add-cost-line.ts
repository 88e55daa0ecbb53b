import type { Actor } from '../../domain/access/index.ts';
import type { CostKind } from '../../domain/ledger/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { localDateIn as localDate } from '../../domain/terms/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type CostLineView, toCostLineViews } from './cost-line-view.ts';
import { partyIdByKey, writeCostLines } from './operations-support.ts';

export interface CostLineInput {
  caseId: string;
  kind: CostKind;
  amount: string;
  currency: string;
  bearer: string;
  payee?: string | undefined;
  ref?: string | undefined;
  description: string;
}

/**
 * A cost line entered by staff: shipping paid, goodwill granted, a correction. Goodwill needs no
 * clause; every other kind names the ref that assigns it to its bearer.
 */
export async function addCostLine(deps: AppDeps, actor: Actor, input: CostLineInput): Promise<CostLineView> {
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  requireStaffWriter(actor);
  const c = await loadVisibleCase(deps.db, actor, input.caseId);
  if (input.kind !== 'goodwill' && !input.ref?.trim()) {
    throw invalid([
      { path: '/body/ref', message: 'name the clause that assigns this cost (goodwill excepted)' },
    ]);
  }
  let amountMinor: number;
  try {
    amountMinor = toMinor(input.amount, input.currency);
  } catch (error) {
    throw invalid([{ path: '/body/amount', message: (error as Error).message }]);
  }
  const bearer = await partyIdByKey(deps.db, actor.tenantId, input.bearer, '/body/bearer');
  const payee = input.payee ? await partyIdByKey(deps.db, actor.tenantId, input.payee, '/body/payee') : null;
  const [id] = await inTransaction(deps, async (trx) => {
    const ids = await writeCostLines(deps, trx, actor, [
      {
        kind: input.kind,
        amountMinor,
        currency: input.currency,
        caseId: c.case_id,
        source: { type: 'manual', id: null },
        bearerPartyId: bearer,
        payeePartyId: payee,
        ref: input.ref ?? null,
        agreement: null,
        description: input.description,
        occurredOn: localDate(deps.now(), zone),
      },
    ]);
    await recordChange(deps, trx, actor, {
      type: 'cost.recorded',
      subject: { type: 'case', id: c.case_id },
      payload: { ...input, amountMinor },
    });
    return ids;
  });
  if (!id) throw invalid([{ path: '/body/amount', message: 'a cost line of zero records nothing' }]);
  const row = await deps.db
    .selectFrom('cost_lines')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('line_id', '=', id)
    .executeTakeFirstOrThrow();
  const [view] = await toCostLineViews(deps.db, actor.tenantId, [row]);
  return view!;
}
