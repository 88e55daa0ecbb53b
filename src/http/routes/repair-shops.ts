import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  advancePartsOrder,
  decideShop,
  listPartsOrders,
  listShops,
  placePartsOrder,
  publishedPrices,
  registerShop,
  showPartsOrder,
  showShop,
} from '../../app/repair-shop/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, ProblemSchema, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  ConfirmOrderBody,
  PartsOrderBody,
  PartsOrderListQuery,
  PartsOrderSchema,
  PublishedPricesQuery,
  PublishedPricesReply,
  RefuseOrderBody,
  ShipOrderBody,
  ShopDecisionBody,
  ShopListQuery,
  ShopRegistrationBody,
  ShopSchema,
} from '../contracts/repair-shops.ts';

/**
 * Issue 18, published prices: the price list readable without signing in, independent repair shops
 * registering and approved by the brand, and their parts orders.
 */
export function repairShopRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['repair shops'];
    app.get(
      '/published-prices',
      {
        config: { public: true },
        schema: {
          tags,
          summary:
            'The published customer price list (parts, labour, travel), readable without signing in; customer prices only, never costs',
          security: [],
          querystring: PublishedPricesQuery,
          response: { 200: PublishedPricesReply, 400: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema },
        },
      },
      async (request) =>
        publishedPrices(deps, {
          tenant: request.query.tenant,
          kind: request.query.kind,
          limit: request.query.limit ?? 100,
          cursor: request.query.cursor,
          client: request.ip,
        }),
    );
    app.post(
      '/repair-shops/registrations',
      {
        config: { public: true },
        schema: {
          tags,
          summary:
            'An independent repair shop registers (pending until the brand approves it; its user cannot sign in before). The answer is the same when the e-mail or licence is known',
          security: [],
          body: ShopRegistrationBody,
          response: {
            202: Type.Object({
              accepted: Type.Literal(true),
              status: Type.Literal('pending'),
            }),
            400: ProblemSchema,
            429: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        await registerShop(deps, { ...request.body, client: request.ip });
        return reply.status(202).send({ accepted: true, status: 'pending' } as const);
      },
    );
    app.get(
      '/repair-shops',
      {
        schema: {
          tags,
          summary: 'Registrations by status, oldest first (the brand’s staff)',
          querystring: ShopListQuery,
          response: {
            200: Type.Object({ items: Type.Array(ShopSchema), nextCursor: Type.Optional(Type.String()) }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) =>
        listShops(deps, actorOf(request), {
          status: request.query.status ?? 'pending',
          limit: request.query.limit ?? 50,
          cursor: request.query.cursor,
        }),
    );
    app.get(
      '/repair-shops/:id',
      {
        schema: {
          tags,
          summary: 'One shop (the brand’s staff, or the shop itself)',
          params: IdParams,
          response: { 200: ShopSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showShop(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/repair-shops/:id/decision',
      {
        schema: {
          tags,
          summary: 'Approve or refuse a pending registration (administrator, manager)',
          params: IdParams,
          body: ShopDecisionBody,
          response: { 200: ShopSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => decideShop(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/parts-orders',
      {
        schema: {
          tags,
          summary: 'An approved shop orders parts by part number at the published prices',
          body: PartsOrderBody,
          response: { 201: PartsOrderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await placePartsOrder(deps, actorOf(request), request.body)),
    );
    app.get(
      '/parts-orders',
      {
        schema: {
          tags,
          summary: 'Parts orders newest first: the brand’s staff by state, a shop its own',
          querystring: PartsOrderListQuery,
          response: {
            200: Type.Object({
              items: Type.Array(PartsOrderSchema),
              nextCursor: Type.Optional(Type.String()),
            }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) =>
        listPartsOrders(deps, actorOf(request), {
          state: request.query.state,
          limit: request.query.limit ?? 50,
          cursor: request.query.cursor,
        }),
    );
    app.get(
      '/parts-orders/:id',
      {
        schema: {
          tags,
          summary: 'One parts order (the brand’s staff, or the shop that placed it)',
          params: IdParams,
          response: { 200: PartsOrderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showPartsOrder(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/parts-orders/:id/confirmation',
      {
        schema: {
          tags,
          summary: 'Confirm an order: reserve every line at a stock location (the brand’s staff)',
          params: IdParams,
          body: ConfirmOrderBody,
          response: { 200: PartsOrderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        advancePartsOrder(deps, actorOf(request), request.params.id, { step: 'confirm', ...request.body }),
    );
    app.post(
      '/parts-orders/:id/shipment',
      {
        schema: {
          tags,
          summary:
            'Ship a confirmed order: the reserved parts leave stock; carrier and waybill (the brand’s staff)',
          params: IdParams,
          body: ShipOrderBody,
          response: { 200: PartsOrderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        advancePartsOrder(deps, actorOf(request), request.params.id, { step: 'ship', ...request.body }),
    );
    app.post(
      '/parts-orders/:id/refusal',
      {
        schema: {
          tags,
          summary: 'Refuse an order before it ships; what was reserved is released (the brand’s staff)',
          params: IdParams,
          body: RefuseOrderBody,
          response: { 200: PartsOrderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        advancePartsOrder(deps, actorOf(request), request.params.id, { step: 'refuse', ...request.body }),
    );
  };
}
