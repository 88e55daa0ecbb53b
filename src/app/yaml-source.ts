import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** A problem in a source file, placed for a person: file, line and column (1-based), key path. */
export interface PlacedProblem<Kind extends string> {
  file: string;
  line: number;
  col: number;
  /** `coverage.components[0].duration`; `(syntax)` or `(top)` for the document itself. */
  keyPath: string;
  kind: Kind | 'syntax' | 'type';
  message: string;
}

type Checked<T, Kind extends string, Path> =
  | { ok: true; value: T }
  | { ok: false; problems: { path: Path; kind: Kind; message: string }[] };

/**
 * Reads a YAML or JSON text (JSON goes through the YAML parser, so positions work alike), asks
 * for a mapping at the top, and hands its value to `check`. Never throws for a bad file: the
 * syntax errors or `check`'s problems come back, each placed at its key in the file.
 */
export function readYamlSource<T, Kind extends string, Path extends readonly (string | number)[]>(
  source: { name: string; text: string },
  check: (value: Record<string, unknown>) => Checked<T, Kind, Path>,
  formatPath: (path: Path) => string,
): { ok: true; value: T; raw: Record<string, unknown> } | { ok: false; problems: PlacedProblem<Kind>[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = at(e.pos[0]);
        return {
          file: source.name,
          line: pos.line,
          col: pos.col,
          keyPath: '(syntax)',
          kind: 'syntax',
          message: e.message.split('\n')[0]!,
        };
      }),
    };
  }
  const root = doc.contents as Node | null;
  if (!root || !isMap(root)) {
    return {
      ok: false,
      problems: [
        {
          file: source.name,
          line: 1,
          col: 1,
          keyPath: '(top)',
          kind: 'type',
          message: 'expected a mapping at the top',
        },
      ],
    };
  }
  const raw = doc.toJS() as Record<string, unknown>;
  const result = check(raw);
  if (result.ok) return { ok: true, value: result.value, raw };
  return {
    ok: false,
    problems: result.problems.map((p) => {
      const pos = at(locateYamlPath(root, p.path, p.kind === 'unknown_key'));
      return {
        file: source.name,
        line: pos.line,
        col: pos.col,
        keyPath: formatPath(p.path),
        kind: p.kind,
        message: p.message,
      };
    }),
  };
}

/**
 * The source offset of the node at a key path: the key itself when `atKey` (an unknown key),
 * else its value; where the path stops existing, the nearest parent.
 */
export function locateYamlPath(
  root: Node | null,
  path: readonly (string | number)[],
  atKey: boolean,
): number {
  let node: unknown = root;
  let offset = root?.range?.[0] ?? 0;
  for (const [i, part] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part),
      );
      if (!pair) return offset;
      const key = pair.key as Node;
      if (last && atKey) return key.range?.[0] ?? offset;
      const value = pair.value as Node | null;
      offset = value?.range?.[0] ?? key.range?.[0] ?? offset;
      node = value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}
