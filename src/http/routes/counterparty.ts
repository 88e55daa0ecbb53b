import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  counterpartyScorecard,
  escalationLadderView,
  escalationStanding,
  listCounterparties,
  listReviews,
  reviewView,
  saveReview,
  setEscalationLadder,
  updateReview,
} from '../../app/counterparty/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  CounterpartyListSchema,
  LadderSchema,
  PartyKeyParams,
  ReviewListQuery,
  ReviewSchema,
  SaveReviewBody,
  ScorecardQuery,
  ScorecardSchema,
  SetLadderBody,
  StandingSchema,
  UpdateReviewBody,
} from '../contracts/counterparty.ts';

/** Issue 16: escalation ladders with people, and supplier and partner reviews. The brand's staff only; anyone else gets 404. */
export function counterpartyRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['disputes'];
    app.get(
      '/counterparties',
      {
        schema: {
          tags,
          summary: 'Suppliers and service partners that provide the brand an agreement',
          response: { 200: CounterpartyListSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => listCounterparties(deps, actorOf(req)),
    );
    app.get(
      '/counterparties/:party/escalation-ladder',
      {
        schema: {
          tags,
          summary:
            'Who is contacted at each level, and when the terms let each level begin (with the clause)',
          params: PartyKeyParams,
          response: { 200: LadderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => escalationLadderView(deps, actorOf(req), req.params.party),
    );
    app.put(
      '/counterparties/:party/escalation-ladder',
      {
        schema: {
          tags,
          summary: 'Set the ladder’s contacts (replaces them, in the order given)',
          params: PartyKeyParams,
          body: SetLadderBody,
          response: { 200: LadderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => setEscalationLadder(deps, actorOf(req), req.params.party, req.body.contacts),
    );
    app.get(
      '/counterparties/:party/escalation-standing',
      {
        schema: {
          tags,
          summary:
            'Where the brand stands: the level reached and whether the next may begin now, with the clause',
          params: PartyKeyParams,
          response: { 200: StandingSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => escalationStanding(deps, actorOf(req), req.params.party),
    );
    app.get(
      '/counterparties/:party/scorecard',
      {
        schema: {
          tags,
          summary:
            'The scorecard of a period (quarter, or from and to) beside the previous period, computed now',
          params: PartyKeyParams,
          querystring: ScorecardQuery,
          response: { 200: ScorecardSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => counterpartyScorecard(deps, actorOf(req), req.params.party, req.query),
    );
    app.get(
      '/counterparty-reviews',
      {
        schema: {
          tags,
          summary: 'The saved reviews of a counterparty, newest period first',
          querystring: ReviewListQuery,
          response: { 200: Type.Object({ items: Type.Array(ReviewSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (req) => listReviews(deps, actorOf(req), req.query.party),
    );
    app.post(
      '/counterparty-reviews',
      {
        schema: {
          tags,
          summary: 'Save a review: the scorecard of the period and the previous one, notes and follow-ups',
          body: SaveReviewBody,
          response: { 201: ReviewSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req, reply) => reply.status(201).send(await saveReview(deps, actorOf(req), req.body)),
    );
    app.get(
      '/counterparty-reviews/:id',
      {
        schema: {
          tags,
          summary: 'One saved review',
          params: IdParams,
          response: { 200: ReviewSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => reviewView(deps, actorOf(req), req.params.id),
    );
    app.patch(
      '/counterparty-reviews/:id',
      {
        schema: {
          tags,
          summary: 'Change a review’s notes and follow-ups (the figures stay as saved)',
          params: IdParams,
          body: UpdateReviewBody,
          response: { 200: ReviewSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (req) => updateReview(deps, actorOf(req), req.params.id, req.body),
    );
  };
}
