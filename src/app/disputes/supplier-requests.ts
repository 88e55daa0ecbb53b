import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import { dueAt } from '../../domain/calendar/index.ts';
import { SUPPLIER_REQUEST_STATE_LABELS } from '../../domain/disputes/index.ts';
import type { Agreement } from '../../domain/terms/index.ts';
import { duration, fixedSeconds } from '../../domain/time/index.ts';
import { calendarFor, latestCalendarVersion, withCalendarYears } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { deadlineClockViews, startDeadlineClock, stopDeadlineClock } from '../deadlines/index.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import {
  agreementVersion,
  NO_REQUEST,
  notFoundUnless,
  partyById,
  partyUnderAgreement,
  requireStaffWriter,
  seesCounterparty,
} from './support.ts';

export interface OpenSupplierRequestInput {
  supplier: string;
  agreement: string;
  caseId?: string | undefined;
  subject: string;
  body: string;
}

/** When the supplier's answer to a message sent at `at` is due: its `support.response` on its calendar. */
async function responseDue(deps: AppDeps, tenantId: string, agreement: Agreement, at: Date) {
  const support = agreement.support;
  if (!support?.response) return null;
  const d = duration(support.response);
  const calendarKey = support.calendar ?? null;
  const business = support.clock !== 'calendar' && calendarKey !== null;
  const version = business ? await latestCalendarVersion(deps.db, tenantId, calendarKey) : null;
  const cal = await calendarFor(deps.db, tenantId, {
    clock_type: business ? 'business' : 'calendar',
    calendar_key: business ? calendarKey : null,
    calendar_version: version,
  });
  const seconds = business ? cal.businessSeconds(d) : fixedSeconds(d);
  const due = await withCalendarYears(async () => dueAt(cal, Math.floor(at.getTime() / 1000), seconds));
  return {
    dueAt: new Date(due * 1000),
    ref: support.ref ?? null,
    period: support.response,
    calendar: calendarKey,
  };
}

/** Starts the response clock computed before the transaction (the embedded database has one connection). */
async function startResponseClock(
  deps: AppDeps,
  trx: Tx,
  tenantId: string,
  request: { request_id: string; number: string; supplier_party_id: string; case_id: string | null },
  agreement: Agreement,
  messageId: string,
  at: Date,
  due: Awaited<ReturnType<typeof responseDue>>,
) {
  if (!due) return null;
  await startDeadlineClock(deps, trx, tenantId, {
    kind: 'supplier_response',
    subjectId: messageId,
    caseId: request.case_id,
    label: request.number,
    partyId: request.supplier_party_id,
    agreementId: agreement.id,
    ref: due.ref,
    startedAt: at,
    dueAt: due.dueAt,
  });
  return due;
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
        blobs: [],
        sent_at: now,
        answered_at: null,
      })
      .execute();
    const due = await startResponseClock(deps, trx, actor.tenantId, row, agreement, messageId, now, due0);
    await recordChange(deps, trx, actor, {
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
        responseDueAt: due?.dueAt.toISOString() ?? null,
        ref: due?.ref ?? null,
      },
    });
    await notifySupplier(deps, trx, actor.tenantId, supplier.party_id, number, input.subject, input.body);
    return requestId;
  });
  return supplierRequestView(deps, actor, id);
}

async function notifySupplier(
  deps: AppDeps,
  trx: Tx,
  tenantId: string,
  supplierPartyId: string,
  number: string,
  subject: string,
  body: string,
) {
  await enqueueNotification(deps, trx, {
    tenantId,
    kind: 'supplier_request',
    caseId: null,
    recipientPartyId: supplierPartyId,
    subject: { en: `Support request ${number}: ${subject}`, zh: `支持请求 ${number}：${subject}` },
    payload: { number, linesEn: [body], linesZh: [body] },
  });
}

/**
 * A message on a request. From the brand's staff: sent to the supplier, starting a new response
 * clock. From the supplier's own users: its answer, which answers every message still waiting and
 * stops their clocks (in time or late, recorded).
 */
