import { sql } from 'kysely';
import type { Actor } from '../../domain/access/access.ts';
import { visibilityOf } from '../../domain/access/access.ts';
import { type CaseKind, planClocks, type Severity } from '../../domain/case/case.ts';
import { decideEntitlement, governingAgreement } from '../../domain/terms/decide.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChanges } from '../evidence/record-change.ts';
import { agreementsOfVersions } from '../terms/agreement-store.ts';
import { unitFactsOf } from '../terms/decide-entitlement.ts';
import { inTransaction } from '../transaction.ts';
import type { PartyRef } from '../unit/unit-view.ts';
import { type ClockRow, clockView, newClockRow } from './case-clocks.ts';
import type { CaseView } from './case-view.ts';
import { openingEscalations, weighOpeningTriggers } from './escalate-on-opening.ts';
import { loadOpeningFacts } from './opening-unit.ts';
import { type AttachmentInput, storeAttachments } from './store-attachments.ts';

export interface OpenCaseInput {
  kind: CaseKind;
  severity: Severity;
  /** The customer's party key; a customer opening a case is always its own customer. */
  customer?: string | undefined;
  /** The unit's serial; may be absent for an inquiry. */
  serial?: string | undefined;
  description: string;
  channel: string;
  /** What failed and why, when known: the entitlement is decided from it. */
  failure?: { partCategory: string; cause: string } | undefined;
  account?: { paymentOverdueDays?: number | undefined } | undefined;
  /** Someone could be hurt: the terms' safety rules apply. */
  safetyIssue?: boolean | undefined;
  /** What the customer threatens (`media`, `regulator`, `legal_action`). */
  threats?: string[] | undefined;
  /** Photos, invoices, letters: stored as blobs and named by the opening entry. */
  attachments?: AttachmentInput[] | undefined;
}

/**
 * Opens a case: loads the unit and every agreement version, decides the entitlement by the
 * versions in force at this moment, starts a clock for every target the customer-facing terms
 * promise, and writes the case, its clocks and the evidence entry in one transaction.
 */
