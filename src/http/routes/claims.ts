import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  advanceRecovery,
  listClaims,
  listRecoveries,
  loadRecovery,
  payClaim,
  resubmitClaim,
  reviewPartnerClaim,
  submitClaim,
  toClaimView,
  toRecoveryViews,
} from '../../app/claims/index.ts';
import type { AppDeps } from '../../app/context.ts';
import { advanceDefectiveReturn, listDefectiveReturns } from '../../app/parts/index.ts';
import { actorOf } from '../auth.ts';
import {
  ClaimBody,
  ClaimSchema,
  DefectiveReturnSchema,
  DefectiveStepBody,
  RecoverySchema,
  RecoveryStepBody,
  ResubmissionBody,
  ReviewBody,
} from '../contracts/claims.ts';
import { IdParams, STANDARD_PROBLEMS, Text, Uuid } from '../contracts/common.ts';

const WITH_FILES = 30 * 1024 * 1024;

export function claimRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['claims'];
    const one = { params: IdParams, response: { 200: ClaimSchema, ...STANDARD_PROBLEMS } };
    app.post(
      '/repairs/:id/claim',
      {
        bodyLimit: WITH_FILES,
        schema: {
          tags,
          summary:
            'A partner’s warranty claim for a repair, checked at once against the customer cover and the partner agreement',
          params: IdParams,
          body: ClaimBody,
          response: { 201: ClaimSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await submitClaim(deps, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/claims',
      {
        schema: {
          tags,
          summary: 'Warranty claims (staff: all; a partner: its own)',
          querystring: Type.Object(
            {
              state: Type.Optional(Text({ maxLength: 20 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(ClaimSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listClaims(deps, actorOf(request), { state: request.query.state, limit: request.query.limit ?? 50 }),
    );
    app.get(
      '/claims/:id',
      { schema: { tags, summary: 'One warranty claim with its line-by-line decision', ...one } },
      async (request) => toClaimView(deps.db, actorOf(request), request.params.id),
    );
    app.post(
      '/claims/:id/resubmission',
      {
        bodyLimit: WITH_FILES,
        schema: {
          tags,
          summary: 'The partner answers and resubmits; decided again',
          body: ResubmissionBody,
          ...one,
        },
      },
      async (request) => resubmitClaim(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/claims/:id/review',
      {
        schema: {
          tags,
          summary:
            'The brand’s reviewer approves, reduces or rejects lines with a reason and a clause, over the terms’ proposal',
          body: ReviewBody,
          ...one,
        },
      },
      async (request) => reviewPartnerClaim(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/claims/:id/payment',
      {
        schema: {
          tags,
          summary: 'The brand pays what it approved',
          body: Type.Object(
            { reference: Type.Optional(Text({ maxLength: 200 })) },
            { additionalProperties: false },
          ),
          ...one,
        },
      },
      async (request) => payClaim(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/recoveries',
      {
        schema: {
          tags,
          summary: 'Recovery claims to suppliers (staff)',
          querystring: Type.Object({ case: Type.Optional(Uuid) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(RecoverySchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listRecoveries(deps.db, actorOf(request), { caseId: request.query.case }),
    );
    app.get(
      '/recoveries/:id',
      {
        schema: {
          tags,
          summary: 'One recovery claim',
          params: IdParams,
          response: { 200: RecoverySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return (
          await toRecoveryViews(deps.db, actor.tenantId, [
            await loadRecovery(deps.db, actor, request.params.id),
          ])
        )[0]!;
      },
    );
    app.post(
      '/recoveries/:id/steps',
      {
        schema: {
          tags,
          summary: 'Sent to the supplier, credited (a credit line borne by the supplier) or rejected',
          params: IdParams,
          body: RecoveryStepBody,
          response: { 200: RecoverySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => advanceRecovery(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/defective-returns',
      {
        schema: {
          tags: ['parts'],
          summary:
            'Defective parts owed back, with the deadline from the partner agreement (a partner sees its own)',
          querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(DefectiveReturnSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listDefectiveReturns(deps.db, actorOf(request), deps.now(), request.query),
    );
    app.post(
      '/defective-returns/:id/steps',
      {
        schema: {
          tags: ['parts'],
          summary: 'Shipped back by the partner, or received by the brand',
          params: IdParams,
          body: DefectiveStepBody,
          response: { 200: DefectiveReturnSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => advanceDefectiveReturn(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
