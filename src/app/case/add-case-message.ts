import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals, visibilityOf } from '../../domain/access/index.ts';
import type { MessageVisibility } from '../../domain/case/index.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { saveClock } from './case-clocks.ts';
import { indexCaseMessage } from './case-search.ts';
import { type CaseView, loadVisibleCase, toCaseView } from './case-view.ts';

export interface CaseMessageInput {
  body: string;
  /** `internal` notes are shared with the partner, `brand` notes stay with the brand's staff; never the customer. */
  visibility: MessageVisibility;
  attachments?: AttachmentInput[] | undefined;
}

/**
 * A message on a case. From the customer it comes in; from the brand or a partner it goes out.
 * The first public reply from the service side meets the response clocks owed by the replier's
 * side (the brand's promise, or the assigned partner's commitment).
 */
export async function addCaseMessage(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: CaseMessageInput,
  within?: Tx,
): Promise<CaseView> {
  const current = await loadVisibleCase(within ?? deps.db, actor, caseId);
  if (actor.role === 'counsel') throw new AppError('forbidden');
  const fromCustomer = current.customer_party_id === actor.partyId && visibilityOf(actor).kind === 'party';
  if (fromCustomer && input.visibility !== 'public') {
    throw new AppError('invalid_input', {
      fields: [{ path: '/body/visibility', message: 'customers write public messages' }],
    });
  }
  if (input.visibility === 'brand' && !readsBrandInternals(actor)) {
    throw new AppError('invalid_input', {
      fields: [
        { path: '/body/visibility', message: "notes for the brand only are written by the brand's staff" },
      ],
    });
  }
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  await inTransaction(
    deps,
    async (trx) => {
      const files = await storeAttachments(
        deps,
        trx,
        actor.tenantId,
        input.attachments ?? [],
        '/body/attachments',
      );
      const entry = await recordChange(deps, trx, actor, {
        blobs: files.map((f) => f.sha256),
        type: fromCustomer
          ? 'case.message_received'
          : input.visibility === 'public'
            ? 'case.reply_sent'
            : 'case.note_added',
        subject: { type: 'case', id: caseId },
        payload: { body: input.body, visibility: input.visibility, attachments: files },
      });
      await trx
        .insertInto('case_messages')
        .values({
          tenant_id: actor.tenantId,
          case_id: caseId,
          message_id: deps.newId(),
          direction: fromCustomer ? 'in' : 'out',
          visibility: input.visibility,
          body: input.body,
          author_user_id: actor.userId,
          channel:
            actor.authenticatedBy === 'api_token'
              ? 'api'
              : actor.authenticatedBy === 'mail'
                ? 'email'
                : 'web',
          evidence_seq: entry.seq,
          created_at: now,
        })
        .execute();
      if (input.visibility === 'public') await indexCaseMessage(trx, actor.tenantId, caseId, input.body);
      // What "unread" on the lists compares with (migration 0031).
      if (fromCustomer || input.visibility === 'public') {
        await trx
          .updateTable('cases')
          .set(fromCustomer ? { last_customer_message_at: now } : { last_reply_at: now })
          .where('tenant_id', '=', actor.tenantId)
          .where('case_id', '=', caseId)
          .execute();
      }
      if (!fromCustomer && input.visibility === 'public') {
        // The reply goes out by e-mail to the customer, in their language, threaded on the case.
        const author = await trx
          .selectFrom('users')
          .select('name')
          .where('tenant_id', '=', actor.tenantId)
          .where('user_id', '=', actor.userId)
          .executeTakeFirst();
        await enqueueNotification(deps, trx, {
          tenantId: actor.tenantId,
          kind: 'case_reply',
          caseId,
          recipientPartyId: current.customer_party_id,
          recipientRole: 'customer',
          subject: { en: 'A reply from our service team', zh: '服务团队的回复' },
          payload: { body: input.body, authorName: author?.name ?? null, evidenceSeq: entry.seq },
        });
        const side = visibilityOf(actor).kind === 'tenant' ? 'promise' : 'commitment';
        const clocks = await trx
          .selectFrom('case_clocks')
          .selectAll()
          .where('tenant_id', '=', actor.tenantId)
          .where('case_id', '=', caseId)
          .where('target', '=', 'response')
          .where('stopped_at', 'is', null)
          .execute();
        // A partner's reply answers the customer too: it meets both its own commitment and the promise.
        for (const clock of clocks) {
          if (side === 'promise' && clock.side !== 'promise') continue;
          await saveClock(deps, trx, actor.tenantId, { ...clock, stopped_at: at }, at);
        }
      }
      if (current.state === 'new' && !fromCustomer) {
        await trx
          .updateTable('cases')
          .set({ state: 'in_progress', updated_at: now })
          .where('tenant_id', '=', actor.tenantId)
          .where('case_id', '=', caseId)
          .execute();
        // The move has its own entry naming the new state, so verification compares the case's
        // state with the last entry that set it, and the case's history shows the move.
        await recordChange(deps, trx, actor, {
          type: 'case.state_changed',
          subject: { type: 'case', id: caseId },
          payload: {
            from: 'new',
            to: 'in_progress',
            siteNotAccessible: current.site_not_accessible,
            reason: null,
            cause: 'first_reply',
          },
        });
      }
    },
    within,
  );
  return toCaseView(within ?? deps.db, actor, caseId, now);
}
