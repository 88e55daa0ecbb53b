import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import {
  canMoveStage,
  type DisputeClause,
  disputeClauseOf,
  forumDeadlines,
  MATTER_STAGE_LABELS,
  type MatterStage,
  type RecoveryClaim,
  recoveryClaim,
  stagesAfter,
} from '../../domain/disputes/index.ts';
import { formatMinor, toMinor } from '../../domain/ledger/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber, writeCostLines } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import {
  agreementVersion,
  homeParty,
  NO_MATTER,
  partyById,
  partyUnderAgreement,
  requireStaffWriter,
} from './support.ts';

export interface OpenMatterInput {
  title: string;
  counterparty: string;
  agreement: string;
  caseIds?: string[] | undefined;
  noticeIds?: string[] | undefined;
  requestIds?: string[] | undefined;
}

type LinkType = 'case' | 'notice' | 'supplier_request' | 'cost_line';

/**
 * A dispute matter: the counterparty, the agreement and its dispute clause as the terms write it
 * (forum, seat, law, language; or the finding that the agreement names no forum), stage
 * `negotiation`, and the cases, notices and requests it is about. Staff only: a matter is the
 * brand's own file, never shown to the counterparty or anyone else.
 */
export async function openMatter(deps: AppDeps, actor: Actor, input: OpenMatterInput) {
  requireStaffWriter(actor);
  const now = deps.now();
  const { party: cp, agreement } = await partyUnderAgreement(deps.db, actor.tenantId, {
    party: input.counterparty,
    partyPath: '/body/counterparty',
    agreement: input.agreement,
    at: now,
    mustBeParty: true,
  });
  const clause = disputeClauseOf(agreement);
  const links: Array<[LinkType, string]> = [
    ...(input.caseIds ?? []).map((id) => ['case', id] as [LinkType, string]),
    ...(input.noticeIds ?? []).map((id) => ['notice', id] as [LinkType, string]),
    ...(input.requestIds ?? []).map((id) => ['supplier_request', id] as [LinkType, string]),
  ];
  await checkLinks(deps, actor.tenantId, links);
  const id = await inTransaction(deps, async (trx) => {
    const matterId = deps.newId();
    const number = await nextNumber(trx, actor.tenantId, 'matter', 'DM');
    await trx
      .insertInto('dispute_matters')
      .values({
        tenant_id: actor.tenantId,
        matter_id: matterId,
        number,
        title: input.title,
        counterparty_party_id: cp.party_id,
        agreement_id: agreement.id,
        agreement_version: agreement.version,
        clause: JSON.stringify(clause),
        stage: 'negotiation',
        stage_since: now,
        deadlines: JSON.stringify([]),
        currency: agreement.currency ?? 'CNY',
        claimed_minor: null,
        claim: null,
        offered_minor: null,
        agreed_minor: null,
        recovered_minor: 0,
        settlement: null,
        opened_at: now,
        updated_at: now,
      })
      .execute();
    if (links.length > 0) {
      await trx
        .insertInto('matter_links')
        .values(
          links.map(([t, l]) => ({
            tenant_id: actor.tenantId,
            matter_id: matterId,
            link_type: t,
            link_id: l,
          })),
        )
        .execute();
    }
    await recordChange(deps, trx, actor, {
      type: 'matter.opened',
      subject: { type: 'matter', id: matterId },
      payload: {
        number,
        title: input.title,
        counterparty: cp.key,
        agreement: agreement.id,
        version: agreement.version,
        clause,
        links,
      },
    });
    return matterId;
  });
  return matterView(deps, actor, id);
}

async function checkLinks(deps: AppDeps, tenantId: string, links: Array<[LinkType, string]>) {
  for (const [type, id] of links) {
    const table = type === 'case' ? 'cases' : type === 'notice' ? 'notices' : 'supplier_requests';
    const column = type === 'case' ? 'case_id' : type === 'notice' ? 'notice_id' : 'request_id';
    const row = await deps.db
      .selectFrom(table)
      .select(column as 'tenant_id')
      .where('tenant_id', '=', tenantId)
      .where(column as 'tenant_id', '=', id)
      .executeTakeFirst();
    if (!row) throw invalid([{ path: `/body/${type}Ids`, message: `no ${type} ${id}` }]);
  }
}

async function loadMatter(deps: AppDeps, actor: Actor, matterId: string) {
  if (!readsBrandInternals(actor)) throw notFound(NO_MATTER);
  const m = await deps.db
    .selectFrom('dispute_matters')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('matter_id', '=', matterId)
    .executeTakeFirst();
  if (!m) throw notFound(NO_MATTER);
  return m;
}

async function linksOf(deps: AppDeps, tenantId: string, matterId: string) {
  return deps.db
    .selectFrom('matter_links')
    .select(['link_type', 'link_id'])
    .where('tenant_id', '=', tenantId)
    .where('matter_id', '=', matterId)
    .execute();
}

/**
 * The recovery claim from the ledger: the parts, labour and travel the brand bore on the matter's
 * cases, each line with its basis in the supply agreement; the amount claimed becomes the total.
 */
