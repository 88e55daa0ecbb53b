import type { Actor } from '../../domain/access/index.ts';
import type { Tx } from '../transaction.ts';
import { serviceUserActor } from '../user/index.ts';

/** The tenant's remote-monitoring user: the author of the cases its rules open (a service user). */
export function monitorActor(trx: Tx, tenantId: string, newId: () => string, now: Date): Promise<Actor> {
  return serviceUserActor(trx, tenantId, newId, now, {
    key: 'monitoring',
    name: 'Remote monitoring / 远程监控',
  });
}
