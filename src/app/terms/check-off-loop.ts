import { Worker } from 'node:worker_threads';
import type { Agreement, CheckOptions, CheckReport, PartCatalogEntry } from '../../domain/terms/index.ts';
import { AppError, type ErrorCode, type FieldProblem } from '../errors.ts';
import type { TermsSource } from './parse-terms.ts';

/** What a check needs, as plain data: it crosses to a worker thread by structured clone. */
export interface CheckJob {
  /** Files to parse and check; when absent, `agreements` are checked as they are. */
  sources?: readonly TermsSource[];
  agreements?: readonly Agreement[];
  /** Party keys the files' parties must be among. */
  parties?: ReadonlySet<string>;
  parts?: readonly PartCatalogEntry[];
  /** Seconds in a business day, by calendar key. */
  daySeconds: ReadonlyMap<string, number>;
  /** Party names and label maps the findings are worded with (plain data, cloned to the worker). */
  names?: CheckOptions['names'];
}

export type CheckOutcome =
  | { ok: true; report: CheckReport }
  | {
      ok: false;
      error: { code: ErrorCode; fields: FieldProblem[]; detail: { en: string; zh: string } | undefined };
    };

/** A check of real terms takes well under a second; this is for files built to be slow. */
export const CHECK_TIME_LIMIT_MS = 10_000;
/** Checks running at once; more wait their turn, without holding up other requests. */
const MAX_RUNNING = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

/**
 * Parses and checks terms in a worker thread, so that a large or hostile file cannot block the
 * event loop (and with it every other request). A check that runs past the time limit is stopped
 * and answered with `check_timed_out`; problems in the files come back as the usual AppError.
 */
export async function checkOffLoop(job: CheckJob, timeLimitMs = CHECK_TIME_LIMIT_MS): Promise<CheckReport> {
  const done = await turn();
  try {
    const outcome = await new Promise<CheckOutcome>((resolve, reject) => {
      const worker = new Worker(new URL('./check-worker-boot.mjs', import.meta.url), { workerData: job });
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(
          new AppError('check_timed_out', {
            detail: {
              en: `The check was stopped after ${timeLimitMs / 1000} s.`,
              zh: `检查在 ${timeLimitMs / 1000} 秒后被中止。`,
            },
          }),
        );
      }, timeLimitMs);
      worker.once('message', (message: CheckOutcome) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(message);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    if (outcome.ok) return outcome.report;
    const { code, fields, detail } = outcome.error;
    throw new AppError(code, { fields, ...(detail && { detail }) });
  } finally {
    done();
  }
}
