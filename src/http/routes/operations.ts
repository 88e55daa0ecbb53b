import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/context.ts';
import { claimRoutes } from './claims.ts';
import { ledgerRoutes } from './ledger.ts';
import { partRoutes } from './parts.ts';
import { repairRoutes } from './repairs.ts';
import { returnRoutes } from './returns.ts';

/** Returns, repairs, spare parts, partner claims, supplier recovery and the cost ledger. */
export function operationsRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(returnRoutes(deps));
    await app.register(ledgerRoutes(deps));
    await app.register(partRoutes(deps));
    await app.register(repairRoutes(deps));
    await app.register(claimRoutes(deps));
  };
}
