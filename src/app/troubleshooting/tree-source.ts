import { stringify } from 'yaml';
import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import type { ChangeAuthor } from '../evidence/index.ts';
import { importTrees, mayWriteTrees, type TreeImport, type TreeSource } from './import-trees.ts';
import { loadTree } from './tree-store.ts';

/**
 * A guide's newest version as YAML, for the console's guide editor: what the import reads back
 * (the stored tree, not the comments of the file it came from), named `KEY.yaml`.
 */
export async function treeSource(
  deps: AppDeps,
  actor: Actor,
  key: string,
): Promise<{ key: string; version: number; name: string; text: string }> {
  mayWriteTrees(actor);
  const stored = await loadTree(deps.db, actor.tenantId, key);
  // The stored nodes carry the `kind` the check derived (question or end); the file format does not.
  const nodes = Object.fromEntries(
    Object.entries(stored.tree.nodes).map(([id, node]) => {
      const { kind: _kind, ...written } = node as { kind: string } & Record<string, unknown>;
      return [id, written];
    }),
  );
  return {
    key: stored.key,
    version: stored.version,
    name: `${stored.key}.yaml`,
    text: stringify({ ...stored.tree, nodes }, { lineWidth: 0 }),
  };
}

/**
 * Checks guides as the import would (fields, both languages, reachable nodes, no cycle, the
 * product and its part categories), storing nothing: problems come back placed at file, line,
 * column and field, as the import's own.
 */
export async function checkTrees(
  deps: AppDeps,
  author: ChangeAuthor,
  sources: TreeSource[],
): Promise<TreeImport[]> {
  return importTrees(deps, author, sources, undefined, { checkOnly: true });
}
