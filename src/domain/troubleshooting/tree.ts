import type { Label } from '../label.ts';
import { END_KIND_LABELS, type EndKind } from './labels.ts';

/** One answer to a question: its words and the node it leads to. */
export interface TreeAnswer {
  label: Label;
  next: string;
}

export type TreeNode =
  | { kind: 'question'; question: Label; help?: Label | undefined; answers: TreeAnswer[] }
  | { kind: 'end'; end: EndKind; text: Label; partCategory?: string | undefined };

/**
 * A guided troubleshooting tree: for one product model and fault code, questions whose answers
 * lead to further questions or to an end (solved, needs a technician, order a part). The key is
 * what articles name it by (`ch900-e12`).
 */
export interface TroubleshootingTree {
  key: string;
  product: string;
  faultCode: string;
  title: Label;
  start: string;
  nodes: Record<string, TreeNode>;
}

export type TreePath = (string | number)[];
export type TreeProblemKind =
  | 'missing'
  | 'type'
  | 'unknown_key'
  | 'not_in_vocabulary'
  | 'unknown_node'
  | 'cycle'
  | 'unreachable';
export interface TreeProblem {
  path: TreePath;
  kind: TreeProblemKind;
  message: string;
}

/** Bounds that keep a tree a thing a person walks on a phone call. */
export const MAX_NODES = 200;
export const MAX_ANSWERS = 8;
export const MAX_TEXT = 2000;
const KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const END_KINDS = Object.keys(END_KIND_LABELS) as EndKind[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a tree as read from YAML or JSON: every field present and of its type, every text in
 * English and Chinese, every answer leading to a node that exists, no cycle (a walk always
 * ends), every node reachable from the start. `partCategories`, when given, is the product's
 * vocabulary an "order a part" end must name one of. Problems carry the key path of the field.
 */
export function checkTree(
  raw: Record<string, unknown>,
  partCategories?: readonly string[],
): { ok: true; value: TroubleshootingTree } | { ok: false; problems: TreeProblem[] } {
  const problems: TreeProblem[] = [];
  const problem = (path: TreePath, kind: TreeProblemKind, message: string) =>
    problems.push({ path, kind, message });
  const known = (value: Record<string, unknown>, path: TreePath, keys: string[]) => {
    for (const k of Object.keys(value))
      if (!keys.includes(k))
        problem([...path, k], 'unknown_key', `unknown field; allowed: ${keys.join(', ')}`);
  };
  const text = (value: unknown, path: TreePath, what: string): string | undefined => {
    if (value === undefined) {
      problem(path, 'missing', `${what} is required`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problem(path, 'type', `${what} must be a non-empty text`);
      return undefined;
    }
    if (value.length > MAX_TEXT) {
      problem(path, 'type', `${what} is longer than ${MAX_TEXT} characters`);
      return undefined;
    }
    return value;
  };
  const label = (value: unknown, path: TreePath, what: string): Label | undefined => {
    if (!isObject(value)) {
      problem(
        path,
        value === undefined ? 'missing' : 'type',
        `${what} needs an English (en) and a Chinese (zh) text`,
      );
      return undefined;
    }
    known(value, path, ['en', 'zh']);
    const en = text(value.en, [...path, 'en'], `${what} in English`);
    const zh = text(value.zh, [...path, 'zh'], `${what} in Chinese`);
    return en !== undefined && zh !== undefined ? { en, zh } : undefined;
  };

  known(raw, [], ['key', 'product', 'faultCode', 'title', 'start', 'nodes']);
  const key = text(raw.key, ['key'], 'key');
  if (key !== undefined && !KEY.test(key))
    problem(['key'], 'type', 'key is lower-case letters, digits and dashes (e.g. ch900-e12), at most 63');
  const product = text(raw.product, ['product'], 'product (the model, e.g. CH-900)');
  const faultCode = text(raw.faultCode, ['faultCode'], 'faultCode (e.g. E12)');
  const title = label(raw.title, ['title'], 'title');
  const start = text(raw.start, ['start'], 'start (the first node)');
  const nodes: Record<string, TreeNode> = {};
  if (!isObject(raw.nodes)) {
    problem(
      ['nodes'],
      raw.nodes === undefined ? 'missing' : 'type',
      'nodes must be a mapping of node names to nodes',
    );
  } else {
    const ids = Object.keys(raw.nodes);
    if (ids.length === 0) problem(['nodes'], 'missing', 'a tree needs at least one node');
    if (ids.length > MAX_NODES) problem(['nodes'], 'type', `a tree has at most ${MAX_NODES} nodes`);
    for (const id of ids.slice(0, MAX_NODES)) {
      const path: TreePath = ['nodes', id];
      const node = raw.nodes[id];
      if (!NODE_ID.test(id)) problem(path, 'type', 'a node name is letters, digits, _ and -, at most 64');
      if (!isObject(node)) {
        problem(path, 'type', 'a node is a mapping: a question with answers, or an end');
        continue;
      }
      if (node.end !== undefined) {
        known(node, path, ['end', 'text', 'partCategory']);
        const end = node.end as EndKind;
        if (!END_KINDS.includes(end)) {
          problem([...path, 'end'], 'not_in_vocabulary', `end must be one of: ${END_KINDS.join(', ')}`);
          continue;
        }
        const words = label(node.text, [...path, 'text'], 'the end text');
        let partCategory: string | undefined;
        if (end === 'part') {
          partCategory = text(
            node.partCategory,
            [...path, 'partCategory'],
            'an "order a part" end names its partCategory',
          );
          if (partCategory !== undefined && partCategories && !partCategories.includes(partCategory))
            problem(
              [...path, 'partCategory'],
              'not_in_vocabulary',
              `"${partCategory}" is not a part category of ${product ?? 'the product'}; allowed: ${partCategories.join(', ')}`,
            );
        } else if (node.partCategory !== undefined) {
          problem(
            [...path, 'partCategory'],
            'unknown_key',
            'only an "order a part" end names a part category',
          );
        }
        if (words) nodes[id] = { kind: 'end', end, text: words, ...(partCategory ? { partCategory } : {}) };
        continue;
      }
      known(node, path, ['question', 'help', 'answers']);
      const question = label(node.question, [...path, 'question'], 'the question');
      const help = node.help === undefined ? undefined : label(node.help, [...path, 'help'], 'the help text');
      const answers: TreeAnswer[] = [];
      if (!Array.isArray(node.answers) || node.answers.length === 0) {
        problem(
          [...path, 'answers'],
          node.answers === undefined ? 'missing' : 'type',
          'a question needs a list of answers (or the node is an end: give end)',
        );
      } else {
        if (node.answers.length > MAX_ANSWERS)
          problem([...path, 'answers'], 'type', `a question has at most ${MAX_ANSWERS} answers`);
        for (const [i, answer] of node.answers.slice(0, MAX_ANSWERS).entries()) {
          const at: TreePath = [...path, 'answers', i];
          if (!isObject(answer)) {
            problem(at, 'type', 'an answer is a mapping with label and next');
            continue;
          }
          known(answer, at, ['label', 'next']);
          const words = label(answer.label, [...at, 'label'], 'the answer');
          const next = text(answer.next, [...at, 'next'], 'next (the node this answer leads to)');
          if (next !== undefined && !Object.hasOwn(raw.nodes, next))
            problem([...at, 'next'], 'unknown_node', `no node named "${next}"`);
          if (words && next !== undefined) answers.push({ label: words, next });
        }
      }
      if (question) nodes[id] = { kind: 'question', question, ...(help ? { help } : {}), answers };
    }
    if (start !== undefined && !Object.hasOwn(raw.nodes, start))
      problem(['start'], 'unknown_node', `no node named "${start}"`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const tree: TroubleshootingTree = {
    key: key!,
    product: product!,
    faultCode: faultCode!,
    title: title!,
    start: start!,
    nodes,
  };
  problems.push(...shapeProblems(tree));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: tree };
}

/**
 * A walk must always end: an answer leading back to a question already on the way is a cycle,
 * and a node no walk reaches is a mistake of the author (refused, not silently kept).
 */
function shapeProblems(tree: TroubleshootingTree): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const state = new Map<string, 'open' | 'done'>();
  // Iterative depth-first search: a deep tree does not exhaust the stack.
  const stack: { id: string; answer: number }[] = [{ id: tree.start, answer: 0 }];
  state.set(tree.start, 'open');
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = tree.nodes[top.id]!;
    const answers = node.kind === 'question' ? node.answers : [];
    if (top.answer >= answers.length) {
      state.set(top.id, 'done');
      stack.pop();
      continue;
    }
    const i = top.answer++;
    const next = answers[i]!.next;
    const seen = state.get(next);
    if (seen === 'open') {
      problems.push({
        path: ['nodes', top.id, 'answers', i, 'next'],
        kind: 'cycle',
        message: `leads back to "${next}", which comes before it: a walk would never end`,
      });
    } else if (seen === undefined) {
      state.set(next, 'open');
      stack.push({ id: next, answer: 0 });
    }
  }
  for (const id of Object.keys(tree.nodes))
    if (!state.has(id))
      problems.push({
        path: ['nodes', id],
        kind: 'unreachable',
        message: `no answer leads to "${id}" from the start`,
      });
  return problems;
}

/** `nodes.check_filter.answers[1].next`, as a person reads a place in the file. */
export function formatTreePath(path: TreePath): string {
  return (
    path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s === '' ? p : `${s}.${p}`), '') ||
    '(top)'
  );
}
