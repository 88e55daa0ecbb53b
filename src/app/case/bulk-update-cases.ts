import type { Actor } from '../../domain/access/index.ts';
import type { CaseState } from '../../domain/case/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, ERROR_MESSAGES, type ErrorCode } from '../errors.ts';
import { assignCase } from './assign-case.ts';
import { changeCaseState } from './change-case-state.ts';

export type BulkAction =
  | { action: 'assign'; agentUserId: string | null }
  | { action: 'state'; state: CaseState; reason?: string | undefined };

export interface BulkOutcome {
  id: string;
  done: boolean;
  /** The case's number and new state when done. */
  number?: string;
  state?: string;
  /** Why not, as the single action would have answered (`not_found` for a case the actor may not see). */
  problem?: { code: ErrorCode; message: { en: string; zh: string } };
}

/** At most this many cases in one request: a page of the queue. */
export const BULK_LIMIT = 100;

/**
 * The queue's bulk assign and state change: the single action on each case, one after another,
 * each in its own transaction with its own checks and evidence entry, as if done one by one; a
 * case the actor may not see or change is reported with the problem the single action gives
 * (404 for another party's case) and the others go on.
 */
export async function bulkUpdateCases(
  deps: AppDeps,
  actor: Actor,
  ids: readonly string[],
  action: BulkAction,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const id of new Set(ids)) {
    try {
      const view =
        action.action === 'assign'
          ? await assignCase(deps, actor, id, { agentUserId: action.agentUserId })
          : await changeCaseState(deps, actor, id, { state: action.state, reason: action.reason });
      outcomes.push({ id, done: true, number: view.number, state: view.state });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({
        id,
        done: false,
        problem: { code: error.code, message: error.detail ?? ERROR_MESSAGES[error.code] },
      });
    }
  }
  return outcomes;
}
