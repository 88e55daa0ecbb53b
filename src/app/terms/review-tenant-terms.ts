/**
 * The terms review for a tenant: of the given files (validated against the tenant's parties, not
 * stored) or of the stored agreements at their newest versions, with the tenant's calendars and
 * party names, and the review data given as YAML text (installed base, costs, assumptions), else
 * the data the tenant stored (GET/PUT /terms/review-data).
 */
import type { Actor } from '../../domain/access/index.ts';
import { SEVERITY_LABELS } from '../../domain/case/labels.ts';
import { PART_CATEGORY_LABELS } from '../../domain/parts/labels.ts';
import { businessDaysOf, type Review, reviewTerms } from '../../domain/terms/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { loadAgreements, loadPartyKeys, loadPartyNames } from './agreement-store.ts';
import { parseTermsOrThrow, type TermsSource } from './parse-terms.ts';
import { loadReviewData } from './review-data.ts';
import { parseReviewData } from './review-terms-files.ts';
import { loadStoredCalendars } from './terms-calendars.ts';

export async function reviewTenantTerms(
  deps: AppDeps,
  actor: Actor,
  input: { files?: readonly TermsSource[] | undefined; data?: string | undefined },
): Promise<Review> {
  requireAccess(actor, 'read', 'agreement');
  const agreements =
    input.files && input.files.length > 0
      ? parseTermsOrThrow(input.files, { parties: await loadPartyKeys(deps.db, actor.tenantId) }).map(
          (p) => p.agreement,
        )
      : await loadAgreements(deps.db, actor.tenantId);
  const data = input.data
    ? parseReviewData({ name: 'data', text: input.data })
    : ((await loadReviewData(deps.db, actor.tenantId)) ?? {});
  const parties = await loadPartyNames(deps.db, actor.tenantId);
  return reviewTerms(
    agreements,
    { ...data, parties: { ...parties, ...data.parties } },
    { businessDaySeconds: businessDaysOf(await loadStoredCalendars(deps.db, actor.tenantId)) },
    { severities: SEVERITY_LABELS, partCategories: PART_CATEGORY_LABELS },
  );
}
