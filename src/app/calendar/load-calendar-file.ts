import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import { CompiledCalendar } from '../../domain/calendar/index.ts';
import { AppError } from '../errors.ts';
import { parseCalendarOrThrow } from './parse-calendar.ts';

export interface LoadedCalendar {
  file: string;
  spec: CalendarSpec;
  version: number | undefined;
  text: string;
  sha256: string;
  calendar: CompiledCalendar;
}

/**
 * Reads, validates and compiles a calendar file. Compiled calendars are kept by path and content,
 * so a batch of requests on one file compiles it once.
 */
export class CalendarFiles {
  readonly #cache = new Map<string, LoadedCalendar>();

  load(file: string): LoadedCalendar {
    const full = path.resolve(file);
    const cached = this.#cache.get(full);
    if (cached) return cached;
    let text: string;
    try {
      text = fs.readFileSync(full, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
      throw new AppError('not_found', {
        detail: {
          en: `Cannot read the calendar ${file}: ${reason}.`,
          zh: `无法读取日历文件 ${file}：${reason}。`,
        },
      });
    }
    const parsed = parseCalendarOrThrow({ name: file, text });
    const loaded: LoadedCalendar = {
      file,
      spec: parsed.spec,
      version: parsed.version,
      text,
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      calendar: new CompiledCalendar(parsed.spec),
    };
    this.#cache.set(full, loaded);
    return loaded;
  }
}
