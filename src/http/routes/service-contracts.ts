import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  buyPlan,
  cancelContract,
  createQuote,
  customerStatement,
  decideQuote,
  definePlan,
  issueInvoice,
  listContracts,
  listInvoices,
  listPlans,
  listPrices,
  listQuotes,
  planOffers,
  publishPrices,
  recordPayment,
  sellContract,
  showContract,
  showInvoice,
  showQuote,
} from '../../app/contract/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS, Text } from '../contracts/common.ts';
import {
  BuyPlanBody,
  ContractSchema,
  InvoiceBody,
  InvoiceSchema,
  ListQuery,
  PaymentBody,
  PlanBody,
  PlanListSchema,
  PlanOffersSchema,
  PlanSchema,
  PriceBody,
  PriceListSchema,
  QuoteBody,
  QuoteDecisionBody,
  QuoteSchema,
  SellContractBody,
  StatementSchema,
} from '../contracts/service-contracts.ts';

/** Issue 18: contracts and plans sold to units, published prices, quotes, invoices, payments, statements. */
export function serviceContractRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['contracts'];
    app.get(
      '/unit-contracts',
      {
        schema: {
          tags,
          summary: 'Contracts and plans sold to units the caller sees (by serial, or all)',
          querystring: ListQuery,
          response: { 200: Type.Object({ items: Type.Array(ContractSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listContracts(deps, actorOf(request), {
          serial: request.query.serial,
          limit: request.query.limit ?? 100,
        }),
    );
    app.post(
      '/unit-contracts',
      {
        schema: {
          tags,
          summary:
            'Sell a service contract or extended warranty to a unit (agent, or the distributor that sold it)',
          body: SellContractBody,
          response: { 201: ContractSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await sellContract(deps, actorOf(request), request.body)),
    );
    app.get(
      '/unit-contracts/:id',
      {
        schema: {
          tags,
          summary: 'One contract',
          params: IdParams,
          response: { 200: ContractSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showContract(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/unit-contracts/:id/cancellation',
      {
        schema: {
          tags,
          summary: 'Cancel a contract today with the refund its terms set',
          params: IdParams,
          response: { 200: ContractSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => cancelContract(deps, actorOf(request), request.params.id),
    );
    app.put(
      '/plans',
      {
        schema: {
          tags,
          summary:
            'Define an extended-warranty or service plan for sale (product, term, price, incidents, refund)',
          body: PlanBody,
          response: { 200: PlanSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => definePlan(deps, actorOf(request), request.body),
    );
    app.get(
      '/plans',
      {
        schema: {
          tags,
          summary:
            'The plans on sale, by product then key (the catalogue; what one unit may buy: /plans/offers)',
          querystring: Type.Object({ product: Type.Optional(Text({ minLength: 1, maxLength: 100 })) }),
          response: { 200: PlanListSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listPlans(deps, actorOf(request), { product: request.query.product }),
    );
    app.get(
      '/plans/offers/:serial',
      {
        schema: {
          tags,
          summary: 'The plans on sale for a unit, with the term each would run if bought today',
          params: Type.Object({ serial: Text({ minLength: 1, maxLength: 100 }) }),
          response: { 200: PlanOffersSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => planOffers(deps, actorOf(request), request.params.serial),
    );
    app.post(
      '/plans/purchases',
      {
        schema: {
          tags,
          summary:
            'Buy a plan for a unit (its owner in the portal, an agent, or its distributor) before the warranty ends',
          body: BuyPlanBody,
          response: { 201: ContractSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => reply.status(201).send(await buyPlan(deps, actorOf(request), request.body)),
    );
    app.get(
      '/prices',
      {
        schema: {
          tags,
          summary: 'The published customer prices of repairs and parts (readable by every signed-in party)',
          response: { 200: PriceListSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listPrices(deps, actorOf(request)),
    );
    app.put(
      '/prices',
      {
        schema: {
          tags,
          summary: 'Publish customer prices (parts by part number, labor-hour, travel-visit)',
          body: PriceBody,
          response: { 200: PriceListSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => publishPrices(deps, actorOf(request), request.body.items),
    );
    app.post(
      '/cases/:id/quotes',
      {
        schema: {
          tags,
          summary: 'Quote a paid repair from the diagnosis and send it to the customer',
          params: IdParams,
          body: QuoteBody,
          response: { 201: QuoteSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createQuote(deps, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/quotes',
      {
        schema: {
          tags,
          summary: 'Quotes the caller sees (of a case, or all)',
          querystring: ListQuery,
          response: { 200: Type.Object({ items: Type.Array(QuoteSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listQuotes(deps, actorOf(request), { caseId: request.query.case, limit: request.query.limit ?? 100 }),
    );
    app.get(
      '/quotes/:id',
      {
        schema: {
          tags,
          summary: 'One quote',
          params: IdParams,
          response: { 200: QuoteSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showQuote(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/quotes/:id/decision',
      {
        schema: {
          tags,
          summary: 'The customer accepts or declines a quote (kept as evidence: who and when)',
          params: IdParams,
          body: QuoteDecisionBody,
          response: { 200: QuoteSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => decideQuote(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/invoices',
      {
        schema: {
          tags,
          summary:
            'Invoice an accepted quote, with the fapiao data (title, tax id, type) and amounts by tax rate',
          body: InvoiceBody,
          response: { 201: InvoiceSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await issueInvoice(deps, actorOf(request), request.body)),
    );
    app.get(
      '/invoices',
      {
        schema: {
          tags,
          summary: 'Invoices the caller sees (of a case, or all)',
          querystring: ListQuery,
          response: { 200: Type.Object({ items: Type.Array(InvoiceSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listInvoices(deps, actorOf(request), {
          caseId: request.query.case,
          limit: request.query.limit ?? 100,
        }),
    );
    app.get(
      '/invoices/:id',
      {
        schema: {
          tags,
          summary: 'One invoice',
          params: IdParams,
          response: { 200: InvoiceSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showInvoice(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/invoices/:id/payments',
      {
        schema: {
          tags,
          summary: 'Record a payment or refund against an invoice by its reference (no gateway is called)',
          params: IdParams,
          body: PaymentBody,
          response: { 201: InvoiceSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await recordPayment(deps, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/customer-statement',
      {
        schema: {
          tags,
          summary: 'What a customer owes and has settled (a customer: its own; staff: ?party=key)',
          querystring: Type.Object(
            { party: Type.Optional(Text({ minLength: 1, maxLength: 63 })) },
            { additionalProperties: false },
          ),
          response: { 200: StatementSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => customerStatement(deps, actorOf(request), request.query.party),
    );
  };
}
