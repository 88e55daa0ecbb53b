import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { DEFAULT_PAGE_SIZE } from '../../app/pagination.ts';
import {
  createProduct,
  deleteProduct,
  listProducts,
  showProduct,
  updateProduct,
} from '../../app/product/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  CreateProductBody,
  ProductListQuery,
  ProductPage,
  ProductSchema,
  UpdateProductBody,
} from '../contracts/products.ts';

export function productRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['products'];
    app.get(
      '/products',
      {
        schema: {
          tags,
          summary: 'The product catalogue, by model',
          querystring: ProductListQuery,
          response: { 200: ProductPage, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listProducts(deps, actorOf(request), {
          limit: request.query.limit ?? DEFAULT_PAGE_SIZE,
          cursor: request.query.cursor,
        }),
    );
    app.post(
      '/products',
      {
        schema: {
          tags,
          summary: 'Create a product with its bill of parts',
          body: CreateProductBody,
          response: { 201: ProductSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createProduct(deps, actorOf(request), request.body)),
    );
    app.get(
      '/products/:id',
      {
        schema: {
          tags,
          summary: 'One product',
          params: IdParams,
          response: { 200: ProductSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showProduct(deps, actorOf(request), request.params.id),
    );
    app.patch(
      '/products/:id',
      {
        schema: {
          tags,
          summary: 'Change a product; a given bill of parts replaces the old one',
          params: IdParams,
          body: UpdateProductBody,
          response: { 200: ProductSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateProduct(deps, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      '/products/:id',
      {
        schema: {
          tags,
          summary: 'Delete a product that has no units',
          params: IdParams,
          response: { 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        await deleteProduct(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
