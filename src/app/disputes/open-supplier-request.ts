import type { Actor } from '../../domain/access/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { notifySupplier, responseDue, startResponseClock } from './supplier-request-support.ts';
import { supplierRequestView } from './supplier-request-view.ts';
import { partyUnderAgreement } from './support.ts';

export interface OpenSupplierRequestInput {
  supplier: string;
  agreement: string;
  caseId?: string | undefined;
  subject: string;
  body: string;
  attachments?: AttachmentInput[] | undefined;
}

/**
 * The brand (as buyer) asks a supplier for the support its supply agreement owes: the request, the
 * first message, and the supplier's response clock (`support.response`, e.g. Ningbo §9: P2D in
 * business time of cn-business), in one transaction with its evidence entries.
 */
export async function openSupplierRequest(deps: AppDeps, actor: Actor, input: OpenSupplierRequestInput) {
  requireStaffWriter(actor);
  const now = deps.now();
  const { party: supplier, agreement } = await partyUnderAgreement(deps.db, actor.tenantId, {
    party: input.supplier,
    partyPath: '/body/supplier',
    agreement: input.agreement,
    at: now,
    mustBeParty: false,
  });
  if (agreement.kind !== 'supply' || agreement.provider !== supplier.key) {
    throw invalid([
      {
        path: '/body/agreement',
        message: `"${agreement.id}" is not a supply agreement of ${supplier.key} (kind ${agreement.kind}, provider ${agreement.provider})`,
      },
    ]);
  }
  if (input.caseId) {
    const c = await deps.db
      .selectFrom('cases')
      .select('case_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', input.caseId)
      .executeTakeFirst();
    if (!c) throw invalid([{ path: '/body/caseId', message: 'no such case' }]);
  }
  const due0 = await responseDue(deps, actor.tenantId, agreement, now);
  const id = await inTransaction(deps, async (trx) => {
    const requestId = deps.newId();
    const messageId = deps.newId();
    const number = await nextNumber(trx, actor.tenantId, 'supplier_request', 'SR');
    const files = await storeAttachments(
      deps,
      trx,
      actor.tenantId,
      input.attachments ?? [],
      '/body/attachments',
    );
    const row = {
      tenant_id: actor.tenantId,
      request_id: requestId,
      number,
      supplier_party_id: supplier.party_id,
      agreement_id: agreement.id,
      agreement_version: agreement.version,
      case_id: input.caseId ?? null,
      subject: input.subject,
      state: 'awaiting_supplier' as const,
      opened_by: actor.userId,
      opened_at: now,
      updated_at: now,
    };
    await trx.insertInto('supplier_requests').values(row).execute();
    await trx
      .insertInto('supplier_request_messages')
      .values({
        tenant_id: actor.tenantId,
        message_id: messageId,
        request_id: requestId,
        direction: 'to_supplier',
        author_user_id: actor.userId,
        body: input.body,
        blobs: files.map((f) => f.sha256),
        sent_at: now,
        answered_at: null,
      })
      .execute();
    const due = await startResponseClock(deps, trx, actor.tenantId, row, agreement, messageId, now, due0);
    await recordChange(deps, trx, actor, {
      blobs: files.map((f) => f.sha256),
      type: 'supplier_request.opened',
      subject: { type: 'supplier_request', id: requestId },
      payload: {
        number,
        supplier: supplier.key,
        agreement: agreement.id,
        version: agreement.version,
        caseId: input.caseId ?? null,
        subject: input.subject,
        messageId,
        body: input.body,
        attachments: files,
        responseDueAt: due?.dueAt.toISOString() ?? null,
        ref: due?.ref ?? null,
      },
    });
    await notifySupplier(deps, trx, actor.tenantId, supplier.party_id, number, input.subject, input.body);
    return requestId;
  });
  return supplierRequestView(deps, actor, id);
}