export async function postSupplierRequestMessage(
  deps: AppDeps,
  actor: Actor,
  requestId: string,
  input: { body: string },
) {
  const req = await loadRequest(deps, actor, requestId);
  const fromSupplier = actor.partyId === req.supplier_party_id;
  if (!fromSupplier) requireStaffWriter(actor);
  if (req.state === 'closed') throw new AppError('invalid_transition');
  const now = deps.now();
  const agreement = await agreementVersion(deps.db, actor.tenantId, req.agreement_id, req.agreement_version);
  const due0 = fromSupplier ? null : await responseDue(deps, actor.tenantId, agreement, now);
  await inTransaction(deps, async (trx) => {
    const messageId = deps.newId();
    await trx
      .insertInto('supplier_request_messages')
      .values({
        tenant_id: actor.tenantId,
        message_id: messageId,
        request_id: req.request_id,
        direction: fromSupplier ? 'from_supplier' : 'to_supplier',
        author_user_id: actor.userId,
        body: input.body,
        blobs: [],
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
        input.body,
      );
    }
    await trx
      .updateTable('supplier_requests')
      .set({ state: fromSupplier ? 'answered' : 'awaiting_supplier', updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('request_id', '=', req.request_id)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'supplier_request.message',
      subject: { type: 'supplier_request', id: req.request_id },
      payload: {
        number: req.number,
        messageId,
        direction: fromSupplier ? 'from_supplier' : 'to_supplier',
        body: input.body,
        answers: answered,
        responseDueAt: due?.dueAt.toISOString() ?? null,
        ref: due?.ref ?? null,
      },
    });
  });
  return supplierRequestView(deps, actor, req.request_id);
}

async function loadRequest(deps: AppDeps, actor: Actor, requestId: string) {
  const req = await deps.db
    .selectFrom('supplier_requests')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  notFoundUnless(req !== undefined && seesCounterparty(actor, req.supplier_party_id), NO_REQUEST);
  return req!;
}

/** A request with its messages, each outbound message's response clock, and the responses missed. */
export async function supplierRequestView(deps: AppDeps, actor: Actor, requestId: string) {
  const req = await loadRequest(deps, actor, requestId);
  const messages = await deps.db
    .selectFrom('supplier_request_messages')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('request_id', '=', requestId)
    .orderBy('sent_at')
    .orderBy('message_id')
    .execute();
  const clocks = await deadlineClockViews(
    deps.db,
    actor.tenantId,
    'supplier_response',
    messages.map((m) => m.message_id),
    deps.now(),
  );
  const supplier = await partyById(deps.db, actor.tenantId, req.supplier_party_id);
  const views = messages.map((m) => ({
    id: m.message_id,
    direction: m.direction,
    body: m.body,
    sentAt: m.sent_at.toISOString(),
    answeredAt: m.answered_at?.toISOString() ?? null,
    responseClock: (() => {
      const c = clocks.get(m.message_id);
      return c
        ? {
            status: c.status,
            dueAt: c.dueAt.toISOString(),
            breachedAt: c.breachedAt?.toISOString() ?? null,
            late: c.late,
            ref: c.ref,
          }
        : null;
    })(),
  }));
  return {
    id: req.request_id,
    number: req.number,
    subject: req.subject,
    state: req.state,
    stateName: SUPPLIER_REQUEST_STATE_LABELS[req.state],
    supplier: { id: supplier.party_id, key: supplier.key, name: supplier.name },
    agreement: { id: req.agreement_id, version: req.agreement_version },
    caseId: readsBrandInternals(actor) ? req.case_id : null,
    openedAt: req.opened_at.toISOString(),
    messages: views,
    missedResponses: views.filter(
      (v) => v.responseClock?.status === 'breached' || v.responseClock?.late === true,
    ).length,
  };
}

/** Requests the caller may see: the brand's staff all; a supplier's users those addressed to it. */
export async function listSupplierRequests(deps: AppDeps, actor: Actor) {
  let q = deps.db
    .selectFrom('supplier_requests')
    .select('request_id')
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('opened_at', 'desc')
    .limit(200);
  if (!readsBrandInternals(actor)) q = q.where('supplier_party_id', '=', actor.partyId);
  const rows = await q.execute();
  return { items: await Promise.all(rows.map((r) => supplierRequestView(deps, actor, r.request_id))) };
}
