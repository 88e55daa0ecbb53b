import type { Actor } from '../../domain/access/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { stopDeadlineClock } from '../deadlines/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { loadRequest, notifySupplier, responseDue, startResponseClock } from './supplier-request-support.ts';
import { supplierRequestView } from './supplier-request-view.ts';
import { agreementVersion } from './support.ts';

/**
 * A message on a request. From the brand's staff: sent to the supplier, starting a new response
 * clock. From the supplier's own users: its answer, which answers every message still waiting and
 * stops their clocks (in time or late, recorded). Given the caller's transaction (`within`: a
 * supplier's answer arriving by e-mail), everything is read and written in it.
 */
export async function postSupplierRequestMessage(
  outer: AppDeps,
  actor: Actor,
  requestId: string,
  input: { body: string; attachments?: AttachmentInput[] | undefined },
  within?: Tx,
) {
  // Inside the caller's transaction every read goes through it (the embedded database has one connection).
  const deps = within ? { ...outer, db: within } : outer;
  const req = await loadRequest(deps, actor, requestId);
  const fromSupplier = actor.partyId === req.supplier_party_id;
  if (!fromSupplier) requireStaffWriter(actor);
  if (req.state === 'closed') throw new AppError('invalid_transition');
  const now = deps.now();
  const agreement = await agreementVersion(deps.db, actor.tenantId, req.agreement_id, req.agreement_version);
  const due0 = fromSupplier ? null : await responseDue(deps, actor.tenantId, agreement, now);
  await inTransaction(
    deps,
    async (trx) => {
      const messageId = deps.newId();
      // The files are in the blob store before the message that names them is committed.
      const files = await storeAttachments(
        deps,
        trx,
        actor.tenantId,
        input.attachments ?? [],
        '/body/attachments',
      );
      await trx
        .insertInto('supplier_request_messages')
        .values({
          tenant_id: actor.tenantId,
          message_id: messageId,
          request_id: req.request_id,
          direction: fromSupplier ? 'from_supplier' : 'to_supplier',
          author_user_id: actor.userId,
          body: input.body,
          blobs: files.map((f) => f.sha256),
          sent_at: now,
          answered_at: null,
        })
        .execute();
      let due: Awaited<ReturnType<typeof startResponseClock>> = null;
      const answered: string[] = [];
      if (fromSupplier) {
        const waiting = await trx
          .updateTable('supplier_request_messages')
          .set({ answered_at: now })
          .where('tenant_id', '=', actor.tenantId)
          .where('request_id', '=', req.request_id)
          .where('direction', '=', 'to_supplier')
          .where('answered_at', 'is', null)
          .returning('message_id')
          .execute();
        for (const w of waiting) {
          answered.push(w.message_id);
          await stopDeadlineClock(deps, trx, actor, {
            kind: 'supplier_response',
            subjectId: w.message_id,
            by: 'answered',
          });
        }
      } else {
        due = await startResponseClock(deps, trx, actor.tenantId, req, agreement, messageId, now, due0);
        await notifySupplier(
          deps,
          trx,
          actor.tenantId,
          req.supplier_party_id,
          req.number,
          req.subject,
          files.length > 0 ? `${input.body}\n\n(${files.map((f) => f.name).join(', ')})` : input.body,
        );
      }
      await trx
        .updateTable('supplier_requests')
        .set({ state: fromSupplier ? 'answered' : 'awaiting_supplier', updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('request_id', '=', req.request_id)
        .execute();
      await recordChange(deps, trx, actor, {
        blobs: files.map((f) => f.sha256),
        type: 'supplier_request.message',
        subject: { type: 'supplier_request', id: req.request_id },
        payload: {
          number: req.number,
          messageId,
          direction: fromSupplier ? 'from_supplier' : 'to_supplier',
          body: input.body,
          attachments: files,
          answers: answered,
          responseDueAt: due?.dueAt.toISOString() ?? null,
          ref: due?.ref ?? null,
        },
      });
    },
    within,
  );
  return supplierRequestView(deps, actor, req.request_id);
}
