import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { answerSurvey, readSurvey } from '../../app/survey/index.ts';
import {
  answerWalk,
  caseSurvey,
  caseWalks,
  checkTrees,
  giveFeedback,
  importTrees,
  listTrees,
  mayWriteTrees,
  satisfactionDashboard,
  showTree,
  showWalk,
  startWalk,
  treeSource,
} from '../../app/troubleshooting/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  AnswerBody,
  FeedbackBody,
  ImportTreesBody,
  SatisfactionQuery,
  StartWalkBody,
  SurveyAnswerBody,
  SurveyTokenParams,
  TreeKeyParams,
  TreeListQuery,
  WalkSchema,
} from '../contracts/troubleshooting.ts';

/** Guided troubleshooting, "did this help?", satisfaction surveys and their dashboard. */
export function troubleshootingRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['troubleshooting'];
    app.post(
      '/troubleshooting/trees',
      {
        schema: {
          tags,
          summary:
            'Import troubleshooting guides (YAML or JSON, one per file); a changed guide gets a new version',
          body: ImportTreesBody,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        mayWriteTrees(actor);
        return { imported: await importTrees(deps, actor, request.body.files) };
      },
    );
    app.post(
      '/troubleshooting/trees/check',
      {
        schema: {
          tags,
          summary:
            'Check guides as the import would, storing nothing; problems placed at file:line:col and field',
          body: ImportTreesBody,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        mayWriteTrees(actor);
        return { checked: await checkTrees(deps, actor, request.body.files) };
      },
    );
    app.get(
      '/troubleshooting/trees/:key/source',
      {
        schema: {
          tags,
          summary: 'A guide’s newest version as YAML, for the guide editor (admin, manager)',
          params: TreeKeyParams,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => treeSource(deps, actorOf(request), request.params.key),
    );
    app.get(
      '/troubleshooting/trees',
      {
        schema: {
          tags,
          summary: 'The guides, newest version of each, by product model and fault code',
          querystring: TreeListQuery,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await listTrees(deps, actorOf(request), request.query) }),
    );
    app.get(
      '/troubleshooting/trees/:key',
      {
        schema: {
          tags,
          summary: 'One guide, newest version, in both languages',
          params: TreeKeyParams,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showTree(deps, actorOf(request), request.params.key),
    );
    app.post(
      '/troubleshooting/walks',
      {
        schema: {
          tags,
          summary: 'Start walking a guide: a customer for its unit, staff from a case or a unit',
          body: StartWalkBody,
          response: { 201: WalkSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => reply.status(201).send(await startWalk(deps, actorOf(request), request.body)),
    );
    app.get(
      '/troubleshooting/walks/:id',
      {
        schema: {
          tags,
          summary: 'A walk: where it stands, the steps taken, the case it opened',
          params: IdParams,
          response: { 200: WalkSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showWalk(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/troubleshooting/walks/:id/answers',
      {
        schema: {
          tags,
          summary:
            'Answer the question the walk stands at; an end needing a technician or a part opens a case',
          params: IdParams,
          body: AnswerBody,
          response: { 200: WalkSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => answerWalk(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/knowledge/feedback',
      {
        schema: {
          tags,
          summary: '"Did this solve it?" on an article or a guide',
          body: FeedbackBody,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => giveFeedback(deps, actorOf(request), request.body),
    );
    app.get(
      '/surveys/:token',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'The satisfaction survey behind a link (no sign-in: the token is the key)',
          params: SurveyTokenParams,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => readSurvey(deps, request.params.token),
    );
    app.post(
      '/surveys/:token',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Answer the survey: a score 1-5 and a comment, once per case',
          params: SurveyTokenParams,
          body: SurveyAnswerBody,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => answerSurvey(deps, request.params.token, request.body),
    );
    app.get(
      '/cases/:id/survey',
      {
        schema: {
          tags,
          summary: "The case's satisfaction survey and its answer (null when none was sent)",
          params: IdParams,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ survey: await caseSurvey(deps, actorOf(request), request.params.id) }),
    );
    app.get(
      '/cases/:id/walks',
      {
        schema: {
          tags,
          summary: 'The troubleshooting walks made from this case or that opened it, with their steps',
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(WalkSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => ({ items: await caseWalks(deps, actorOf(request), request.params.id) }),
    );
    app.get(
      '/dashboard/satisfaction',
      {
        schema: {
          tags,
          summary:
            'Deflection, satisfaction by product, partner and agent, articles and guides ranked by cases prevented, helpfulness (staff)',
          querystring: SatisfactionQuery,
          response: { 200: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => satisfactionDashboard(deps, actorOf(request), request.query),
    );
  };
}
