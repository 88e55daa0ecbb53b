import type { Agreement, ClaimFile } from '../../domain/terms/index.ts';
import {
  formatPath,
  type ProblemKind,
  type Validated,
  type ValidateOptions,
  validateAgreement,
  validateClaim,
} from '../../domain/terms/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { type PlacedProblem, readYamlSource } from '../yaml-source.ts';

/** One file's text and the name it is known by (a path, or the name an upload gave). */
export interface TermsSource {
  name: string;
  text: string;
}

/** A problem in a file, where it is: file, line and column (1-based), and the key path. */
/** A problem in a terms file: file, line and column, key path (`coverage.components[0].duration`). */
export type SourceProblem = PlacedProblem<ProblemKind>;

export interface ParsedAgreement {
  agreement: Agreement;
  source: TermsSource;
}

export function formatSourceProblem(p: SourceProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.keyPath}: ${p.message}`;
}

/** The problems as an `invalid_input` error, one field per problem, each naming file:line:col and key. */
export function sourceProblemsError(problems: SourceProblem[]): AppError {
  const fields: FieldProblem[] = problems.map((p) => ({
    path: `${p.file}:${p.line}:${p.col} ${p.keyPath}`,
    message: p.message,
  }));
  return new AppError('invalid_input', {
    fields,
    detail: {
      en: `${problems.length} problem(s) in the terms; nothing was stored. ${problems
        .slice(0, 3)
        .map(formatSourceProblem)
        .join('; ')}`,
      zh: `条款文件中有 ${problems.length} 处问题，未保存任何内容。${problems
        .slice(0, 3)
        .map(formatSourceProblem)
        .join('；')}`,
    },
  });
}

/**
 * Reads a YAML or JSON text (JSON is read by the YAML parser, so positions work the same) and
 * checks it with `check`. Returns the value or the problems, each with its place in the file.
 */
function parseSource<T>(
  source: TermsSource,
  check: (value: unknown) => Validated<T>,
): { ok: true; value: T } | { ok: false; problems: SourceProblem[] } {
  return readYamlSource(source, check, formatPath);
}

/**
 * Parses and validates a set of terms files. Every file is read and every problem reported; two
 * files with the same id and version are a problem too. The caller stores nothing unless
 * `problems` is empty.
 */
export function parseTerms(
  sources: readonly TermsSource[],
  options: ValidateOptions = {},
): { agreements: ParsedAgreement[]; problems: SourceProblem[] } {
  const agreements: ParsedAgreement[] = [];
  const problems: SourceProblem[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const result = parseSource(source, (value) => validateAgreement(value, options));
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const key = `${result.value.id}@${result.value.version}`;
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({
        file: source.name,
        line: 1,
        col: 1,
        keyPath: 'version',
        kind: 'value',
        message: `${result.value.id} version ${result.value.version} is also in ${earlier}`,
      });
      continue;
    }
    seen.set(key, source.name);
    agreements.push({ agreement: result.value, source });
  }
  return { agreements, problems };
}

/** Parses terms and throws an `invalid_input` AppError naming every problem's place. */
export function parseTermsOrThrow(
  sources: readonly TermsSource[],
  options: ValidateOptions = {},
): ParsedAgreement[] {
  const { agreements, problems } = parseTerms(sources, options);
  if (problems.length > 0) throw sourceProblemsError(problems);
  return agreements;
}

export function parseClaim(source: TermsSource): ClaimFile {
  const result = parseSource(source, validateClaim);
  if (!result.ok) throw sourceProblemsError(result.problems);
  return result.value;
}
