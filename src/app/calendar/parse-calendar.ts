import type { CalendarSpec } from '../../domain/calendar/index.ts';
import {
  type CalendarProblemKind,
  formatCalendarPath,
  validateCalendar,
} from '../../domain/calendar/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { type PlacedProblem, readYamlSource } from '../yaml-source.ts';

/** A calendar file's text and the name it is known by. */
export interface CalendarSource {
  name: string;
  text: string;
}

/** A problem in a calendar file: file, line and column (1-based), the key path, what is wrong. */
export type CalendarSourceProblem = PlacedProblem<CalendarProblemKind>;

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
  const read = readYamlSource(
    source,
    (value) => {
      const result = validateCalendar(value);
      return result.ok ? { ok: true, value: result.spec } : result;
    },
    formatCalendarPath,
  );
  if (!read.ok) return read;
  return {
    ok: true,
    spec: read.value,
    version: typeof read.raw.version === 'number' ? read.raw.version : undefined,
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
