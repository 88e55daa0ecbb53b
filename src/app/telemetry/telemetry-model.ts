import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { decideAccess } from '../../domain/access/index.ts';
import { checkModel, type TelemetryModel } from '../../domain/telemetry/index.ts';
import { type Database, readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';

/**
 * Sets a product's telemetry model (by its model name), after checking it against the product's
 * part categories: a rule that suspects a part the product does not have is refused.
 */
export async function setTelemetryModel(
  deps: AppDeps,
  author: Actor,
  productModel: string,
  spec: TelemetryModel,
  within?: Tx,
): Promise<{ productId: string; model: TelemetryModel }> {
  if (!decideAccess(author, 'write', 'product').allowed) throw new AppError('forbidden');
  return inTransaction(
    deps,
    async (trx) => {
      const product = await writeTelemetryModel(trx, author.tenantId, productModel, spec, deps.now());
      await recordChange(deps, trx, author, {
        type: 'product.changed',
        subject: { type: 'product', id: product.product_id },
        payload: { model: productModel, telemetryModel: spec },
      });
      return { productId: product.product_id, model: spec };
    },
    within,
  );
}

/** Checks and writes a product's telemetry model, without recording it (the demo seed's path). */
export async function writeTelemetryModel(
  trx: Kysely<Database>,
  tenantId: string,
  productModel: string,
  spec: TelemetryModel,
  now: Date,
): Promise<{ product_id: string }> {
  const product = await trx
    .selectFrom('products')
    .select(['product_id', 'part_categories'])
    .where('tenant_id', '=', tenantId)
    .where('model', '=', productModel)
    .executeTakeFirst();
  if (!product) throw notFound({ en: 'No such product.', zh: '没有该产品。' });
  const problems = checkModel(spec, product.part_categories);
  if (problems.length > 0) throw invalid(problems.map((message) => ({ path: '/body', message })));
  await trx
    .insertInto('telemetry_models')
    .values({
      tenant_id: tenantId,
      product_id: product.product_id,
      spec: JSON.stringify(spec),
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'product_id']).doUpdateSet((eb) => ({
        spec: eb.ref('excluded.spec'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  return product;
}

/** A product's telemetry model, or undefined. */
export async function telemetryModelOf(
  db: Kysely<Database>,
  tenantId: string,
  productId: string,
): Promise<TelemetryModel | undefined> {
  const row = await db
    .selectFrom('telemetry_models')
    .select('spec')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return row ? readJson(row.spec) : undefined;
}

/** A product's telemetry model, by the product's model name, for the brand's staff. */
export async function showTelemetryModel(
  deps: AppDeps,
  reader: Actor,
  productModel: string,
): Promise<TelemetryModel> {
  if (!decideAccess(reader, 'read', 'agreement').allowed) throw new AppError('forbidden');
  const product = await deps.db
    .selectFrom('products')
    .select('product_id')
    .where('tenant_id', '=', reader.tenantId)
    .where('model', '=', productModel)
    .executeTakeFirst();
  if (!product) throw notFound({ en: 'No such product.', zh: '没有该产品。' });
  const model = await telemetryModelOf(deps.db, reader.tenantId, product.product_id);
  if (!model) throw notFound({ en: 'This product has no telemetry model.', zh: '该产品没有遥测模型。' });
  return model;
}
