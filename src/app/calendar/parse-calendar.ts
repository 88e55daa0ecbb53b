import { isMap, LineCounter, type Node, parseDocument } from 'yaml';
import type { CalendarSpec } from '../../domain/calendar/types.ts';
import {
  type CalendarProblemKind,
  formatCalendarPath,
  validateCalendar,
} from '../../domain/calendar/validate.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { locateYamlPath, yamlSyntaxProblems } from '../yaml-locate.ts';

/** A calendar file's text and the name it is known by. */
export interface CalendarSource {
  name: string;
  text: string;
}

/** A problem in a calendar file: file, line and column (1-based), the key path, what is wrong. */
export interface CalendarSourceProblem {
  file: string;
  line: number;
  col: number;
  keyPath: string;
  kind: CalendarProblemKind | 'syntax';
  message: string;
}

export type CalendarParse =
  | { ok: true; spec: CalendarSpec; version: number | undefined }
  | { ok: false; problems: CalendarSourceProblem[] };

export function formatCalendarProblem(p: CalendarSourceProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.keyPath}: ${p.message}`;
}

/** The problems as an `invalid_input` error naming file:line:col and key of each. */
export function calendarProblemsError(problems: CalendarSourceProblem[]): AppError {
  const fields: FieldProblem[] = problems.map((p) => ({
    path: `${p.file}:${p.line}:${p.col} ${p.keyPath}`,
    message: p.message,
  }));
  const first = problems.slice(0, 3).map(formatCalendarProblem);
  return new AppError('invalid_input', {
    fields,
    detail: {
      en: `${problems.length} problem(s) in the calendar; nothing was stored. ${first.join('; ')}`,
      zh: `日历文件中有 ${problems.length} 处问题，未保存任何内容。${first.join('；')}`,
    },
  });
}

/**
 * Reads a calendar from YAML or JSON (JSON goes through the YAML parser, so positions work alike)
 * and validates it. Never throws for a bad file: the problems come back, each with its place.
 */
export function parseCalendar(source: CalendarSource): CalendarParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    return { ok: false, problems: yamlSyntaxProblems(source.name, doc.errors, lineCounter) };
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
  const value = doc.toJS() as Record<string, unknown>;
  const result = validateCalendar(value);
  if (result.ok) {
    return {
      ok: true,
      spec: result.spec,
      version: typeof value.version === 'number' ? value.version : undefined,
    };
  }
  return {
    ok: false,
    problems: result.problems.map((p) => {
      const pos = at(locateYamlPath(root, p.path, p.kind === 'unknown_key'));
      return {
        file: source.name,
        line: pos.line,
        col: pos.col,
        keyPath: formatCalendarPath(p.path),
        kind: p.kind,
        message: p.message,
      };
    }),
  };
}

/** Parses, or throws the problems as an `invalid_input` AppError. */
export function parseCalendarOrThrow(source: CalendarSource): {
  spec: CalendarSpec;
  version: number | undefined;
} {
  const parsed = parseCalendar(source);
  if (!parsed.ok) throw calendarProblemsError(parsed.problems);
  return parsed;
}
