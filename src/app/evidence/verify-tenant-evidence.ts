import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { type Checkpoint, createCheckpoint } from './create-checkpoint.ts';
import { type VerificationReport, verifyEvidence } from './verify-evidence.ts';

/** Counsel and the brand's staff check their own tenant's record. */
export async function verifyTenantEvidence(deps: AppDeps, actor: Actor): Promise<VerificationReport> {
  requireAccess(actor, 'read', 'evidence');
  return verifyEvidence(deps, actor.tenantId);
}

/** Signs the head of the caller's tenant's chain now, rather than at the next interval. */
export async function checkpointTenantEvidence(deps: AppDeps, actor: Actor): Promise<Checkpoint | undefined> {
  requireAccess(actor, 'write', 'evidence');
  return createCheckpoint(deps, actor.tenantId);
}
