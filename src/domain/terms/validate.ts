import { type Agreement, CUSTOMER_FACING } from './agreement.ts';
import type { ClaimFile } from './claim.ts';
import { AGREEMENT_SPEC, CLAIM_SPEC, type SchemaProblem, validate } from './schema.ts';

export interface ValidateOptions {
  /**
   * The party keys of the tenant, when importing into one. Without it (checking loose files) a
   * party id is checked for its shape only.
   */
  parties?: ReadonlySet<string>;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: SchemaProblem[] };

/**
 * Validates one agreement: shape, types, durations, dates, then what the shape cannot say.
 * The recipient of a `warranty` or `service_contract` may be a group of customers
 * (`end-customers`, `business-customers`) rather than a party: customers are many and come later,
 * so a group key that is not a party is accepted there. Every other party id must be a party.
 */
export function validateAgreement(value: unknown, options: ValidateOptions = {}): Validated<Agreement> {
  const problems: SchemaProblem[] = [];
  const out = validate(value, AGREEMENT_SPEC, [], problems) as Agreement;
  if (problems.length > 0) return { ok: false, problems };

  if (out.supersedes !== undefined && out.supersedes >= out.version) {
    problems.push({
      path: ['supersedes'],
      kind: 'value',
      message: `version ${out.version} cannot supersede version ${out.supersedes}: it must be an earlier one`,
    });
  }
  if (out.effective_to !== undefined && out.effective_to < out.effective_from) {
    problems.push({ path: ['effective_to'], kind: 'value', message: 'ends before effective_from' });
  }
  for (const [i, c] of (out.coverage?.components ?? []).entries()) {
    if (c.covered !== false && c.duration === undefined && c.starts_at === undefined) {
      problems.push({
        path: ['coverage', 'components', i],
        kind: 'missing',
        message: 'a component needs a `duration`, a `starts_at`, or `covered: false`',
      });
    }
    if (c.covered === false && c.duration !== undefined) {
      problems.push({
        path: ['coverage', 'components', i, 'duration'],
        kind: 'value',
        message: 'a component with `covered: false` has no duration',
      });
    }
  }
  for (const table of ['in_warranty', 'out_of_warranty'] as const) {
    for (const [item, bearer] of Object.entries(out.costs?.[table] ?? {})) {
      if (typeof bearer === 'object' && bearer.up_to_km !== undefined && bearer.beyond === undefined) {
        problems.push({
          path: ['costs', table, item, 'beyond'],
          kind: 'missing',
          message: 'with `up_to_km`, say who bears the cost `beyond` it',
        });
      }
    }
  }
  const order = out.coverage?.remedy_order ?? [];
  const remedies = out.coverage?.remedies ?? [];
  for (const [i, r] of order.entries()) {
    if (remedies.length > 0 && !remedies.includes(r)) {
      problems.push({
        path: ['coverage', 'remedy_order', i],
        kind: 'value',
        message: `"${r}" is not among the remedies (${remedies.join(', ')})`,
      });
    }
  }
  if (options.parties) {
    if (!options.parties.has(out.provider)) {
      problems.push({ path: ['provider'], kind: 'party', message: `no party with key "${out.provider}"` });
    }
    if (!options.parties.has(out.recipient) && !CUSTOMER_FACING.has(out.kind)) {
      problems.push({
        path: ['recipient'],
        kind: 'party',
        message: `no party with key "${out.recipient}" (only a warranty or service contract may name a group of customers)`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
}

export function validateClaim(value: unknown): Validated<ClaimFile> {
  const problems: SchemaProblem[] = [];
  const out = validate(value, CLAIM_SPEC, [], problems) as ClaimFile;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
}
