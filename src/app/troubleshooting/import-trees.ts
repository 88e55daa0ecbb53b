import canonicalizeModule from 'canonicalize';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { checkTree, formatTreePath, type TroubleshootingTree } from '../../domain/troubleshooting/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { type PlacedProblem, readYamlSource } from '../yaml-source.ts';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export interface TreeSource {
  name: string;
  text: string;
}

export interface TreeImport {
  key: string;
  version: number;
  product: string;
  faultCode: string;
  /** False when the file says what the newest version says already: no version is added. */
  changed: boolean;
}

/** A tree import refused: every problem placed at its file, line and field; nothing stored. */
function problemsError(problems: PlacedProblem<string>[]): AppError {
  const fields: FieldProblem[] = problems.map((p) => ({
    path: `${p.file}:${p.line}:${p.col} ${p.keyPath}`,
    message: p.message,
  }));
  const first = problems.slice(0, 3).map((p) => `${p.file}:${p.line}:${p.col} ${p.keyPath}: ${p.message}`);
  return new AppError('invalid_input', {
    fields,
    detail: {
      en: `${problems.length} problem(s) in the troubleshooting guides; nothing was stored. ${first.join('; ')}`,
      zh: `故障排查向导文件中有 ${problems.length} 处问题，未保存任何内容。${first.join('；')}`,
    },
  });
}

/** Staff who configure the brand's service (admin, manager) import guides. */
export function mayWriteTrees(actor: Actor): void {
  if (visibilityOf(actor).kind !== 'tenant' || !['admin', 'manager'].includes(actor.role))
    throw new AppError('forbidden');
}

/**
 * Imports troubleshooting trees from YAML or JSON files, all or none: each file is checked
 * (fields, both languages, answers leading to nodes that exist, no cycle, nothing unreachable) and
 * against its product (the model exists, an "order a part" end names one of its part categories).
 * A tree whose text differs from its newest version becomes the next version; earlier versions
 * stay, since a walk names the version it followed.
 */
export async function importTrees(
  deps: AppDeps,
  author: ChangeAuthor,
  sources: TreeSource[],
  within?: Tx,
  options: { checkOnly?: boolean } = {},
): Promise<TreeImport[]> {
  return inTransaction(
    deps,
    async (trx) => {
      const problems: PlacedProblem<string>[] = [];
      const checked: { tree: TroubleshootingTree; productId: string; source: string }[] = [];
      const products = new Map(
        (
          await trx
            .selectFrom('products')
            .select(['product_id', 'model', 'part_categories'])
            .where('tenant_id', '=', author.tenantId)
            .execute()
        ).map((p) => [p.model, p]),
      );
      const seen = new Set<string>();
      for (const source of sources) {
        let productId = '';
        const result = readYamlSource(
          source,
          (raw) => {
            const product = typeof raw.product === 'string' ? products.get(raw.product) : undefined;
            const first = checkTree(raw, product ? readJson(product.part_categories) : undefined);
            if (!first.ok) return first;
            if (!product)
              return {
                ok: false as const,
                problems: [
                  {
                    path: ['product'],
                    kind: 'not_in_vocabulary' as const,
                    message: `no product with model "${first.value.product}"; known: ${[...products.keys()].join(', ')}`,
                  },
                ],
              };
            productId = product.product_id;
            return first;
          },
          formatTreePath,
        );
        if (!result.ok) {
          problems.push(...result.problems);
          continue;
        }
        if (seen.has(result.value.key)) {
          problems.push({
            file: source.name,
            line: 1,
            col: 1,
            keyPath: 'key',
            kind: 'type',
            message: `another file of this import has the key "${result.value.key}"`,
          });
          continue;
        }
        seen.add(result.value.key);
        checked.push({ tree: result.value, productId, source: source.name });
      }
      if (problems.length > 0) throw problemsError(problems);
      const imported: TreeImport[] = [];
      // A check (the console's guide editor before saving) stops here: nothing is written.
      if (options.checkOnly)
        return checked.map(({ tree }) => ({
          key: tree.key,
          version: 0,
          product: tree.product,
          faultCode: tree.faultCode,
          changed: false,
        }));
      for (const { tree, productId, source } of checked) {
        const newest = await trx
          .selectFrom('troubleshooting_trees')
          .select(['version', 'spec'])
          .where('tenant_id', '=', author.tenantId)
          .where('key', '=', tree.key)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
        const same = newest && canonicalize(readJson(newest.spec)) === canonicalize(tree);
        const version = same ? newest.version : (newest?.version ?? 0) + 1;
        if (!same) {
          await trx
            .insertInto('troubleshooting_trees')
            .values({
              tenant_id: author.tenantId,
              key: tree.key,
              version,
              product_id: productId,
              fault_code: tree.faultCode,
              spec: JSON.stringify(tree),
              source_name: source,
              imported_at: deps.now(),
              imported_by_user_id: author.userId,
            })
            .execute();
          await recordChange(deps, trx, author, {
            type: 'troubleshooting.tree_imported',
            subject: { type: 'product', id: productId },
            payload: { key: tree.key, version, faultCode: tree.faultCode, source, tree },
          });
        }
        imported.push({
          key: tree.key,
          version,
          product: tree.product,
          faultCode: tree.faultCode,
          changed: !same,
        });
      }
      return imported;
    },
    within,
  );
}
