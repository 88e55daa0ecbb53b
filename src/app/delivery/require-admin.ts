import { type Actor, visibilityOf } from '../../domain/access/index.ts';
import { AppError } from '../errors.ts';

/** Deliveries and webhooks are the brand's administration: its admins only. */
export function requireAdmin(actor: Actor): void {
  if (visibilityOf(actor).kind !== 'tenant' || actor.role !== 'admin') throw new AppError('forbidden');
}
