import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals, visibilityOf } from '../../domain/access/index.ts';
import {
  type CaseKind,
  defaultLevelsAgreement,
  keptPromises,
  offeredPromises,
  type planClocks,
  planDefaultClocks,
  runsPromises,
  type Severity,
} from '../../domain/case/index.ts';
import {
  decideEntitlement,
  type EntitlementDecision,
  intakeDuty,
  levelsContracts,
  localDateIn,
} from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { checkFailure, type DecisionFacts, eventAt, loadDecisionFacts } from '../entitlement/index.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { type Change, recordChanges } from '../evidence/index.ts';
import { type AttachmentInput, type StoredAttachment, storeAttachments } from '../files/index.ts';
import { loadAgreements } from '../terms/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { type PartyRef, UNIT_NOT_FOUND, type UnitView } from '../unit/index.ts';
import { caseAttachments } from './case-attachments.ts';
import { type ClockRow, clockView, newClockRow } from './case-clocks.ts';
import { indexOpenedCase } from './case-search.ts';
import { type CaseView, decisionForReaders, earlierOpenCaseOfUnit, shownNumber } from './case-view.ts';
import { openingEscalations, weighOpeningTriggers } from './escalate-on-opening.ts';

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
 * Opens a case, in one transaction (the caller's, when given): loads the unit's decision facts,
 * checks the failure against its vocabularies, decides the entitlement by the versions in force
 * at this moment, starts a clock for every target the customer-facing terms promise, weighs the
 * escalation rules, and writes the case, its clocks, escalations and evidence entries.
 */
export async function openCase(
  deps: AppDeps,
  actor: Actor,
  input: OpenCaseInput,
  within?: Tx,
): Promise<CaseView> {
  mayOpenCases(actor);
  return inTransaction(
    deps,
    async (trx) => {
      // Every read and write on the transaction's connection (the embedded database has only one).
      const d: AppDeps = { ...deps, db: trx };
      const now = deps.now();
      const { facts, intake, customer, caseId, terms, clocks, clockViews, passedOver } = await planOpening(
        d,
        actor,
        input,
        now,
      );
      const triggers =
        terms?.governing && facts
          ? await weighOpeningTriggers(
              d,
              actor,
              terms.governing,
              {
                kind: input.kind,
                unitId: facts.unit.id,
                product: facts.unit.product.id,
                unitSoldOn: facts.unit.soldOn,
                customerPartyId: customer.id,
                sellerPartyId: facts.unit.seller?.id ?? null,
              },
              { safetyIssue: input.safetyIssue ?? false, threats: input.threats ?? [] },
            )
          : [];
      const escalations =
        terms?.governing && facts
          ? openingEscalations(d, actor, terms.governing, { caseId, caseNumber: NUMBER_MARK }, triggers)
          : [];
      const files = await storeAttachments(
        d,
        trx,
        actor.tenantId,
        input.attachments ?? [],
        '/body/attachments',
      );
      const { number, public_ref } = await writeCase(trx, actor, {
        caseId,
        input,
        now,
        customerPartyId: customer.id,
        unitId: facts?.unit.id ?? null,
        sellerPartyId: facts?.unit.seller?.id ?? null,
        decision: terms?.decision ?? null,
        clocks,
        escalations,
      });
      await indexOpenedCase(trx, actor.tenantId, caseId);
      const pendingOf = new Map(clockViews.map((v) => [v.id, v.deadlinePending]));
      await recordChanges(d, trx, actor, [
        openedEntry(
          caseId,
          number,
          input,
          files,
          terms?.decision ?? null,
          clocks,
          pendingOf,
          intake,
          passedOver,
        ),
        ...escalations.map((e) => e.change),
      ]);
      clockViews.sort((x, y) => compareText(x.side, y.side) || compareText(x.target, y.target));
      // The acknowledgement to the customer, with what was promised them.
      await enqueueNotification(d, trx, {
        tenantId: actor.tenantId,
        kind: 'case_opened',
        caseId,
        recipientPartyId: customer.id,
        recipientRole: 'customer',
        subject: { en: 'We have received your request', zh: '我们已受理您的服务请求' },
        payload: {
          caseKind: input.kind,
          promises: clockViews
            .filter((c) => c.side === 'promise' && c.dueAt)
            .map((c) => ({ target: c.target, dueAt: c.dueAt })),
        },
      });
      const attachments =
        files.length === 0
          ? []
          : await caseAttachments(trx, actor, {
              tenant_id: actor.tenantId,
              case_id: caseId,
              customer_party_id: customer.id,
              opened_at: now,
              opened_by_user_id: actor.userId,
            });
      return {
        id: caseId,
        number: shownNumber(actor, { number, public_ref }),
        ...(readsBrandInternals(actor) && { reference: public_ref }),
        kind: input.kind,
        severity: input.severity,
        state: 'new',
        customer,
        unit: facts ? { id: facts.unit.id, serial: facts.unit.serial } : null,
        description: input.description,
        channel: input.channel,
        siteNotAccessible: false,
        assignedUserId: null,
        servicePartner: null,
        // As the jsonb column gives it back: what JSON keeps of the decision.
        decision: terms?.decision
          ? decisionForReaders(JSON.parse(JSON.stringify(terms.decision)), actor)
          : null,
        openedAt: now,
        updatedAt: now,
        clocks: clockViews,
        attachments,
        possibleDuplicateOf: await earlierOpenCaseOfUnit(trx, actor, {
          case_id: caseId,
          unit_id: facts?.unit.id ?? null,
          state: 'new',
          opened_at: now,
          merged_into_case_id: null,
        }),
        mergedInto: null,
        outcome: null,
      } satisfies CaseView;
    },
    within,
  );
}

/**
 * What an opening decides before anything is written: the unit's facts, the distributor's duty,
 * the customer, the entitlement and the clocks with their deadlines (on the cached calendars).
 * The opening writes it; the preview (`previewOpening`) shows it to the agent before saving.
 */
export async function planOpening(d: AppDeps, actor: Actor, input: OpenCaseInput, now: Date) {
  const facts = input.serial ? await loadDecisionFacts(d.db, actor, { serial: input.serial }) : undefined;
  if (!facts && input.kind !== 'inquiry') {
    throw invalid([{ path: '/body/serial', message: `a ${input.kind} case needs the unit's serial` }]);
  }
  if (facts && input.failure) checkFailure(facts, input.failure, FAILURE_PATHS);
  const intake = distributorIntake(actor, facts, now);
  const customer = await customerOf(d.db, actor, input.customer, facts?.unit);
  const caseId = d.newId();
  const terms = facts
    ? decideOpening(facts, input, now)
    : await defaultLevels(d, actor.tenantId, input.severity, now);
  const start = Math.floor(now.getTime() / 1000);
  const offered = terms
    ? await startClocks(d, actor.tenantId, caseId, terms.plans, start, facts?.calendarVersions ?? new Map())
    : [];
  // Where a contract promises too, each clock kind keeps the promise due first (`keptPromises`).
  const kept = keptPromises(offered.map((row, i) => ({ plan: terms!.plans[i]!, dueAt: row.due_at, row })));
  const clocks = kept.map((k) => k.row);
  const passedOver = offered.filter((row) => !clocks.includes(row));
  // The clocks' state now on their (cached) calendars: the case as written, without reading it back.
  const clockViews = await Promise.all(
    clocks.map((c) => clockView(d.db, actor.tenantId, { ...c, pauses: [] } as ClockRow, start)),
  );
  return { facts, intake, customer, caseId, terms, start, clocks, clockViews, passedOver };
}

/**
 * A case without a unit (an inquiry by phone) is held to the tenant's default service levels: the
 * customer-facing agreement in force whose `service_levels` block says `default: true`. Its date
 * is read in the zone of that block's calendar (UTC when it names none).
 */
async function defaultLevels(d: AppDeps, tenantId: string, severity: Severity, now: Date) {
  const agreements = await loadAgreements(d.db, tenantId);
  const calendar = agreements
    .flatMap((a) => a.service_levels ?? [])
    .find((l) => l.default && l.calendar)?.calendar;
  const zone = calendar
    ? await d.db
        .selectFrom('calendar_versions')
        .select('timezone')
        .where('tenant_id', '=', tenantId)
        .where('calendar_key', '=', calendar)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  const governing = defaultLevelsAgreement(agreements, localDateIn(now, zone?.timezone ?? 'UTC'));
  if (!governing) return undefined;
  return { governing, decision: null, plans: planDefaultClocks(governing, severity) };
}

/**
 * Staff of the brand open cases for anyone; a customer opens its own; a distributor's staff open
 * them for the units it sold when its agreement makes it first-line support (checked with the
 * unit, `distributorIntake`); partners, technicians and counsel do not open cases.
 */
function mayOpenCases(actor: Actor): void {
  if (actor.role === 'counsel') throw new AppError('forbidden');
  if (visibilityOf(actor).kind === 'party' && !['customer', 'agent', 'manager', 'admin'].includes(actor.role))
    throw new AppError('forbidden');
}

/**
 * When a distributor's staff open a case: the unit must be one their party sold (else it is not
 * found, as any unit they cannot see), and their distribution agreement in force must make them
 * first-line support or customer contact; the clause is kept with the opening.
 */
function distributorIntake(actor: Actor, facts: DecisionFacts | undefined, now: Date) {
  if (visibilityOf(actor).kind !== 'party' || actor.role === 'customer') return null;
  if (!facts) {
    throw invalid([
      {
        path: '/body/serial',
        message: "a distributor opens cases for the units it sold: give the unit's serial",
      },
    ]);
  }
  const seller = facts.unit.seller;
  if (seller?.id !== actor.partyId) throw notFound(UNIT_NOT_FOUND);
  const duty = intakeDuty(facts.agreements, seller.key, eventAt(facts, now).date);
  if (!duty) {
    throw new AppError('forbidden', {
      detail: {
        en: `No agreement in force makes ${seller.name} first-line support or customer contact for its customers.`,
        zh: `没有生效的协议约定 ${seller.name} 为其客户提供一线支持或客户联络。`,
      },
    });
  }
  return duty;
}

/** The case's customer: a customer is always its own; staff name one, or it is the unit's owner. */
async function customerOf(
  db: Kysely<Database>,
  actor: Actor,
  named: string | undefined,
  unit: UnitView | undefined,
): Promise<PartyRef> {
  const visibility = visibilityOf(actor);
  const parties = db
    .selectFrom('parties')
    .select(['party_id as id', 'key', 'name'])
    .where('tenant_id', '=', actor.tenantId);
  if (visibility.kind === 'party') {
    // A distributor takes the request in for the unit's owner; a customer is its own customer.
    if (unit && (unit.owner.id === visibility.partyId || unit.seller?.id === visibility.partyId))
      return unit.owner;
    return await parties.where('party_id', '=', visibility.partyId).executeTakeFirstOrThrow();
  }
  const key = named ?? unit?.owner.key;
  if (!key) throw invalid([{ path: '/body/customer', message: 'name the customer (a party key)' }]);
  const customer =
    unit?.owner.key === key ? unit.owner : await parties.where('key', '=', key).executeTakeFirst();
  if (!customer) throw invalid([{ path: '/body/customer', message: `no party with key "${key}"` }]);
  return customer;
}

/** What the terms say at the opening: the governing agreement, the entitlement when a failure is named, the clocks to start. */
function decideOpening(facts: DecisionFacts, input: OpenCaseInput, now: Date) {
  const event = eventAt(facts, now);
  const decision = input.failure
    ? decideEntitlement({
        agreements: facts.agreements,
        unit: facts.facts,
        failure: {
          reported_at: event.reportedAt,
          part_category: input.failure.partCategory,
          cause: input.failure.cause,
        },
        account: { payment_overdue_days: input.account?.paymentOverdueDays ?? 0 },
      })
    : null;
  // The governing agreement's service levels, then those of every contract running on the event's
  // date (the owner's service contracts, the contracts and plans sold to the serial).
  const contracts = levelsContracts(facts.agreements, facts.facts, event.date).map((c) => c.agreement);
  const plans = runsPromises(input.kind)
    ? offeredPromises(event.governing, contracts, { severity: input.severity, ...facts.facts })
    : [];
  return { governing: event.governing, decision, plans };
}

function startClocks(
  deps: AppDeps,
  tenantId: string,
  caseId: string,
  plans: ReturnType<typeof planClocks>,
  start: number,
  calendarVersions: ReadonlyMap<string, number>,
) {
  const versions = new Map<string, Promise<number>>(
    [...calendarVersions].map(([key, version]) => [key, Promise.resolve(version)]),
  );
  return Promise.all(plans.map((plan) => newClockRow(deps, tenantId, caseId, plan, start, versions)));
}

type NewClock = Awaited<ReturnType<typeof newClockRow>>;

/**
 * One statement takes the case number from the tenant's sequence (migration 0045: no lock held
 * until commit, so openings of one tenant do not queue; a rolled-back opening leaves its number
 * unused) and writes the case, its clocks, its escalations and their messages, which name the
 * case by a mark the statement replaces with the number it takes.
 */
async function writeCase(
  trx: Tx,
  actor: Actor,
  c: {
    caseId: string;
    input: OpenCaseInput;
    now: Date;
    customerPartyId: string;
    unitId: string | null;
    sellerPartyId: string | null;
    decision: EntitlementDecision | null;
    clocks: NewClock[];
    escalations: ReturnType<typeof openingEscalations>;
  },
): Promise<{ number: string; public_ref: string }> {
  const { input, now } = c;
  const withNumber = (text: string) => {
    const at = text.indexOf(NUMBER_MARK);
    if (at < 0) return text;
    return sql<string>`${text.slice(0, at)} || (SELECT number FROM opened) || ${text.slice(at + NUMBER_MARK.length)}`;
  };
  const base = trx
    .with('counter', (db) =>
      db.selectNoFrom(sql<number>`servicebook_next_case_number(${actor.tenantId})`.as('last')),
    )
    .with('opened', (db) =>
      db
        .insertInto('cases')
        .values({
          tenant_id: actor.tenantId,
          case_id: c.caseId,
          // C-000001: six digits at least.
          number: sql<string>`(SELECT 'C-' || CASE WHEN last < 1000000 THEN lpad(last::text, 6, '0') ELSE last::text END FROM counter)`,
          kind: input.kind,
          severity: input.severity,
          state: 'new',
          customer_party_id: c.customerPartyId,
          unit_id: c.unitId,
          seller_party_id: c.sellerPartyId,
          description: input.description,
          channel: input.channel,
          site_not_accessible: false,
          safety_issue: input.safetyIssue ?? false,
          threats: input.threats ?? [],
          failure: input.failure ? JSON.stringify(input.failure) : null,
          assigned_user_id: null,
          service_party_id: null,
          decision: c.decision ? JSON.stringify(c.decision) : null,
          opened_at: now,
          opened_by_user_id: actor.userId,
          updated_at: now,
        })
        .returning(['number', 'public_ref']),
    );
  let statement = base;
  if (c.clocks.length > 0) {
    statement = statement.with('clocks', (db) =>
      db.insertInto('case_clocks').values(c.clocks),
    ) as unknown as typeof base;
  }
  if (c.escalations.length > 0) {
    statement = statement
      .with('escalations', (db) =>
        db
          .insertInto('escalations')
          .values(c.escalations.map((e) => e.row))
          .onConflict((oc) => oc.doNothing()),
      )
      .with('messages', (db) =>
        db.insertInto('outbox').values(
          c.escalations.map((e) => ({
            ...e.message,
            subject_en: withNumber(e.message.subject_en),
            subject_zh: withNumber(e.message.subject_zh),
          })),
        ),
      ) as unknown as typeof base;
  }
  return statement
    .selectFrom('opened')
    .select(['opened.number', 'opened.public_ref'])
    .executeTakeFirstOrThrow();
}

/** The opening's evidence entry: what was asked, what was decided, and every clock started. */
function openedEntry(
  caseId: string,
  number: string,
  input: OpenCaseInput,
  files: StoredAttachment[],
  decision: EntitlementDecision | null,
  clocks: NewClock[],
  pendingOf: Map<string, unknown>,
  intake: ReturnType<typeof distributorIntake>,
  passedOver: NewClock[],
): Change {
  return {
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
      ...(intake && { intake: { duty: intake.duty, agreement: intake.agreement, ref: intake.ref } }),
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
      // The promises another agreement made for the same clock kinds that fell due later (or tied
      // with the governing agreement's): the rule compared them, so the record says so.
      ...(passedOver.length > 0 && {
        promisesPassedOver: passedOver.map((c) => ({
          target: c.target,
          duration: c.duration,
          ref: c.ref,
          agreement: `${c.agreement_id}@${c.agreement_version}`,
          dueAt: c.due_at === null ? null : new Date(c.due_at * 1000).toISOString(),
        })),
        promiseRule: 'per clock kind, the promise due first; ties to the governing agreement',
      }),
    },
  };
}

const FAILURE_PATHS = { partCategory: '/body/failure/partCategory', cause: '/body/failure/cause' };

/** Where an escalation message names the case before its number is taken (a private-use character). */
const NUMBER_MARK = '\u{E000}';

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
