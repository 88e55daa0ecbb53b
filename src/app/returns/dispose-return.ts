import type { Actor } from '../../domain/access/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { type Disposition, dispositionRef } from '../../domain/returns/index.ts';
import { localDateIn as localDate } from '../../domain/terms/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce, partyIdByKey, writeCostLines } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { replaceUnit } from '../unit/index.ts';
import { loadVisibleReturn, type ReturnView, toReturnView } from './return-view.ts';

export interface DispositionInput {
  disposition: Disposition;
  /** Refund or replacement value, as a decimal text ("2999.00") in the currency. */
  amount?: string | undefined;
  currency?: string | undefined;
  note?: string | undefined;
  /**
   * With `replace`: the serial of the new unit handed over. The exchange is made in the same
   * transaction — a 三包 replacement (new warranty) when the terms check gave the replacement,
   * otherwise an exchange after receipt (the warranty continues).
   */
  replacementSerial?: string | undefined;
}

/**
 * Decides what happens to the received goods: `repair`, `replace`, `refund` or `reject`, each with
 * the clause it rests on. A refund or replacement the terms grant is a cost line borne by the
 * warranty's provider and paid to the customer; one the terms do not grant is goodwill (with a note).
 */
export async function disposeReturn(
  deps: AppDeps,
  actor: Actor,
  returnId: string,
  input: DispositionInput,
): Promise<ReturnView> {
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  requireStaffWriter(actor);
  const row = await loadVisibleReturn(deps.db, actor, returnId);
  if (row.state !== 'received') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `Only a received return is disposed of; this one is ${row.state}.`,
        zh: '只有已收货的退货可以处置。',
      },
    });
  }
  const check = row.terms_check;
  const caseRow = await deps.db
    .selectFrom('cases')
    .select(['decision', 'number'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', row.case_id)
    .executeTakeFirstOrThrow();
  const decision = caseRow.decision;
  const granted =
    (input.disposition === 'refund' || input.disposition === 'replace') && check.remedy === input.disposition;
  const money = input.disposition === 'refund' || input.disposition === 'replace';
  if (money && !input.amount)
    throw invalid([{ path: '/body/amount', message: `a ${input.disposition} needs its amount` }]);
  if (money && !granted && !input.note?.trim()) {
    throw invalid([
      { path: '/body/note', message: `the terms did not grant a ${input.disposition}: say why (goodwill)` },
    ]);
  }
  if (input.replacementSerial && input.disposition !== 'replace')
    throw invalid([{ path: '/body/replacementSerial', message: 'only a replacement hands over a new unit' }]);
  const returned = input.replacementSerial
    ? await deps.db
        .selectFrom('units')
        .select('serial')
        .where('tenant_id', '=', actor.tenantId)
        .where('unit_id', '=', row.unit_id)
        .executeTakeFirstOrThrow()
    : null;
  const currency = input.currency ?? 'CNY';
  let amountMinor = 0;
  if (money) {
    try {
      amountMinor = toMinor(input.amount!, currency);
    } catch (error) {
      throw invalid([{ path: '/body/amount', message: (error as Error).message }]);
    }
  }
  const ref =
    granted || !money ? dispositionRef(input.disposition, check, decision?.cites?.[0] ?? null) : null;
  const now = deps.now();
  // Looked up before the transaction: PGlite has one connection, a query outside it would wait forever.
  const provider =
    money && check.agreement ? await providerOf(deps, actor.tenantId, check.agreement.id) : null;
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('returns')
      .set({
        state: 'closed',
        disposition: input.disposition,
        disposition_ref: ref,
        decision_note: input.note ?? row.decision_note,
        closed_at: now,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('return_id', '=', returnId)
      .where('state', '=', row.state)
      .execute()
      .then(changedOnce);
    if (money) {
      const bearer = provider ?? actor.partyId;
      await writeCostLines(deps, trx, actor, [
        {
          kind: granted ? (input.disposition === 'refund' ? 'refund' : 'replacement') : 'goodwill',
          amountMinor,
          currency,
          caseId: row.case_id,
          source: { type: 'return', id: returnId },
          bearerPartyId: bearer,
          payeePartyId: row.customer_party_id,
          ref,
          agreement: granted ? check.agreement : null,
          description: `${input.disposition === 'refund' ? 'Refund' : 'Replacement'} on return ${row.number}${granted ? '' : ' (goodwill)'}`,
          occurredOn: localDate(now, zone),
        },
      ]);
    }
    const replacement =
      input.replacementSerial && returned
        ? await replaceUnit(
            deps,
            actor,
            returned.serial,
            {
              newSerial: input.replacementSerial,
              kind: granted ? 'sanbao' : 'after_receipt',
              caseId: row.case_id,
            },
            trx,
          )
        : null;
    await recordChange(deps, trx, actor, {
      type: 'return.disposed',
      subject: { type: 'case', id: row.case_id },
      payload: {
        return: row.number,
        disposition: input.disposition,
        ref,
        granted,
        amount: money ? { minor: amountMinor, currency } : null,
        note: input.note ?? null,
        replacement: replacement
          ? { newSerial: replacement.newSerial, kind: replacement.kind, warranty: replacement.warranty }
          : null,
      },
    });
  });
  return toReturnView(deps.db, actor, returnId, now);
}

async function providerOf(deps: AppDeps, tenantId: string, agreementId: string): Promise<string | null> {
  const row = await deps.db
    .selectFrom('agreement_versions')
    .select('provider_key')
    .where('tenant_id', '=', tenantId)
    .where('agreement_key', '=', agreementId)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  return partyIdByKey(deps.db, tenantId, row.provider_key, '/agreement/provider').catch(() => null);
}
