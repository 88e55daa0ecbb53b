import type { Writable } from 'node:stream';
import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { addAgreementVersions } from './dossier-agreements.ts';
import { loadDossierCases } from './dossier-cases.ts';
import { addCosts } from './dossier-costs.ts';
import { addLogProofs } from './dossier-log.ts';
import { addMail } from './dossier-mail.ts';
import {
  addAttachedFiles,
  addChain,
  addCheckpoints,
  addReadableIndex,
  coveredChainSpan,
} from './dossier-record.ts';
import { addRedactionNotes } from './dossier-redactions.ts';
import { addSlaRecomputation } from './dossier-sla.ts';
import { type DossierSubject, resolveDossierScope } from './dossier-subject.ts';
import { VERIFY_MD } from './dossier-texts.ts';
import { DossierZip } from './dossier-zip.ts';

export type { DossierSubject } from './dossier-subject.ts';

export interface DossierSummary {
  title: { en: string; zh: string };
  entries: number;
  chainFrom: number;
  chainTo: number;
  signedAt: string;
  files: number;
}

/**
 * Streams a dossier (a zip) about a case, a party or an agreement to `output`: the subject's
 * entries with their contents, the headers of every entry between them and the signed checkpoint
 * that covers them (signed now if none does yet, so the dossier verifies the moment it is made),
 * the original files, every agreement version that applied with its changes, the SLA clocks
 * recomputed from their raw events, the costs, the e-mail received with its authentication, the checkpoints and public keys, a readable index
 * in Chinese and English, how to verify, and a manifest of SHA-256 hashes. Each part is a step in
 * its own file of this folder; the record is read a page at a time throughout.
 */
export async function exportDossier(
  deps: AppDeps,
  tenantId: string,
  subject: DossierSubject,
  output: Writable,
): Promise<DossierSummary> {
  const scope = await resolveDossierScope(deps, tenantId, subject);
  const span = await coveredChainSpan(deps, scope);
  const zip = new DossierZip();

  const counted = addChain(deps, zip, scope, span);
  addReadableIndex(deps, zip, scope, span);
  await addAttachedFiles(deps, zip, scope, span);
  const cases = await loadDossierCases(deps, scope);
  await addAgreementVersions(deps, zip, scope, cases);
  await addSlaRecomputation(deps, zip, scope, cases);
  await addCosts(deps, zip, scope);
  await addMail(deps, zip, scope);
  await addRedactionNotes(deps, zip, scope);
  await addCheckpoints(deps, zip, scope, span);
  await addLogProofs(deps, zip, scope, span);
  zip.add('VERIFY.md', VERIFY_MD);

  const files = await zip.finish(output);
  return {
    title: scope.title,
    entries: counted.subjectEntries,
    chainFrom: span.first,
    chainTo: span.checkpoint.seq,
    signedAt: span.checkpoint.signedAt,
    files,
  };
}

/**
 * A dossier for counsel and the brand's staff, about their own tenant. Any of them may export
 * one, agents included: the checkpoint it may need is signed as part of the export, not by them.
 */
export function exportDossierAs(
  deps: AppDeps,
  actor: Actor,
  subject: DossierSubject,
  output: Writable,
): Promise<DossierSummary> {
  requireAccess(actor, 'read', 'evidence');
  return exportDossier(deps, actor.tenantId, subject, output);
}
