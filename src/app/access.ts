import { type Action, type Actor, decideAccess, type Resource } from '../domain/access/index.ts';
import { AppError } from './errors.ts';

/** Refuses the call unless the actor's role may do it; which rows it sees is each query's business. */
export function requireAccess(actor: Actor, action: Action, resource: Resource): void {
  const decision = decideAccess(actor, action, resource);
  if (!decision.allowed) throw new AppError('forbidden');
}
