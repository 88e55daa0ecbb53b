import {
  type Action,
  type Actor,
  changesBrandRecords,
  decideAccess,
  type Resource,
} from '../domain/access/index.ts';
import { AppError } from './errors.ts';

/** Refuses the call unless the actor's role may do it; which rows it sees is each query's business. */
export function requireAccess(actor: Actor, action: Action, resource: Resource): void {
  const decision = decideAccess(actor, action, resource);
  if (!decision.allowed) throw new AppError('forbidden');
}

/** Refuses the call unless the actor is the brand's staff who change records (counsel reads only). */
export function requireStaffWriter(actor: Actor): void {
  if (!changesBrandRecords(actor)) throw new AppError('forbidden');
}
