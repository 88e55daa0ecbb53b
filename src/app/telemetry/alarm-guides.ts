import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { mayRead, textIn } from '../../domain/knowledge/index.ts';
import type { Label } from '../../domain/label.ts';
import type { AppDeps } from '../context.ts';
import { articleReaderOf, effectiveVersions } from '../knowledge/index.ts';

/** Where an alarm code leads: a knowledge-base article or a troubleshooting tree, with its title. */
export interface AlarmGuide {
  kind: 'article' | 'tree';
  key: string;
  title: Label;
}

/**
 * The guides for a unit's alarm codes, for this reader: the published articles attached to the
 * code on the unit's model (or named by the model's alarm spec) that the reader may read, and the
 * troubleshooting trees for the model and code (their newest version). Both by index: articles by
 * their fault codes (GIN, containment), trees by (tenant, product, fault code).
 */
export async function alarmGuides(
  deps: Pick<AppDeps, 'db' | 'now'>,
  actor: Actor,
  unit: { productId: string; model: string },
  codes: ReadonlyArray<{ code: string; article?: string | undefined }>,
): Promise<Map<string, AlarmGuide[]>> {
  const guides = new Map<string, AlarmGuide[]>(codes.map((c) => [c.code, []]));
  if (codes.length === 0) return guides;
  const tenantId = actor.tenantId;
  const now = deps.now();
  const named = codes.flatMap((c) => (c.article ? [c.article] : []));
  const rows = await deps.db
    .selectFrom('kb_articles')
    .select(['article_id', 'key', 'visibility', 'product_ids', 'fault_codes'])
    .where('tenant_id', '=', tenantId)
    .where('state', '<>', 'archived')
    .where('visible_from', '<=', now)
    .where((eb) =>
      eb.or([
        ...codes.map((c) =>
          eb(
            sql<unknown>`fault_codes`,
            '@>',
            sql<unknown>`${JSON.stringify([{ model: unit.model, code: c.code }])}::jsonb`,
          ),
        ),
        ...(named.length > 0 ? [eb('key', 'in', named)] : []),
      ]),
    )
    .orderBy('key')
    .limit(100)
    .execute();
  const reader = await articleReaderOf(deps.db, actor);
  const readableRows = rows.filter((r) =>
    mayRead(reader, { visibility: r.visibility, productIds: r.product_ids }),
  );
  const versions = await effectiveVersions(
    deps.db,
    tenantId,
    readableRows.map((r) => r.article_id),
    now,
  );
  for (const row of readableRows) {
    const version = versions.get(row.article_id);
    if (!version) continue;
    const en = textIn(version.content.texts, 'en');
    const zh = textIn(version.content.texts, 'zh');
    const title = {
      en: en?.text.title ?? zh?.text.title ?? row.key,
      zh: zh?.text.title ?? en?.text.title ?? row.key,
    };
    const attached = (
      typeof row.fault_codes === 'string' ? JSON.parse(row.fault_codes) : row.fault_codes
    ) as Array<{
      model: string;
      code: string;
    }>;
    for (const c of codes)
      if (c.article === row.key || attached.some((f) => f.model === unit.model && f.code === c.code))
        guides.get(c.code)!.push({ kind: 'article', key: row.key, title });
  }
  const trees = await deps.db
    .selectFrom('troubleshooting_trees')
    .select(['key', 'fault_code', 'spec'])
    .distinctOn('key')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', unit.productId)
    .where(
      'fault_code',
      'in',
      codes.map((c) => c.code),
    )
    .orderBy('key')
    .orderBy('version', 'desc')
    .execute();
  for (const t of trees) {
    const spec = typeof t.spec === 'string' ? JSON.parse(t.spec) : t.spec;
    guides.get(t.fault_code)?.push({ kind: 'tree', key: t.key, title: spec.title });
  }
  return guides;
}
