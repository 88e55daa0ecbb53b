/**
 * A draft's values confirmed or corrected by a person, made into terms: the next version of a
 * stored agreement, or a new agreement from the header given. Answers the terms file (YAML) and
 * its check; stores it, through the ordinary import and recorded as a confirmed draft, only when
 * asked to. Nothing is stored otherwise.
 */
import YAML from 'yaml';
import type { Actor } from '../../domain/access/index.ts';
import {
  type Agreement,
  applyConfirmed,
  type CheckReport,
  type ConfirmedClause,
  nextVersionOf,
} from '../../domain/terms/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadAgreements, loadPartyKeys } from './agreement-store.ts';
import { checkTenantTerms } from './check-terms.ts';
import { type ImportedAgreement, prepareImport, writeImport } from './import-agreements.ts';
import { parseTermsOrThrow } from './parse-terms.ts';

export interface DraftHeader {
  id: string;
  kind: Agreement['kind'];
  title: string;
  provider: string;
  recipient: string;
  currency?: string | undefined;
  products?: string[] | undefined;
}

export interface ConfirmedDraft {
  agreement: Agreement;
  yaml: string;
  name: string;
  check: CheckReport;
  /** Set when the draft was stored as a version. */
  imported: ImportedAgreement | null;
}

export async function confirmDraft(
  deps: AppDeps,
  actor: Actor,
  input: {
    /** A stored agreement the draft is the next version of. */
    agreement?: string | undefined;
    /** A new agreement's header, when the draft is not a version of a stored one. */
    header?: DraftHeader | undefined;
    effectiveFrom?: string | undefined;
    clauses: readonly ConfirmedClause[];
    store?: boolean | undefined;
  },
): Promise<ConfirmedDraft> {
  requireAccess(actor, input.store ? 'write' : 'read', 'agreement');
  const effectiveFrom = input.effectiveFrom ?? deps.now().toISOString().slice(0, 10);
  let base: Agreement;
  if (input.agreement) {
    const versions = (await loadAgreements(deps.db, actor.tenantId)).filter((a) => a.id === input.agreement);
    const current = versions.sort((x, y) => y.version - x.version)[0];
    if (!current) throw new AppError('not_found');
    base = nextVersionOf(current, effectiveFrom);
  } else if (input.header) {
    const h = input.header;
    base = {
      id: h.id,
      kind: h.kind,
      title: h.title,
      version: 1,
      effective_from: effectiveFrom,
      provider: h.provider,
      recipient: h.recipient,
      ...(h.currency ? { currency: h.currency } : {}),
      ...(h.products?.length ? { scope: { products: h.products } } : {}),
    } as Agreement;
  } else
    throw new AppError('invalid_input', {
      fields: [
        {
          path: '/body/agreement',
          message: 'name the stored agreement this draft is the next version of, or give a header',
          messageZh: '请指明该草稿是哪份已存协议的新版本，或提供新协议的抬头',
        },
      ],
    });
  const { agreement, problems } = applyConfirmed(base, input.clauses);
  if (problems.length > 0)
    throw new AppError('invalid_input', {
      fields: problems.map((p) => ({
        path: `/body${p.path}`,
        message: p.message.en,
        messageZh: p.message.zh,
      })),
    });
  const name = `${agreement.id}.v${agreement.version}.yaml`;
  const yaml = YAML.stringify(agreement);
  // The format's own validation, with the tenant's parties: a wrong value is refused here by name.
  parseTermsOrThrow([{ name, text: yaml }], { parties: await loadPartyKeys(deps.db, actor.tenantId) });
  // Off the event loop as every check; one agreement of confirmed values checks in well under a
  // second, so the longer limit only covers the worker's start on a loaded machine.
  const check = await checkTenantTerms(deps, actor, [{ name, text: yaml }], { timeLimitMs: 60_000 });
  if (!input.store) return { agreement, yaml, name, check, imported: null };
  const importer = { tenantId: actor.tenantId, userId: actor.userId, authenticatedBy: actor.authenticatedBy };
  const prepared = await prepareImport(deps, importer, [{ name, text: yaml }]);
  const imported = await inTransaction(deps, async (trx) => {
    const [done] = await writeImport(deps, trx, importer, prepared);
    await recordChange(deps, trx, importer, {
      type: 'agreement.draft_confirmed',
      subject: { type: 'agreement', id: agreement.id },
      payload: {
        version: agreement.version,
        supersedes: agreement.supersedes ?? null,
        effectiveFrom,
        confirmedBy: actor.userId,
        values: input.clauses.flatMap((c) => c.values.map((v) => ({ ref: c.ref, ...v }))),
        sha256: done!.sha256,
      },
      blobs: [done!.sha256],
    });
    return done!;
  });
  return { agreement, yaml, name, check, imported };
}