export async function computeRecoveryClaim(deps: AppDeps, actor: Actor, matterId: string) {
  requireStaffWriter(actor);
  const m = await loadMatter(deps, actor, matterId);
  const brand = await homeParty(deps.db, actor.tenantId);
  const caseIds = (await linksOf(deps, actor.tenantId, matterId))
    .filter((l) => l.link_type === 'case')
    .map((l) => l.link_id);
  const lines =
    caseIds.length === 0
      ? []
      : await deps.db
          .selectFrom('cost_lines')
          .innerJoin('cases', (j) =>
            j
              .onRef('cases.tenant_id', '=', 'cost_lines.tenant_id')
              .onRef('cases.case_id', '=', 'cost_lines.case_id'),
          )
          .select([
            'cost_lines.line_id',
            'cost_lines.kind',
            'cost_lines.amount_minor',
            'cost_lines.currency',
            'cost_lines.description',
            'cases.number',
          ])
          .where('cost_lines.tenant_id', '=', actor.tenantId)
          .where('cost_lines.case_id', 'in', caseIds)
          .where('cost_lines.bearer_party_id', '=', brand.party_id)
          .orderBy('cases.number')
          .orderBy('cost_lines.created_at')
          .execute();
  const supply = await agreementVersion(deps.db, actor.tenantId, m.agreement_id, m.agreement_version);
  const claim = recoveryClaim(
    supply,
    lines.map((l) => ({
      lineId: l.line_id,
      caseNumber: l.number,
      kind: l.kind,
      amountMinor: Number(l.amount_minor),
      currency: l.currency,
      description: l.description,
    })),
  );
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('dispute_matters')
      .set({ claimed_minor: claim.totalMinor, claim: JSON.stringify(claim), updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('matter_id', '=', matterId)
      .execute();
    const ids = claim.lines.map((l) => l.lineId);
    if (ids.length > 0) {
      await trx
        .insertInto('matter_links')
        .values(
          ids.map((id) => ({
            tenant_id: actor.tenantId,
            matter_id: matterId,
            link_type: 'cost_line' as const,
            link_id: id,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await recordChange(deps, trx, actor, {
      type: 'matter.claim_computed',
      subject: { type: 'matter', id: matterId },
      payload: { number: m.number, claim },
    });
  });
  return matterView(deps, actor, matterId);
}

/** Moves a matter to another stage; entering arbitration under CIETAC sets the rules' deadlines. */
export async function changeMatterStage(
  deps: AppDeps,
  actor: Actor,
  matterId: string,
  input: {
    stage: MatterStage;
    startedOn?: string | undefined;
    offered?: string | undefined;
    note?: string | undefined;
  },
) {
  requireStaffWriter(actor);
  const m = await loadMatter(deps, actor, matterId);
  if (input.stage !== m.stage && !canMoveStage(m.stage, input.stage)) {
    throw new AppError('invalid_transition', {
      detail: {
        en: `A matter in ${m.stage} may move to: ${stagesAfter(m.stage).join(', ') || 'nothing'}.`,
        zh: `处于“${MATTER_STAGE_LABELS[m.stage].zh}”的案件只能转为：${
          stagesAfter(m.stage)
            .map((s) => MATTER_STAGE_LABELS[s].zh)
            .join('、') || '无'
        }。`,
      },
    });
  }
  if (input.stage === 'settled')
    throw invalid([{ path: '/body/stage', message: 'record a settlement to settle a matter' }]);
  const clause = m.clause as DisputeClause;
  // Arbitration needs an arbitration agreement; an agreed arbitration keeps the dispute out of court.
  if (input.stage === 'arbitration' && clause.forum?.type !== 'arbitration') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `${clause.agreement} ${clause.ref ?? ''} names no arbitration: agree on arbitration in writing first, or go to court.`,
        zh: `${clause.agreement} ${clause.ref ?? ''} 未约定仲裁：须先书面约定仲裁，或向法院起诉。`,
      },
    });
  }
  if (input.stage === 'litigation' && clause.forum?.type === 'arbitration') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `${clause.agreement} ${clause.ref ?? ''} sends disputes to arbitration (${clause.forum.institution ?? ''}): a court would decline.`,
        zh: `${clause.agreement} ${clause.ref ?? ''} 约定仲裁（${clause.forum.institution ?? ''}）：法院将不予受理。`,
      },
    });
  }
  const now = deps.now();
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const deadlines = forumDeadlines(clause, input.stage, input.startedOn ?? localDateIn(now, zone));
  let offered: number | null = m.offered_minor;
  if (input.offered) {
    try {
      offered = toMinor(input.offered, m.currency);
    } catch (error) {
      throw invalid([{ path: '/body/offered', message: (error as Error).message }]);
    }
  }
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('dispute_matters')
      .set({
        stage: input.stage,
        stage_since: now,
        deadlines: JSON.stringify(deadlines),
        offered_minor: offered,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('matter_id', '=', matterId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'matter.stage_changed',
      subject: { type: 'matter', id: matterId },
      payload: {
        number: m.number,
        from: m.stage,
        to: input.stage,
        deadlines,
        offeredMinor: offered,
        note: input.note ?? null,
      },
    });
  });
  return matterView(deps, actor, matterId);
}

