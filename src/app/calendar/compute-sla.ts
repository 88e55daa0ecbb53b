/**
 * The `sla due` and `sla elapsed` questions on calendar files, one at a time or as JSON lines.
 * Instants come in as ISO 8601 with a zone (`Z` or an offset) and go out in UTC to the second.
 */
import path from 'node:path';
import {
  businessElapsed,
  CalendarError,
  dueAt,
  OfficialScheduleNotCovered,
  type Pause,
} from '../../domain/calendar/index.ts';
import { parseDuration } from '../../domain/time/index.ts';
import { AppError } from '../errors.ts';
import type { CalendarFiles } from './load-calendar-file.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A request that is wrong in itself (not the calendar's fault). */
export class SlaRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlaRequestError';
  }
}

/** Epoch seconds of an ISO 8601 instant with a zone; a fraction of a second is dropped. */
export function parseInstant(text: unknown, what: string): number {
  if (typeof text !== 'string' || !INSTANT.test(text)) {
    throw new SlaRequestError(
      `${what} must be an ISO 8601 instant with a zone, e.g. 2026-02-14T08:00:00Z or 2026-02-14T16:00:00+08:00 (got ${JSON.stringify(text)})`,
    );
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new SlaRequestError(`${what}: ${text} is not a real instant`);
  return Math.floor(ms / 1000);
}

/** `2026-02-14T08:00:00Z` */
export function formatInstant(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Pauses from `FROM/TO` strings or `[from, to]` pairs. */
export function parsePauses(pauses: unknown): Pause[] {
  if (pauses === undefined || pauses === null) return [];
  if (!Array.isArray(pauses)) throw new SlaRequestError('pauses must be a list of [from, to] pairs');
  return pauses.map((p, i) => {
    const pair = typeof p === 'string' ? p.split('/') : p;
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new SlaRequestError(`pause ${i + 1} must be FROM/TO or [from, to] (got ${JSON.stringify(p)})`);
    }
    const from = parseInstant(pair[0], `pause ${i + 1} from`);
    const to = parseInstant(pair[1], `pause ${i + 1} to`);
    if (to < from) throw new SlaRequestError(`pause ${i + 1} ends before it starts`);
    return [from, to] as Pause;
  });
}

export interface DueRequest {
  calendar: string;
  start: unknown;
  duration: unknown;
  pauses?: unknown;
}

export interface ElapsedRequest {
  calendar: string;
  from: unknown;
  to: unknown;
  pauses?: unknown;
}

/** The deadline as an ISO instant in UTC. */
export function computeDue(files: CalendarFiles, req: DueRequest): string {
  const start = parseInstant(req.start, 'start');
  if (typeof req.duration !== 'string')
    throw new SlaRequestError('duration must be an ISO 8601 duration such as PT4H');
  const d = parseDuration(req.duration);
  if (!d.ok) throw new SlaRequestError(`duration: ${d.reason}`);
  const pauses = parsePauses(req.pauses);
  const cal = files.load(req.calendar).calendar;
  return formatInstant(dueAt(cal, start, cal.businessSeconds(d.duration), pauses));
}

/** Business seconds between two instants, pauses left out. */
export function computeElapsed(files: CalendarFiles, req: ElapsedRequest): number {
  const from = parseInstant(req.from, 'from');
  const to = parseInstant(req.to, 'to');
  const pauses = parsePauses(req.pauses);
  return businessElapsed(files.load(req.calendar).calendar, from, to, pauses);
}

/** A calendar that cannot answer (a year its official schedule lacks, no open time) as an AppError. */
export function calendarFailure(error: unknown): unknown {
  if (error instanceof OfficialScheduleNotCovered) {
    return new AppError('invalid_input', {
      detail: {
        en: error.message,
        zh: `官方节假日安排 ${error.code} 不包含 ${error.year} 年（现有 ${error.covered.from}–${error.covered.to} 年），无法计算；请更新节假日数据。`,
      },
    });
  }
  if (error instanceof CalendarError) {
    return new AppError('invalid_input', {
      detail: { en: error.message, zh: `日历无法计算：${error.message}` },
    });
  }
  return error;
}

/** A one-line English message for any failure of a request. */
export function describeFailure(error: unknown): string {
  if (error instanceof AppError) {
    const fields = error.fields.map((f) => `${f.path}: ${f.message}`);
    return fields.length > 0 ? fields.join('; ') : error.message;
  }
  if (
    error instanceof SlaRequestError ||
    error instanceof CalendarError ||
    error instanceof OfficialScheduleNotCovered
  ) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Answers JSON lines in order: one answer per non-blank line, `{"due": ...}` or `{"elapsed": ...}`,
 * or `{"line": n, "error": ...}` for a line that cannot be answered; the others go on.
 * A relative calendar path is read from the working directory, or else beside the input file.
 */
export function* answerLines(
  files: CalendarFiles,
  kind: 'due' | 'elapsed',
  lines: Iterable<string>,
  options: { inputDir: string; defaultCalendar?: string | undefined; exists: (file: string) => boolean },
): Generator<string> {
  let n = 0;
  for (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    try {
      let req: unknown;
      try {
        req = JSON.parse(line);
      } catch {
        throw new SlaRequestError('not valid JSON');
      }
      if (typeof req !== 'object' || req === null || Array.isArray(req)) {
        throw new SlaRequestError('expected a JSON object');
      }
      const r = req as Record<string, unknown>;
      const given = r.calendar ?? options.defaultCalendar;
      if (typeof given !== 'string' || given === '')
        throw new SlaRequestError('calendar (a file path) is missing');
      const calendar =
        path.isAbsolute(given) || options.exists(given) ? given : path.join(options.inputDir, given);
      if (kind === 'due') {
        yield JSON.stringify({ due: computeDue(files, { ...r, calendar } as DueRequest) });
      } else {
        yield JSON.stringify({ elapsed: computeElapsed(files, { ...r, calendar } as ElapsedRequest) });
      }
    } catch (error) {
      yield JSON.stringify({ line: n, error: describeFailure(error) });
    }
  }
}
