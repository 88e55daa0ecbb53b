import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';

/** A tenant by slug, or the only one when no slug is given. */
export async function findTenant(deps: AppDeps, slug?: string): Promise<{ tenantId: string; slug: string }> {
  let query = deps.db.selectFrom('tenants').select(['tenant_id', 'slug']);
  if (slug) query = query.where('slug', '=', slug);
  const rows = await query.limit(2).execute();
  if (rows.length === 0) {
    throw notFound({
      en: slug ? `No tenant "${slug}".` : 'The database has no tenant yet.',
      zh: slug ? `没有租户 "${slug}"。` : '数据库中还没有租户。',
    });
  }
  if (rows.length > 1) {
    throw new AppError('invalid_input', {
      fields: [{ path: '--tenant', message: 'several tenants exist: name one' }],
    });
  }
  return { tenantId: rows[0]!.tenant_id, slug: rows[0]!.slug };
}
