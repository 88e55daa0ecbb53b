import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/**
 * The source offset of the node at a key path in a parsed YAML (or JSON) document, for error
 * messages with line and column: the key itself when `atKey` (an unknown key), else its value;
 * where the path stops existing, the nearest parent.
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

/** A YAML syntax error, placed for a person: file, line and column. */
export interface YamlSyntaxProblem {
  file: string;
  line: number;
  col: number;
  keyPath: '(syntax)';
  kind: 'syntax';
  message: string;
}

/** The syntax errors of a parsed document, each with its place, the first line of the parser's message. */
export function yamlSyntaxProblems(
  file: string,
  errors: readonly { pos: [number, number]; message: string }[],
  lineCounter: LineCounter,
): YamlSyntaxProblem[] {
  return errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return {
      file,
      line: pos.line,
      col: pos.col,
      keyPath: '(syntax)',
      kind: 'syntax',
      message: e.message.split('\n')[0]!,
    };
  });
}
