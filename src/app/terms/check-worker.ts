import { parentPort, workerData } from 'node:worker_threads';
import { checkTerms } from '../../domain/terms/index.ts';
import { AppError } from '../errors.ts';
import type { CheckJob, CheckOutcome } from './check-off-loop.ts';
import { parseTermsOrThrow } from './parse-terms.ts';

/** The worker side of checkOffLoop: parse, check, post the report or the AppError as data. */
function run(job: CheckJob): CheckOutcome {
  try {
    const agreements = job.sources
      ? parseTermsOrThrow(job.sources, job.parties ? { parties: job.parties } : {}).map((p) => p.agreement)
      : [...(job.agreements ?? [])];
    const report = checkTerms(agreements, {
      ...(job.parts && job.parts.length > 0 && { parts: [...job.parts] }),
      businessDaySeconds: (calendar) => (calendar ? job.daySeconds.get(calendar) : undefined),
      ...(job.names && { names: job.names }),
    });
    return { ok: true, report };
  } catch (error) {
    if (error instanceof AppError)
      return { ok: false, error: { code: error.code, fields: error.fields, detail: error.detail } };
    throw error;
  }
}

parentPort?.postMessage(run(workerData as CheckJob));
