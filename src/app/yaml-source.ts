import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  YAMLParseError,
} from 'yaml';
import { AppError } from './errors.ts';

/** A terms, claim or calendar file is a few kilobytes; a megabyte is far beyond any real one. */
export const MAX_YAML_CHARS = 256 * 1024;
/** Aliases a file may expand (`*name`): enough for shared blocks, too few for an alias bomb. */
export const MAX_YAML_ALIASES = 100;
/** Problems placed and reported per file; the rest are counted in one last problem. */
export const MAX_REPORTED_PROBLEMS = 100;

function tooComplex(file: string, en: string, zh: string): AppError {
  return new AppError('yaml_too_complex', {
    detail: { en: `${file}: ${en}`, zh: `${file}：${zh}` },
    fields: [{ path: file, message: en }],
  });
}

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
 * for a mapping at the top, and hands its value to `check`. A bad file is not thrown: the
 * syntax errors or `check`'s problems come back, each placed at its key in the file (at most
 * `MAX_REPORTED_PROBLEMS`, then a count). A file too large or expanding too many aliases is
 * thrown as `yaml_too_complex`, before any work that grows with it.
 */
export function readYamlSource<T, Kind extends string, Path extends readonly (string | number)[]>(
  source: { name: string; text: string },
  check: (value: Record<string, unknown>) => Checked<T, Kind, Path>,
  formatPath: (path: Path) => string,
): { ok: true; value: T; raw: Record<string, unknown> } | { ok: false; problems: PlacedProblem<Kind>[] } {
  if (source.text.length > MAX_YAML_CHARS) {
    throw tooComplex(
      source.name,
      `the file holds ${source.text.length} characters; at most ${MAX_YAML_CHARS} are read`,
      `文件有 ${source.text.length} 个字符，最多读取 ${MAX_YAML_CHARS} 个`,
    );
  }
  const lineCounter = new LineCounter();
  // The yaml package's own duplicate-key check compares every key with every other (minutes for
  // a large hostile file); duplicates are found below with one set per mapping instead.
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length === 0) {
    visit(doc, {
      Map(_, map) {
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          if (seen.has(key)) {
            const offset = pair.key.range?.[0] ?? 0;
            doc.errors.push(
              new YAMLParseError([offset, offset + key.length], 'DUPLICATE_KEY', 'Map keys must be unique'),
            );
            if (doc.errors.length > MAX_REPORTED_PROBLEMS) return visit.BREAK;
          }
          seen.add(key);
        }
        return undefined;
      },
    });
  }
  const at = (offset: number) => lineCounter.linePos(offset);
  const more = (count: number): PlacedProblem<Kind> => ({
    file: source.name,
    line: 1,
    col: 1,
    keyPath: '(more)',
    kind: 'syntax',
    message: `and ${count} more problem(s) not listed`,
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors
        .slice(0, MAX_REPORTED_PROBLEMS)
        .map((e): PlacedProblem<Kind> => {
          const pos = at(e.pos[0]);
          return {
            file: source.name,
            line: pos.line,
            col: pos.col,
            keyPath: '(syntax)',
            kind: 'syntax',
            message: e.message.split('\n')[0]!,
          };
        })
        .concat(
          doc.errors.length > MAX_REPORTED_PROBLEMS ? [more(doc.errors.length - MAX_REPORTED_PROBLEMS)] : [],
        ),
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
  let raw: Record<string, unknown>;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as Record<string, unknown>;
  } catch (error) {
    // The yaml package refuses an alias bomb with a ReferenceError; anything else is ours.
    if (!(error instanceof ReferenceError)) throw error;
    throw tooComplex(
      source.name,
      `the file expands too many aliases (at most ${MAX_YAML_ALIASES})`,
      `文件展开的别名过多（最多 ${MAX_YAML_ALIASES} 个）`,
    );
  }
  const result = check(raw);
  if (result.ok) return { ok: true, value: result.value, raw };
  // Placing a problem walks the file; only the listed ones are placed.
  const listed = result.problems.slice(0, MAX_REPORTED_PROBLEMS);
  const extra = result.problems.length - listed.length;
  return {
    ok: false,
    problems: listed
      .map((p) => {
        const pos = at(locateYamlPath(root, p.path, p.kind === 'unknown_key'));
        return {
          file: source.name,
          line: pos.line,
          col: pos.col,
          keyPath: formatPath(p.path),
          kind: p.kind,
          message: p.message,
        } as PlacedProblem<Kind>;
      })
      .concat(extra > 0 ? [more(extra)] : []),
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
