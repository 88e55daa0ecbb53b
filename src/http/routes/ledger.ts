import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { addCostLine, costByMonth, ledgerStatement, listCostLines } from '../../app/ledger/index.ts';
import { statementCsv } from '../../domain/ledger/index.ts';
import { actorOf } from '../auth.ts';
import { STANDARD_PROBLEMS, Uuid } from '../contracts/common.ts';
import {
  CostByMonthQuery,
  CostByMonthSchema,
  CostKindEnum,
  CostLineBody,
  CostLineSchema,
  StatementQuery,
  StatementSchema,
} from '../contracts/ledger.ts';

export function ledgerRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['ledger'];
    app.get(
      '/cost-lines',
      {
        schema: {
          tags,
          summary: 'Cost lines the caller may see (staff: all; a party: those it bears or is paid)',
          querystring: Type.Object(
            {
              case: Type.Optional(Uuid),
              kind: Type.Optional(CostKindEnum),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(CostLineSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listCostLines(deps, actorOf(request), {
          caseId: request.query.case,
          kind: request.query.kind,
          limit: request.query.limit ?? 500,
        }),
    );
    app.post(
      '/cost-lines',
      {
        schema: {
          tags,
          summary: 'Record a cost line by hand (shipping, goodwill, a correction) with its bearer and clause',
          body: CostLineBody,
          response: { 201: CostLineSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addCostLine(deps, actorOf(request), request.body)),
    );
    app.get(
      '/ledger/cost-by-month',
      {
        schema: {
          tags,
          summary: 'What a party bore per month and product model over a period (the warranty cost chart)',
          querystring: CostByMonthQuery,
          response: { 200: CostByMonthSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => costByMonth(deps, actorOf(request), request.query),
    );
    app.get(
      '/ledger/statement',
      {
        schema: {
          tags,
          summary:
            'A party’s statement for a period: what it bore, what it is owed and by whom (JSON or CSV)',
          querystring: StatementQuery,
          response: { 200: StatementSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const { format, ...input } = request.query;
        const statement = await ledgerStatement(deps, actorOf(request), input);
        if (format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="statement-${input.party}-${input.from}-${input.to}.csv"`,
            )
            .serializer((x: unknown) => String(x))
            .send(`\uFEFF${statementCsv(statement)}` as never);
        }
        return statement;
      },
    );
  };
}