export async function openCase(deps: AppDeps, actor: Actor, input: OpenCaseInput): Promise<CaseView> {
  const now = deps.now();
  const visibility = visibilityOf(actor);
  if (visibility.kind === 'party' && actor.role !== 'customer') throw new AppError('forbidden');
  if (actor.role === 'counsel') throw new AppError('forbidden');

  const opening = input.serial ? await loadOpeningFacts(deps.db, actor, input.serial) : undefined;
  const unit = opening?.unit;
  if (!unit && input.kind !== 'inquiry') {
    throw invalid([{ path: '/body/serial', message: `a ${input.kind} case needs the unit's serial` }]);
  }
  // The customer is most often the unit's owner, already read with the unit.
  let customer: PartyRef | undefined;
  const partyQuery = deps.db
    .selectFrom('parties')
    .select(['party_id as id', 'key', 'name'])
    .where('tenant_id', '=', actor.tenantId);
  if (visibility.kind === 'party') {
    customer =
      unit?.owner.id === visibility.partyId
        ? unit.owner
        : await partyQuery.where('party_id', '=', visibility.partyId).executeTakeFirstOrThrow();
  } else {
    const key = input.customer ?? unit?.owner.key;
    if (!key) throw invalid([{ path: '/body/customer', message: 'name the customer (a party key)' }]);
    customer =
      unit?.owner.key === key ? unit.owner : await partyQuery.where('key', '=', key).executeTakeFirst();
    if (!customer) throw invalid([{ path: '/body/customer', message: `no party with key "${key}"` }]);
  }
  const customerPartyId = customer.id;

  // The agreements matter only for a unit's case (no unit, no decision and no clocks).
  const agreements = opening
    ? await agreementsOfVersions(deps.db, actor.tenantId, opening.agreementVersionIds)
    : [];
  const facts = unit ? unitFactsOf(unit) : undefined;
  const reportedAt = now.toISOString();
  const decision =
    facts && input.failure
      ? decideEntitlement({
          agreements,
          unit: facts,
          failure: {
            reported_at: reportedAt,
            part_category: input.failure.partCategory,
            cause: input.failure.cause,
          },
          account: { payment_overdue_days: input.account?.paymentOverdueDays ?? 0 },
        })
      : null;
  const governing = facts ? governingAgreement(agreements, facts, reportedAt.slice(0, 10)) : undefined;
  const plans =
    governing && facts ? planClocks(governing, 'promise', { severity: input.severity, ...facts }) : [];

  const caseId = deps.newId();
  const start = Math.floor(now.getTime() / 1000);
  const triggers = governing
    ? await weighOpeningTriggers(
        deps,
        actor,
        governing,
        {
          kind: input.kind,
          unitId: unit?.id ?? null,
          product: unit?.product.id ?? null,
          unitSoldOn: unit?.soldOn ?? null,
        },
        { safetyIssue: input.safetyIssue ?? false, threats: input.threats ?? [] },
      )
    : [];
  const versions = new Map<string, Promise<number>>(
    [...(opening?.calendarVersions ?? [])].map(([key, version]) => [key, Promise.resolve(version)]),
  );
  const clocks = await Promise.all(
    plans.map((plan) => newClockRow(deps, actor.tenantId, caseId, plan, start, versions)),
  );

  // The escalations the rules raise, written in the opening statement; their messages name the
  // case by a mark the statement replaces with the number it takes.
  const escalations = governing
    ? openingEscalations(deps, actor, governing, { caseId, caseNumber: NUMBER_MARK }, triggers)
    : [];
  const withNumber = (text: string) => {
    const at = text.indexOf(NUMBER_MARK);
    if (at < 0) return text;
    return sql<string>`${text.slice(0, at)} || (SELECT number FROM opened) || ${text.slice(at + NUMBER_MARK.length)}`;
  };

  // The clocks' state now on their (cached) calendars: the case as written, without reading it back.
  const clockViews = await Promise.all(
    clocks.map((c) => clockView(deps.db, actor.tenantId, { ...c, pauses: [] } as ClockRow, start)),
  );
  const pendingOf = new Map(clockViews.map((v) => [v.id, v.deadlinePending]));
  clockViews.sort((x, y) => compareText(x.side, y.side) || compareText(x.target, y.target));

  const number = await inTransaction(deps, async (trx) => {
    // Files first: their bytes are written and synced before any per-tenant lock is taken.
    const files = await storeAttachments(
      deps,
      trx,
      actor.tenantId,
      input.attachments ?? [],
      '/body/attachments',
    );
    // One statement takes the case number (the first case of a tenant starts the counter, later
    // ones move it on), holding its row until commit, and writes the case, its clocks, its
    // escalations and their messages. The evidence entries follow, through the transaction.
    const base = trx
      .with('counter', (db) =>
        db
          .insertInto('case_counters')
          .values({ tenant_id: actor.tenantId, last: 1 })
          .onConflict((oc) =>
            oc.column('tenant_id').doUpdateSet((eb) => ({ last: eb('case_counters.last', '+', 1) })),
          )
          .returning('last'),
      )
      .with('opened', (db) =>
        db
          .insertInto('cases')
          .values({
            tenant_id: actor.tenantId,
            case_id: caseId,
            // C-000001: six digits at least.
            number: sql<string>`(SELECT 'C-' || CASE WHEN last < 1000000 THEN lpad(last::text, 6, '0') ELSE last::text END FROM counter)`,
            kind: input.kind,
            severity: input.severity,
            state: 'new',
            customer_party_id: customerPartyId,
            unit_id: unit?.id ?? null,
            description: input.description,
            channel: input.channel,
            site_not_accessible: false,
            safety_issue: input.safetyIssue ?? false,
            threats: input.threats ?? [],
            failure: input.failure ? JSON.stringify(input.failure) : null,
            assigned_user_id: null,
            service_party_id: null,
            decision: decision ? JSON.stringify(decision) : null,
            opened_at: now,
            opened_by_user_id: actor.userId,
            updated_at: now,
          })
          .returning('number'),
      );
    let statement = base;
    if (clocks.length > 0) {
      statement = statement.with('clocks', (db) =>
        db.insertInto('case_clocks').values(clocks),
      ) as unknown as typeof base;
    }
    if (escalations.length > 0) {
      statement = statement
        .with('escalations', (db) =>
          db
            .insertInto('escalations')
            .values(escalations.map((e) => e.row))
            .onConflict((oc) => oc.doNothing()),
        )
        .with('messages', (db) =>
          db.insertInto('outbox').values(
            escalations.map((e) => ({
              ...e.message,
              subject_en: withNumber(e.message.subject_en),
              subject_zh: withNumber(e.message.subject_zh),
            })),
          ),
        ) as unknown as typeof base;
    }
    const { number } = await statement.selectFrom('opened').select('opened.number').executeTakeFirstOrThrow();
    // The opening's entry, then each escalation's, in one write.
    await recordChanges(deps, trx, actor, [
      {
        type: 'case.opened',
        blobs: files.map((f) => f.sha256),
        subject: { type: 'case', id: caseId },
        payload: {
          number,
          kind: input.kind,
          severity: input.severity,
          serial: input.serial ?? null,
          description: input.description,
          channel: input.channel,
          failure: input.failure ?? null,
          attachments: files,
          decision: decision
            ? {
                covered: decision.covered,
                suspended: decision.suspended,
                remedy: decision.remedy,
                cites: decision.cites,
                rests_on: decision.rests_on,
              }
            : null,
          clocks: clocks.map((c) => ({
            side: c.side,
            target: c.target,
            duration: c.duration,
            ref: c.ref,
            agreement: `${c.agreement_id}@${c.agreement_version}`,
            calendar: c.calendar_key ? `${c.calendar_key}@${c.calendar_version}` : 'wall time',
            dueAt: c.due_at === null ? null : new Date(c.due_at * 1000).toISOString(),
            ...(pendingOf.get(c.clock_id) ? { deadlinePending: pendingOf.get(c.clock_id) } : {}),
          })),
        },
      },
      ...escalations.map((e) => e.change),
    ]);
    return number;
  });
  return {
    id: caseId,
    number,
    kind: input.kind,
    severity: input.severity,
    state: 'new',
    customer,
    unit: unit ? { id: unit.id, serial: unit.serial } : null,
    description: input.description,
    channel: input.channel,
    siteNotAccessible: false,
    assignedUserId: null,
    servicePartner: null,
    // As the jsonb column gives it back: what JSON keeps of the decision.
    decision: decision ? JSON.parse(JSON.stringify(decision)) : null,
    openedAt: now,
    updatedAt: now,
    clocks: clockViews,
  };
}

/** Where an escalation message names the case before its number is taken (a private-use character). */
const NUMBER_MARK = '\u{E000}';

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
