import type { Actor } from '../../domain/access/index.ts';
import type { Figures, Period, Scorecard } from '../../domain/counterparty/index.ts';
import { COUNTERPARTY_SIDE_LABELS } from '../../domain/counterparty/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { figureRows, periodOf, scorecardPair } from './scorecard.ts';
import { counterpartyByKey, NO_REVIEW, requireStaffReader, requireStaffWriter } from './support.ts';

export interface FollowUpInput {
  id?: string | undefined;
  text: string;
  owner: string;
  dueOn: string;
  done?: boolean | undefined;
}
interface FollowUp {
  id: string;
  text: string;
  owner: string;
  dueOn: string;
  done: boolean;
}

export interface SaveReviewInput {
  party: string;
  quarter?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  notes?: string | undefined;
  followUps?: FollowUpInput[] | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function followUpsOf(deps: AppDeps, input: readonly FollowUpInput[], known: readonly FollowUp[]): FollowUp[] {
  return input.map((f, i) => {
    if (!DATE.test(f.dueOn))
      throw invalid([{ path: `/body/followUps/${i}/dueOn`, message: 'a date (YYYY-MM-DD)' }]);
    if (f.id !== undefined && !known.some((k) => k.id === f.id))
      throw invalid([{ path: `/body/followUps/${i}/id`, message: 'no such follow-up on this review' }]);
    return { id: f.id ?? deps.newId(), text: f.text, owner: f.owner, dueOn: f.dueOn, done: f.done ?? false };
  });
}

/**
 * POST /counterparty-reviews: the scorecard of the period and of the one before it, computed now and
 * kept as they were (a later correction of the record does not rewrite a review), with notes and
 * follow-ups.
 */
export async function saveReview(deps: AppDeps, actor: Actor, input: SaveReviewInput) {
  requireStaffWriter(actor);
  const cp = await counterpartyByKey(deps, actor, input.party);
  const period: Period = periodOf(input, 'body');
  const pair = await scorecardPair(deps, actor.tenantId, cp, period);
  const followUps = followUpsOf(deps, input.followUps ?? [], []);
  const now = deps.now();
  const id = await inTransaction(deps, async (trx) => {
    const reviewId = deps.newId();
    const number = await nextNumber(trx, actor.tenantId, 'counterparty_review', 'RV');
    await trx
      .insertInto('counterparty_reviews')
      .values({
        tenant_id: actor.tenantId,
        review_id: reviewId,
        number,
        party_id: cp.party.party_id,
        side: cp.side,
        agreement_id: cp.agreement.id,
        period_from: period.from,
        period_to: period.to,
        previous_from: pair.previous.from,
        previous_to: pair.previous.to,
        currency: pair.currency,
        figures: JSON.stringify(pair.current.figures),
        previous_figures: JSON.stringify(pair.last.figures),
        failures_by_part: JSON.stringify(pair.current.failuresByPart),
        notes: input.notes ?? '',
        follow_ups: JSON.stringify(followUps),
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'party.review_saved',
      subject: { type: 'party', id: cp.party.party_id },
      payload: {
        number,
        party: cp.party.key,
        period,
        previous: pair.previous,
        figures: pair.current.figures,
        previousFigures: pair.last.figures,
        notes: input.notes ?? '',
        followUps,
      },
    });
    return reviewId;
  });
  return reviewView(deps, actor, id);
}

/** PATCH /counterparty-reviews/:id: the notes and the follow-ups (marked done, added, removed); the figures stay. */
export async function updateReview(
  deps: AppDeps,
  actor: Actor,
  reviewId: string,
  input: { notes?: string | undefined; followUps?: FollowUpInput[] | undefined },
) {
  requireStaffWriter(actor);
  const row = await reviewRow(deps, actor, reviewId);
  const known = row.follow_ups as FollowUp[];
  const followUps = input.followUps === undefined ? known : followUpsOf(deps, input.followUps, known);
  const notes = input.notes ?? row.notes;
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('counterparty_reviews')
      .set({ notes, follow_ups: JSON.stringify(followUps), updated_at: deps.now() })
      .where('tenant_id', '=', actor.tenantId)
      .where('review_id', '=', reviewId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'party.review_updated',
      subject: { type: 'party', id: row.party_id },
      payload: { number: row.number, notes, followUps },
    });
  });
  return reviewView(deps, actor, reviewId);
}

async function reviewRow(deps: AppDeps, actor: Actor, reviewId: string) {
  requireStaffReader(actor);
  const row = await deps.db
    .selectFrom('counterparty_reviews')
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'counterparty_reviews.tenant_id')
        .onRef('parties.party_id', '=', 'counterparty_reviews.party_id'),
    )
    .selectAll('counterparty_reviews')
    .select(['parties.key', 'parties.name', 'parties.name_zh'])
    .where('counterparty_reviews.tenant_id', '=', actor.tenantId)
    .where('counterparty_reviews.review_id', '=', reviewId)
    .executeTakeFirst();
  if (!row) throw notFound(NO_REVIEW);
  return row;
}

/** GET /counterparty-reviews/:id: the saved figures beside the previous period's, and the saved review of that period if there is one. */
export async function reviewView(deps: AppDeps, actor: Actor, reviewId: string) {
  const r = await reviewRow(deps, actor, reviewId);
  // counterparty_reviews_by_party (tenant, party, period_from).
  const earlier = await deps.db
    .selectFrom('counterparty_reviews')
    .select(['review_id', 'number'])
    .where('tenant_id', '=', actor.tenantId)
    .where('party_id', '=', r.party_id)
    .where('period_from', '=', r.previous_from)
    .where('period_to', '=', r.previous_to)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const figures = r.figures as Figures;
  const previousFigures = r.previous_figures as Figures;
  const date = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
  return {
    id: r.review_id,
    number: r.number,
    party: { id: r.party_id, key: r.key, name: r.name, nameZh: r.name_zh },
    side: r.side,
    sideName: COUNTERPARTY_SIDE_LABELS[r.side],
    agreement: r.agreement_id,
    period: { from: date(r.period_from), to: date(r.period_to) },
    previousPeriod: { from: date(r.previous_from), to: date(r.previous_to) },
    previousReview: earlier ? { id: earlier.review_id, number: earlier.number } : null,
    currency: r.currency,
    figures,
    previousFigures,
    failuresByPart: r.failures_by_part as Scorecard['failuresByPart'],
    rows: figureRows(figures, previousFigures, r.currency),
    notes: r.notes,
    followUps: r.follow_ups as FollowUp[],
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** GET /counterparty-reviews?party=key: a counterparty's reviews, newest period first (counterparty_reviews_by_party). */
export async function listReviews(deps: AppDeps, actor: Actor, partyKey: string) {
  const cp = await counterpartyByKey(deps, actor, partyKey);
  const rows = await deps.db
    .selectFrom('counterparty_reviews')
    .select('review_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('party_id', '=', cp.party.party_id)
    .orderBy('period_from', 'desc')
    .limit(100)
    .execute();
  return { items: await Promise.all(rows.map((x) => reviewView(deps, actor, x.review_id))) };
}
