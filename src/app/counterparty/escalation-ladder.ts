import type { Actor } from '../../domain/access/index.ts';
import {
  COUNTERPARTY_SIDE_LABELS,
  LADDER_LEVEL_LABELS,
  LADDER_LEVELS,
  type LadderContact,
  type LadderLevel,
  ladderStanding,
  ladderTriggers,
} from '../../domain/counterparty/index.ts';
import type { AppDeps } from '../context.ts';
import { type Counterparty, counterpartyByKey } from './support.ts';

/** The contacts of a counterparty's ladder, in the order they were given (one indexed read by its key). */
export async function ladderContacts(
  deps: AppDeps,
  tenantId: string,
  partyId: string,
): Promise<LadderContact[]> {
  const rows = await deps.db
    .selectFrom('escalation_contacts')
    .select(['level', 'name', 'title', 'email', 'phone', 'languages'])
    .where('tenant_id', '=', tenantId)
    .where('party_id', '=', partyId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ ...r, languages: r.languages ?? [] }));
}

function ladderOf(cp: Counterparty, contacts: LadderContact[]) {
  const triggers = ladderTriggers(cp.agreement, cp.side);
  return {
    party: cp.view,
    side: cp.side,
    sideName: COUNTERPARTY_SIDE_LABELS[cp.side],
    agreement: { id: cp.agreement.id, version: cp.agreement.version, title: cp.agreement.title },
    levels: LADDER_LEVELS.map((level) => ({
      level,
      levelName: LADDER_LEVEL_LABELS[level],
      contacts: contacts.filter((c) => c.level === level),
      trigger: triggers.find((t) => t.level === level)!,
    })),
    triggers,
  };
}

/** GET /counterparties/:party/escalation-ladder: who is contacted at each level, and when the terms let it begin. */
export async function escalationLadderView(deps: AppDeps, actor: Actor, partyKey: string) {
  const cp = await counterpartyByKey(deps, actor, partyKey);
  const contacts = await ladderContacts(deps, actor.tenantId, cp.party.party_id);
  const { triggers: _t, ...view } = ladderOf(cp, contacts);
  return view;
}

/**
 * GET /counterparties/:party/escalation-standing: the level reached and whether the next may begin
 * now, from the record. Each count is one indexed read bounded by the counterparty:
 * supplier_requests_by_supplier, deadline_clocks_by_party (missed responses), case_clocks_missed_by
 * and case_clocks_commitments_by (a partner's), notices_by_party, dispute_matters_by_counterparty.
 */
export async function escalationStanding(deps: AppDeps, actor: Actor, partyKey: string) {
  const cp = await counterpartyByKey(deps, actor, partyKey);
  const db = deps.db;
  const t = actor.tenantId;
  const pid = cp.party.party_id;
  const count = (n: { n: number | string | bigint } | undefined) => Number(n?.n ?? 0);
  let requests: number;
  let missed: number;
  if (cp.side === 'supplier') {
    requests = count(
      await db
        .selectFrom('supplier_requests')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', t)
        .where('supplier_party_id', '=', pid)
        .executeTakeFirst(),
    );
    missed = count(
      await db
        .selectFrom('deadline_clocks')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', t)
        .where('party_id', '=', pid)
        .where('kind', '=', 'supplier_response')
        .where('breached_at', 'is not', null)
        .executeTakeFirst(),
    );
  } else {
    requests = count(
      await db
        .selectFrom('case_clocks')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', t)
        .where('owed_by', '=', cp.party.key)
        .where('side', '=', 'commitment')
        .executeTakeFirst(),
    );
    missed = count(
      await db
        .selectFrom('case_clocks')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', t)
        .where('owed_by', '=', cp.party.key)
        .where('side', '=', 'commitment')
        .where('breach_recorded_at', 'is not', null)
        .executeTakeFirst(),
    );
  }
  // The cure clock of each sent notice by its primary key (kind, notice): silence past it is a
  // breach the worker records; the notice's own state stays `sent` (as its view reads it).
  const notices = await db
    .selectFrom('notices')
    .leftJoin('deadline_clocks', (j) =>
      j
        .onRef('deadline_clocks.tenant_id', '=', 'notices.tenant_id')
        .on('deadline_clocks.kind', '=', 'cure_period')
        .onRef('deadline_clocks.subject_id', '=', 'notices.notice_id'),
    )
    .select([
      'notices.number',
      'notices.state',
      'notices.cure_due_at',
      'deadline_clocks.breached_at',
      'deadline_clocks.stopped_at',
    ])
    .where('notices.tenant_id', '=', t)
    .where('notices.to_party_id', '=', pid)
    .where('notices.state', '<>', 'draft')
    .orderBy('notices.created_at', 'desc')
    .execute();
  const matters = count(
    await db
      .selectFrom('dispute_matters')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', t)
      .where('counterparty_party_id', '=', pid)
      .where('stage', '<>', 'closed')
      .executeTakeFirst(),
  );
  const facts = {
    requests,
    missed,
    noticesSent: notices.length,
    cureExpired: notices
      .filter(
        (n) =>
          n.state === 'cure_expired' ||
          (n.state === 'sent' && n.breached_at !== null && n.stopped_at === null),
      )
      .map((n) => ({ number: n.number, at: n.cure_due_at ? new Date(n.cure_due_at).toISOString() : '' })),
    matters,
  };
  const contacts = await ladderContacts(deps, t, pid);
  const { triggers } = ladderOf(cp, contacts);
  const s = ladderStanding(triggers, facts, contacts);
  const name = (l: LadderLevel | null) => (l ? LADDER_LEVEL_LABELS[l] : null);
  return {
    party: cp.view,
    side: cp.side,
    agreement: { id: cp.agreement.id, version: cp.agreement.version, title: cp.agreement.title },
    facts,
    ...s,
    reachedName: name(s.reached),
    nextName: name(s.next),
  };
}
