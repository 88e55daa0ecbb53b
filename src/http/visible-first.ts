import type { FastifyRequest } from 'fastify';
import { loadVisibleCase } from '../app/case/index.ts';
import { loadVisibleClaim } from '../app/claims/index.ts';
import type { AppDeps } from '../app/context.ts';
import { loadVisibleRepair } from '../app/repair/index.ts';
import { loadVisibleReturn } from '../app/returns/index.ts';
import type { Actor } from '../domain/access/index.ts';

type Loader = (db: AppDeps['db'], actor: Actor, id: string) => Promise<unknown>;

/** Records whose writes may carry large bodies (files), by the route prefix that names them. */
const RECORDS: [prefix: string, load: Loader][] = [
  ['/api/v1/cases/:id/', loadVisibleCase],
  ['/api/v1/returns/:id/', loadVisibleReturn],
  ['/api/v1/repairs/:id/', loadVisibleRepair],
  ['/api/v1/claims/:id/', loadVisibleClaim],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write to a record the caller cannot see is answered 404 before its body is read: a stranger
 * cannot make the server parse and validate megabytes for a case that is not theirs. The routes
 * still check access themselves; this only moves the refusal ahead of the body.
 */
export function visibleBeforeBody(deps: AppDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    if (SAFE_METHODS.has(request.method) || !request.actor) return;
    const route = request.routeOptions.url ?? '';
    const id = (request.params as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !UUID.test(id)) return;
    const record = RECORDS.find(([prefix]) => route.startsWith(prefix));
    if (record) await record[1](deps.db, request.actor, id);
  };
}
