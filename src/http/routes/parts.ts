import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import {
  createLocation,
  listParts,
  listStock,
  partsDuty,
  receiveStockAt,
  reorderSuggestions,
  transferStock,
  upsertPart,
} from '../../app/parts/index.ts';
import { actorOf } from '../auth.ts';
import { STANDARD_PROBLEMS, Text } from '../contracts/common.ts';
import {
  DutySchema,
  LocationBody,
  LocationKey,
  PartBody,
  PartNumber,
  PartSchema,
  ReceiptBody,
  ReorderSchema,
  StockLocationSchema,
  TransferBody,
} from '../contracts/parts.ts';

export function partRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['parts'];
    app.get(
      '/parts',
      {
        schema: {
          tags,
          summary: 'The spare-parts catalogue, with the products that use each part',
          querystring: Type.Object(
            { product: Type.Optional(Text({ maxLength: 63 })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(PartSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listParts(deps, actorOf(request), request.query),
    );
    app.post(
      '/parts',
      {
        schema: {
          tags,
          summary: 'Add a part to the catalogue or change it (admin, manager)',
          body: PartBody,
          response: { 200: PartSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => upsertPart(deps, actorOf(request), request.body),
    );
    app.post(
      '/stock/locations',
      {
        schema: {
          tags,
          summary:
            'A new stock location: warehouse, distributor, consignment or van, with holder and owner (admin, manager)',
          body: LocationBody,
          response: { 201: StockLocationSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createLocation(deps, actorOf(request), request.body)),
    );
    app.get(
      '/parts/reorder',
      {
        schema: {
          tags,
          summary: 'Reorder suggestions from use over the last 90 days (staff)',
          response: { 200: ReorderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => reorderSuggestions(deps, actorOf(request)),
    );
    app.get(
      '/parts/duty',
      {
        schema: {
          tags,
          summary:
            'The spare-parts duty: until when each product’s parts must be available, and the parts at risk (staff)',
          response: { 200: DutySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => partsDuty(deps, actorOf(request)),
    );
    app.get(
      '/stock',
      {
        schema: {
          tags,
          summary: 'On hand, reserved and available per location (a party sees the locations it holds)',
          querystring: Type.Object(
            { location: Type.Optional(LocationKey), part: Type.Optional(PartNumber) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(StockLocationSchema) }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => listStock(deps, actorOf(request), request.query),
    );
    app.post(
      '/stock/receipts',
      {
        schema: {
          tags,
          summary: 'Goods in at a location',
          body: ReceiptBody,
          response: { 200: StockLocationSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => receiveStockAt(deps, actorOf(request), request.body),
    );
    app.post(
      '/stock/transfers',
      {
        schema: {
          tags,
          summary: 'Move units between locations (never what is reserved)',
          body: TransferBody,
          response: {
            200: Type.Object({ from: StockLocationSchema, to: StockLocationSchema }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) => transferStock(deps, actorOf(request), request.body),
    );
  };
}
