/**
 * The terms review's data kept per tenant: installed base, sales, part costs, failure rates,
 * labor and travel rates, and the assumptions the money figures rest on. A review given no data
 * uses what is stored; a change is checked field by field, stored whole with a new revision, and
 * recorded as evidence with who made it.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { DEFAULT_ASSUMPTIONS, DEFAULT_RATES, type ReviewData } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, type FieldProblem, notInVocabulary } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { parseReviewData } from './review-terms-files.ts';

export interface StoredReviewData {
  data: ReviewData;
  /** 0 while nothing is stored. */
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
  /** The assumptions and rates the review uses: the stored ones over its defaults. */
  effective: { assumptions: typeof DEFAULT_ASSUMPTIONS; rates: typeof DEFAULT_RATES };
}

const TOP_LEVEL = ['currency', 'parties', 'calendars', 'products', 'parts', 'rates', 'assumptions'];

/** The stored data of a tenant, or nothing: one primary-key read. */
export async function loadReviewData(
  db: Kysely<Database>,
  tenantId: string,
): Promise<ReviewData | undefined> {
  const row = await db
    .selectFrom('review_data')
    .select('data')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.data;
}

function effectiveOf(data: ReviewData): StoredReviewData['effective'] {
  return {
    assumptions: { ...DEFAULT_ASSUMPTIONS, ...data.assumptions },
    rates: { ...DEFAULT_RATES, ...data.rates },
  };
}

export async function readReviewData(deps: AppDeps, actor: Actor): Promise<StoredReviewData> {
  requireAccess(actor, 'read', 'agreement');
  const row = await deps.db
    .selectFrom('review_data')
    .select(['data', 'revision', 'updated_at', 'updated_by'])
    .where('tenant_id', '=', actor.tenantId)
    .executeTakeFirst();
  const data = row?.data ?? {};
  return {
    data,
    revision: row?.revision ?? 0,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    updatedBy: row?.updated_by ?? null,
    effective: effectiveOf(data),
  };
}

/** Refuses data whose keys are outside the review's closed lists, or whose figures are not numbers. */
export function checkReviewData(data: ReviewData): void {
  const d = data as Record<string, unknown>;
  for (const key of Object.keys(d))
    if (!TOP_LEVEL.includes(key))
      throw notInVocabulary(
        `/body/data/${key}`,
        key,
        { en: 'a section of review data', zh: '审阅数据的栏目' },
        TOP_LEVEL,
      );
  const problems: FieldProblem[] = [];
  const numbers = (section: 'assumptions' | 'rates', allowed: Record<string, number>) => {
    const given = (d[section] ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(given)) {
      if (!(k in allowed))
        throw notInVocabulary(
          `/body/data/${section}/${k}`,
          k,
          section === 'rates' ? { en: 'a rate', zh: '费率项' } : { en: 'an assumption', zh: '假设项' },
          Object.keys(allowed),
        );
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        problems.push({
          path: `/body/data/${section}/${k}`,
          message: `${k} must be a number of zero or more`,
          messageZh: `${k} 必须是不小于零的数字`,
        });
    }
  };
  numbers('assumptions', DEFAULT_ASSUMPTIONS as unknown as Record<string, number>);
  numbers('rates', DEFAULT_RATES);
  for (const [key, p] of Object.entries(data.products ?? {}))
    for (const [area, n] of Object.entries(p.installed_base ?? {}))
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
        problems.push({
          path: `/body/data/products/${key}/installed_base/${area}`,
          message: 'units in service must be a whole number of zero or more',
          messageZh: '在用设备数须为不小于零的整数',
        });
  if (problems.length > 0) throw new AppError('invalid_input', { fields: problems });
}

/**
 * Replaces the tenant's review data (YAML text or an object). With `revision`, refused when
 * someone changed it meanwhile.
 */
export async function updateReviewData(
  deps: AppDeps,
  actor: Actor,
  input: { data: string | ReviewData; revision?: number | undefined },
): Promise<StoredReviewData> {
  requireAccess(actor, 'write', 'agreement');
  const data =
    typeof input.data === 'string' ? parseReviewData({ name: 'data', text: input.data }) : input.data;
  checkReviewData(data);
  const now = deps.now();
  return inTransaction(deps, async (trx) => {
    const current = await trx
      .selectFrom('review_data')
      .select('revision')
      .where('tenant_id', '=', actor.tenantId)
      .forUpdate()
      .executeTakeFirst();
    const was = current?.revision ?? 0;
    if (input.revision !== undefined && input.revision !== was) throw new AppError('changed_meanwhile');
    const revision = was + 1;
    const row = {
      data: JSON.stringify(data),
      revision,
      updated_at: now,
      updated_by: actor.userId,
    };
    await trx
      .insertInto('review_data')
      .values({ tenant_id: actor.tenantId, ...row })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row))
      .execute();
    await recordChange(
      deps,
      trx,
      { tenantId: actor.tenantId, userId: actor.userId, authenticatedBy: actor.authenticatedBy },
      {
        type: 'terms.review_data_changed',
        subject: { type: 'tenant', id: actor.tenantId },
        payload: { revision, data },
      },
    );
    return {
      data,
      revision,
      updatedAt: now.toISOString(),
      updatedBy: actor.userId,
      effective: effectiveOf(data),
    };
  });
}
