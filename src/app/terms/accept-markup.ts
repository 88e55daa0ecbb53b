/**
 * Accepting the terms review's mark-up: the next version of each chosen agreement, as the review
 * of the stored agreements (with the tenant's review data) proposes it, imported through the
 * ordinary import, from the given date, and recorded with who accepted which findings' changes.
 * All the chosen agreements or none.
 */
import YAML from 'yaml';
import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ImportedAgreement, type Importer, prepareImport, writeImport } from './import-agreements.ts';
import { reviewTenantTerms } from './review-tenant-terms.ts';

export interface AcceptedMarkup {
  agreement: string;
  version: number;
  supersedes: number;
  effectiveFrom: string;
  /** The findings whose clause changes this version carries, by code and in words. */
  findings: { code: string; label: { en: string; zh: string } }[];
  clauses: string[];
  imported: ImportedAgreement;
}

export async function acceptMarkup(
  deps: AppDeps,
  actor: Actor,
  input: { agreements?: readonly string[] | undefined; effectiveFrom?: string | undefined },
  importer: Importer = {
    tenantId: actor.tenantId,
    userId: actor.userId,
    authenticatedBy: actor.authenticatedBy,
  },
): Promise<AcceptedMarkup[]> {
  requireAccess(actor, 'write', 'agreement');
  const review = await reviewTenantTerms(deps, actor, {});
  const proposed = review.markup.next;
  const chosen = input.agreements?.length
    ? input.agreements.map((id) => {
        const next = proposed.find((a) => a.id === id);
        if (!next)
          throw new AppError('invalid_input', {
            detail: {
              en: `The mark-up proposes no change to ${id}: nothing to accept. Nothing was stored.`,
              zh: `修订稿未对 ${id} 提出修改，无可接受内容。未保存任何内容。`,
            },
            fields: [
              {
                path: '/body/agreements',
                message: `no change proposed to ${id}`,
                allowed: proposed.map((a) => a.id),
              },
            ],
          });
        return next;
      })
    : proposed;
  if (chosen.length === 0)
    throw new AppError('nothing_to_accept', {
      detail: {
        en: 'The mark-up proposes no change: the terms have no finding a clause change cures.',
        zh: '修订稿未提出任何修改：条款中没有可通过修改条款解决的问题。',
      },
    });
  const effectiveFrom = input.effectiveFrom ?? deps.now().toISOString().slice(0, 10);
  const sources = chosen.map((a) => ({
    name: `next/${a.id}.v${a.version}.yaml`,
    text: YAML.stringify({ ...a, effective_from: effectiveFrom }),
  }));
  const prepared = await prepareImport(deps, importer, sources);
  return inTransaction(deps, async (trx) => {
    const imported = await writeImport(deps, trx, importer, prepared);
    const out: AcceptedMarkup[] = [];
    for (const a of chosen) {
      const edits = review.markup.edits.filter((e) => e.agreement === a.id);
      const codes = [...new Set(edits.flatMap((e) => e.cures))];
      const findings = codes.map((code) => ({
        code,
        label: review.markup.before.findings.find((f) => f.code === code)?.label ?? { en: code, zh: code },
      }));
      const done = imported.find((i) => i.id === a.id)!;
      const accepted: AcceptedMarkup = {
        agreement: a.id,
        version: a.version,
        supersedes: a.supersedes ?? a.version - 1,
        effectiveFrom,
        findings,
        clauses: edits.map((e) => e.ref),
        imported: done,
      };
      await recordChange(
        deps,
        trx,
        {
          tenantId: importer.tenantId,
          userId: importer.userId,
          authenticatedBy: importer.authenticatedBy ?? (importer.userId ? 'session' : 'cli'),
        },
        {
          type: 'agreement.markup_accepted',
          subject: { type: 'agreement', id: a.id },
          payload: {
            version: a.version,
            supersedes: accepted.supersedes,
            effectiveFrom,
            acceptedBy: importer.userId,
            findings: findings.map((f) => f.code),
            edits: edits.map((e) => ({ ref: e.ref, section: e.section, cures: e.cures, fields: e.fields })),
            sha256: done.sha256,
          },
          blobs: [done.sha256],
        },
      );
      out.push(accepted);
    }
    return out;
  });
}
