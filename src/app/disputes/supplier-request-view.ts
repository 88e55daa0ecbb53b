import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import { SUPPLIER_REQUEST_STATE_LABELS } from '../../domain/disputes/index.ts';
import type { AppDeps } from '../context.ts';
import { deadlineClockViews } from '../deadlines/index.ts';
import { requestFiles } from './supplier-request-files.ts';
import { loadRequest } from './supplier-request-support.ts';
import { partyById } from './support.ts';

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
  const files = await requestFiles(deps.db, actor.tenantId, req.request_id);
  const views = messages.map((m) => ({
    id: m.message_id,
    direction: m.direction,
    body: m.body,
    sentAt: m.sent_at.toISOString(),
    answeredAt: m.answered_at?.toISOString() ?? null,
    files: files.get(m.message_id) ?? [],
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
