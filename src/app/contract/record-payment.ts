import type { Actor } from '../../domain/access/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type InvoiceView, loadVisibleInvoice, toInvoiceViews } from './invoice-view.ts';
import { tenantToday } from './support.ts';

export interface PaymentInput {
  kind: 'payment' | 'refund';
  amount: string;
  /** How it was paid: bank transfer, WeChat Pay, Alipay, cash… as the payer's statement says. */
  method: string;
  /** The payment's own reference (bank or gateway transaction id): what ties this record to the money. */
  reference: string;
  receivedOn?: string | undefined;
}

/**
 * A payment or refund recorded against an invoice by its reference. No gateway is called: this is
 * where one would plug in (a gateway's webhook handler would call this use case with the
 * transaction id as `reference`). A refund cannot exceed what was paid; a payment may settle the
 * invoice (the statement then shows it settled).
 */
export async function recordPayment(
  deps: AppDeps,
  actor: Actor,
  invoiceId: string,
  input: PaymentInput,
): Promise<InvoiceView> {
  requireStaffWriter(actor);
  const inv = await loadVisibleInvoice(deps.db, actor, invoiceId);
  let amount: number;
  try {
    amount = toMinor(input.amount, inv.currency);
  } catch (error) {
    throw invalid([{ path: '/body/amount', message: (error as Error).message }]);
  }
  if (amount <= 0) throw invalid([{ path: '/body/amount', message: 'an amount is more than zero' }]);
  const paid = Number(inv.paid_minor);
  if (input.kind === 'refund' && amount > paid) {
    throw invalid([{ path: '/body/amount', message: 'a refund cannot exceed what was paid' }]);
  }
  const receivedOn = input.receivedOn ?? (await tenantToday(deps, actor.tenantId));
  await inTransaction(deps, async (trx) => {
    const next = input.kind === 'payment' ? paid + amount : paid - amount;
    const changed = await trx
      .updateTable('invoices')
      .set({ paid_minor: next })
      .where('tenant_id', '=', actor.tenantId)
      .where('invoice_id', '=', invoiceId)
      .where('paid_minor', '=', String(paid))
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new AppError('changed_meanwhile');
    await trx
      .insertInto('invoice_payments')
      .values({
        tenant_id: actor.tenantId,
        payment_id: deps.newId(),
        invoice_id: invoiceId,
        kind: input.kind,
        amount_minor: amount,
        method: input.method,
        reference: input.reference,
        received_on: receivedOn,
        created_at: deps.now(),
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: input.kind === 'payment' ? 'invoice.payment_recorded' : 'invoice.refund_recorded',
      subject: inv.case_id ? { type: 'case', id: inv.case_id } : { type: 'party', id: inv.customer_party_id },
      payload: {
        invoice: inv.number,
        amountMinor: amount,
        currency: inv.currency,
        method: input.method,
        reference: input.reference,
        receivedOn,
        paidMinor: next,
      },
    });
  });
  return (
    await toInvoiceViews(deps.db, actor.tenantId, [await loadVisibleInvoice(deps.db, actor, invoiceId)])
  )[0]!;
}
