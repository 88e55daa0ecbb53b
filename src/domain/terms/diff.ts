/**
 * What changed between two versions of an agreement, clause by clause. A clause is a part with a
 * `ref`; a change outside any `ref` is reported under its section's path. List items are matched
 * by what identifies them (their ref, part category, cause, condition), not by position, so an
 * inserted exclusion does not show as every later one changing.
 */
import type { Agreement, AgreementRef } from './agreement.ts';
import { AGREEMENT_SPEC } from './schema.ts';

/** Sections in the order the format lists them, so that a diff reads the same whatever the storage did to key order. */
const SECTION_ORDER: string[] = AGREEMENT_SPEC.t === 'obj' ? Object.keys(AGREEMENT_SPEC.fields) : [];
const sectionRank = (path: string) => {
  const i = SECTION_ORDER.indexOf(path.split(/[.[]/)[0]!);
  return i < 0 ? SECTION_ORDER.length : i;
};

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface ClauseChange {
  /** The clause's ref (`§2.3`), or null for a part with none. */
  ref: string | null;
  /** Where the clause is in the format (`coverage.components[compressor]`). */
  path: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

export interface AgreementDiff {
  from: AgreementRef;
  to: AgreementRef;
  clauses: ClauseChange[];
}

interface Leaf {
  clauseRef: string | null;
  clausePath: string;
  value: unknown;
}

const IDENTITY = ['ref', 'part_category', 'cause', 'condition', 'require', 'duty'] as const;

function itemKey(item: unknown, index: number): string {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object') {
    for (const k of IDENTITY) {
      const v = (item as Record<string, unknown>)[k];
      if (typeof v === 'string') return v;
    }
  }
  return String(index);
}

function flatten(
  value: unknown,
  path: string,
  clause: { ref: string | null; path: string },
  out: Map<string, Leaf>,
): void {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      out.set(path, { clauseRef: clause.ref, clausePath: clause.path, value });
      return;
    }
    value.forEach((item, i) => {
      flatten(item, `${path}[${itemKey(item, i)}]`, clause, out);
    });
    return;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const here = typeof record.ref === 'string' ? { ref: record.ref, path } : clause;
    for (const [k, v] of Object.entries(record)) {
      if (k === 'ref') continue;
      const child = path ? `${path}.${k}` : k;
      // A top-level section with no ref is its own clause.
      const next = !path && here === clause ? { ref: null, path: k } : here;
      flatten(v, child, next, out);
    }
    return;
  }
  out.set(path, { clauseRef: clause.ref, clausePath: clause.path, value });
}

const HEADER = new Set(['id', 'version', 'supersedes']);

export function diffAgreements(from: Agreement, to: Agreement): AgreementDiff {
  const before = new Map<string, Leaf>();
  const after = new Map<string, Leaf>();
  flatten(from, '', { ref: null, path: '' }, before);
  flatten(to, '', { ref: null, path: '' }, after);
  const clauses = new Map<string, ClauseChange & { added: number; removed: number }>();
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(
    (x, y) => sectionRank(x) - sectionRank(y) || (x < y ? -1 : x > y ? 1 : 0),
  );
  for (const path of paths) {
    if (HEADER.has(path)) continue;
    const b = before.get(path);
    const a = after.get(path);
    if (b && a && JSON.stringify(b.value) === JSON.stringify(a.value)) continue;
    const leaf = (a ?? b)!;
    const key = leaf.clauseRef ?? leaf.clausePath;
    const entry = clauses.get(key) ?? {
      ref: leaf.clauseRef,
      path: leaf.clausePath,
      change: 'changed' as const,
      fields: [],
      added: 0,
      removed: 0,
    };
    entry.fields.push({ path, before: b?.value ?? null, after: a?.value ?? null });
    if (!b) entry.added++;
    if (!a) entry.removed++;
    clauses.set(key, entry);
  }
  return {
    from: { id: from.id, version: from.version },
    to: { id: to.id, version: to.version },
    clauses: [...clauses.values()].map(({ added, removed, ...c }) => ({
      ...c,
      change: added === c.fields.length ? 'added' : removed === c.fields.length ? 'removed' : 'changed',
    })),
  };
}