/**
 * A settlement: the amount agreed and its terms, booked on the ledger as a credit borne by the
 * counterparty and paid to the brand (on the matter's first case, citing the agreement's coverage
 * clause), the matter settled, in one transaction.
 */
export async function recordSettlement(
  deps: AppDeps,
  actor: Actor,
  matterId: string,
  input: { agreed: string; terms: string; signedOn: string },
) {
  requireStaffWriter(actor);
  const m = await loadMatter(deps, actor, matterId);
  if (m.stage === 'settled' || m.stage === 'closed') throw new AppError('invalid_transition');
  let agreed: number;
  try {
    agreed = toMinor(input.agreed, m.currency);
  } catch (error) {
    throw invalid([{ path: '/body/agreed', message: (error as Error).message }]);
  }
  const now = deps.now();
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const brand = await homeParty(deps.db, actor.tenantId);
  const supply = await agreementVersion(deps.db, actor.tenantId, m.agreement_id, m.agreement_version);
  const firstCase =
    (await linksOf(deps, actor.tenantId, matterId)).find((l) => l.link_type === 'case')?.link_id ?? null;
  const ref = supply.coverage?.ref ?? supply.disputes?.ref ?? null;
  await inTransaction(deps, async (trx) => {
    const ids = await writeCostLines(deps, trx, actor, [
      {
        kind: 'credit',
        amountMinor: agreed,
        currency: m.currency,
        caseId: firstCase,
        source: { type: 'matter', id: matterId },
        bearerPartyId: m.counterparty_party_id,
        payeePartyId: brand.party_id,
        ref,
        agreement: { id: supply.id, version: supply.version },
        description: `Settlement of ${m.number}: ${input.terms}`,
        occurredOn: localDateIn(now, zone),
      },
    ]);
    const settlement = { agreedMinor: agreed, terms: input.terms, signedOn: input.signedOn, lineIds: ids };
    await trx
      .updateTable('dispute_matters')
      .set({
        stage: 'settled',
        stage_since: now,
        deadlines: JSON.stringify([]),
        agreed_minor: agreed,
        recovered_minor: agreed,
        settlement: JSON.stringify(settlement),
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('matter_id', '=', matterId)
      .execute();
    if (ids.length > 0) {
      await trx
        .insertInto('matter_links')
        .values(
          ids.map((id) => ({
            tenant_id: actor.tenantId,
            matter_id: matterId,
            link_type: 'cost_line' as const,
            link_id: id,
          })),
        )
        .execute();
    }
    await recordChange(deps, trx, actor, {
      type: 'matter.settled',
      subject: { type: 'matter', id: matterId },
      payload: { number: m.number, from: m.stage, ...settlement, ref, agreement: supply.id },
    });
  });
  return matterView(deps, actor, matterId);
}

const money = (minor: number | null, currency: string) =>
  minor === null
    ? null
    : { amountMinor: Number(minor), amount: formatMinor(Number(minor), currency), currency };

export async function matterView(deps: AppDeps, actor: Actor, matterId: string) {
  const m = await loadMatter(deps, actor, matterId);
  const cp = await partyById(deps.db, actor.tenantId, m.counterparty_party_id);
  const links = await linksOf(deps, actor.tenantId, matterId);
  const ids = (t: LinkType) => links.filter((l) => l.link_type === t).map((l) => l.link_id);
  return {
    id: m.matter_id,
    number: m.number,
    title: m.title,
    counterparty: { id: cp.party_id, key: cp.key, name: cp.name },
    agreement: { id: m.agreement_id, version: m.agreement_version },
    clause: m.clause as DisputeClause,
    stage: m.stage,
    stageName: MATTER_STAGE_LABELS[m.stage],
    stageSince: m.stage_since.toISOString(),
    nextStages: [...stagesAfter(m.stage)],
    deadlines: m.deadlines as unknown[],
    claimed: money(m.claimed_minor, m.currency),
    claim: m.claim as RecoveryClaim | null,
    offered: money(m.offered_minor, m.currency),
    agreed: money(m.agreed_minor, m.currency),
    recovered: money(m.recovered_minor, m.currency),
    settlement: m.settlement as Record<string, unknown> | null,
    caseIds: ids('case'),
    noticeIds: ids('notice'),
    requestIds: ids('supplier_request'),
    costLineIds: ids('cost_line'),
    openedAt: m.opened_at.toISOString(),
  };
}

export async function listMatters(deps: AppDeps, actor: Actor) {
  if (!readsBrandInternals(actor)) return { items: [] };
  const rows = await deps.db
    .selectFrom('dispute_matters')
    .select('matter_id')
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('updated_at', 'desc')
    .limit(200)
    .execute();
  return { items: await Promise.all(rows.map((r) => matterView(deps, actor, r.matter_id))) };
}
