import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import { similarity } from '../../domain/knowledge/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { caseProduct } from './case-suggestions.ts';

/** Resolved cases looked at per request: the newest of the same failure part category. */
export const SIMILAR_CANDIDATES = 300;

export interface SimilarCase {
  id: string;
  number: string;
  description: string;
  productModel: string | null;
  partCategory: string | null;
  cause: string | null;
  resolvedAt: string;
  diagnosis: {
    partCategory: string | null;
    cause: string | null;
    result: string | null;
    note: string | null;
  } | null;
  parts: { partNumber: string; quantity: number }[];
  score: number;
}

/**
 * The resolved cases most like this one, with their diagnosis and the parts their repairs used.
 * Candidates: the newest resolved or closed cases with the same failure part category
 * (`cases_resolved_by_failure`), or the newest resolved ones (`cases_history`) when the case has
 * no failure yet; scored by `similarity` (field matches + Jaccard of the texts' terms). Brand
 * staff only: other customers' cases.
 */
export async function similarCases(deps: AppDeps, actor: Actor, caseId: string): Promise<SimilarCase[]> {
  if (!readsBrandInternals(actor)) throw new AppError('forbidden');
  const target = await loadVisibleCase(deps.db, actor, caseId);
  const product = await caseProduct(deps, actor.tenantId, target.unit_id);
  const partCategory = target.failure?.partCategory ?? null;
  let query = deps.db
    .selectFrom('cases')
    .leftJoin('units', (j) =>
      j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
    )
    .select([
      'cases.case_id',
      'cases.number',
      'cases.description',
      'cases.failure',
      'cases.updated_at',
      'units.product_id',
    ])
    .where('cases.tenant_id', '=', actor.tenantId)
    .where('cases.state', 'in', ['resolved', 'closed'])
    .where('cases.case_id', '<>', caseId)
    .orderBy('cases.updated_at', 'desc')
    .limit(SIMILAR_CANDIDATES);
  if (partCategory) {
    query = query
      .where('cases.merged_into_case_id', 'is', null)
      .where(sql<string>`cases.failure->>'partCategory'`, '=', partCategory);
  }
  const candidates = await query.execute();
  const targetLike = {
    productId: product?.product_id ?? null,
    partCategory,
    cause: target.failure?.cause ?? null,
    text: target.description,
  };
  const scored = candidates
    .map((c) => ({
      c,
      score: similarity(targetLike, {
        productId: c.product_id,
        partCategory: c.failure?.partCategory ?? null,
        cause: c.failure?.cause ?? null,
        text: c.description,
      }),
    }))
    // Same product required when the case has one: another model's fix rarely applies.
    .filter(({ c }) => !product || c.product_id === product.product_id)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5);
  if (scored.length === 0) return [];
  const ids = scored.map((s) => s.c.case_id);
  const repairs = await deps.db
    .selectFrom('repairs')
    .select(['repair_id', 'case_id', 'part_category', 'cause', 'result', 'result_note', 'opened_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', 'in', ids)
    .orderBy('opened_at', 'desc')
    .execute();
  const parts = repairs.length
    ? await deps.db
        .selectFrom('repair_parts')
        .select(['repair_id', 'part_number', 'quantity'])
        .where('tenant_id', '=', actor.tenantId)
        .where(
          'repair_id',
          'in',
          repairs.map((r) => r.repair_id),
        )
        .where('state', '=', 'consumed')
        .execute()
    : [];
  const models = new Map<string, string>();
  if (product) models.set(product.product_id, product.model);
  return scored.map(({ c, score }) => {
    const repair = repairs.find((r) => r.case_id === c.case_id);
    return {
      id: c.case_id,
      number: c.number,
      description: c.description,
      productModel: c.product_id ? (models.get(c.product_id) ?? null) : null,
      partCategory: c.failure?.partCategory ?? null,
      cause: c.failure?.cause ?? null,
      resolvedAt: c.updated_at.toISOString(),
      diagnosis: repair
        ? {
            partCategory: repair.part_category,
            cause: repair.cause,
            result: repair.result,
            note: repair.result_note,
          }
        : null,
      parts: parts
        .filter((p) => repairs.some((r) => r.repair_id === p.repair_id && r.case_id === c.case_id))
        .map((p) => ({ partNumber: p.part_number, quantity: p.quantity })),
      score: Math.round(score * 1000) / 1000,
    };
  });
}
