import type { Actor } from '../../domain/access/index.ts';
import { dueAt } from '../../domain/calendar/index.ts';
import type { Agreement } from '../../domain/terms/index.ts';
import { duration, fixedSeconds } from '../../domain/time/index.ts';
import { calendarFor, latestCalendarVersion, withCalendarYears } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { startDeadlineClock } from '../deadlines/index.ts';
import { enqueueNotification } from '../delivery/index.ts';
import type { Tx } from '../transaction.ts';
import { NO_REQUEST, notFoundUnless, seesCounterparty } from './support.ts';

/** What the supplier-request use cases share: the response clock from the agreement, the supplier's notification, a request read within the actor's tenant. */
/** When the supplier's answer to a message sent at `at` is due: its `support.response` on its calendar. */
export async function responseDue(deps: AppDeps, tenantId: string, agreement: Agreement, at: Date) {
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
export async function startResponseClock(
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

export async function notifySupplier(
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

export async function loadRequest(deps: AppDeps, actor: Actor, requestId: string) {
  const req = await deps.db
    .selectFrom('supplier_requests')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  notFoundUnless(req !== undefined && seesCounterparty(actor, req.supplier_party_id), NO_REQUEST);
  return req!;
}
