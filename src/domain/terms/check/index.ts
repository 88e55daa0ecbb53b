/**
 * The terms check: reads a set of agreements together and reports the gaps that cost money
 * later. The costliest ones lie between agreements (a customer promise no partner underpins, a
 * customer cover longer than the supplier's), so the rules look at the set, not file by file.
 *
 * Every finding has a stable `code`, a severity, the agreements and refs involved, a message and
 * a suggested fix in English and Chinese, and, where it applies, an operating caution: a promise
 * not to make to customers until the service path is aligned.
 *
 * SLA targets are compared as durations (days as 24 hours) between blocks that count on the same
 * clock and calendar; where the clocks or calendars differ, that is reported on its own.
 *
 * One file per family of checks, named in the domain's words: sla-back-to-back, sla-clocks,
 * supplier-cover, warranty-cover, returns, spare-parts, costs, partner-duties, claim-windows,
 * disputes, escalation, vague-wording. The finding and its codes are in finding.ts.
 */
import { type Agreement, CUSTOMER_FACING, latestVersions, refOf } from '../agreement.ts';
import { checkClaimWindows } from './claim-windows.ts';
import type { Ctx } from './context.ts';
import { checkContractRisks } from './contract-risks.ts';
import { checkCosts } from './costs.ts';
import { checkDisputes } from './disputes.ts';
import { checkEscalation } from './escalation.ts';
import type { CheckReport, FindingGroup, Severity } from './finding.ts';
import type { CheckOptions } from './options.ts';
import { checkPartnerDuties } from './partner-duties.ts';
import { checkReturnsMeasurable, checkReturnWindowsByLaw } from './returns.ts';
import { checkBackToBack } from './sla-back-to-back.ts';
import { checkClocks, checkDefaultLevels } from './sla-clocks.ts';
import { checkSparePartsPeriod } from './spare-parts.ts';
import { checkUpstream } from './supplier-cover.ts';
import { checkWording } from './vague-wording.ts';
import { checkCover, checkEuLegalGuarantee } from './warranty-cover.ts';

export {
  type CheckReport,
  type EscalationOverview,
  type EscalationTrigger,
  FINDING_CODES,
  type Finding,
  type FindingCode,
  type FindingGroup,
  type Severity,
  type Text,
} from './finding.ts';
export {
  type CheckOptions,
  DEFAULT_BUSINESS_DAY_SECONDS,
  EVIDENCE_LEAD_TIME,
  type PartCatalogEntry,
  type ProductFacts,
  SANBAO_FLOORS,
  type SanbaoFloor,
  SPARE_PARTS_FLOORS,
} from './options.ts';

/** Floors the law sets for what customer-facing terms give consumers. */
function checkStatutory(ctx: Ctx): void {
  for (const a of ctx.set) {
    if (!CUSTOMER_FACING.has(a.kind)) continue;
    checkReturnWindowsByLaw(ctx, a);
    checkEuLegalGuarantee(ctx, a);
    checkSparePartsPeriod(ctx, a);
  }
}

/** What partners and distributors owe, and the windows they have to claim in. */
function checkPartners(ctx: Ctx): void {
  for (const a of ctx.set) {
    checkPartnerDuties(ctx, a);
    checkReturnsMeasurable(ctx, a);
    checkClaimWindows(ctx, a);
  }
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
const GROUP_ORDER: FindingGroup[] = [
  'back_to_back',
  'upstream',
  'statutory',
  'cover',
  'costs',
  'partners',
  'wording',
  'clocks',
  'disputes',
  'escalation',
];

/**
 * Checks agreements as one set. When several versions of an agreement are given, the newest is
 * checked (the set as it stands). Pure: the same set gives the same findings in the same order.
 */
export function checkTerms(agreements: readonly Agreement[], options: CheckOptions = {}): CheckReport {
  const set = latestVersions(agreements);
  const ctx: Ctx = { set, options, findings: [] };
  checkBackToBack(ctx);
  checkUpstream(ctx);
  checkClocks(ctx);
  checkDefaultLevels(ctx);
  checkWording(ctx);
  checkCover(ctx);
  checkStatutory(ctx);
  checkCosts(ctx);
  checkPartners(ctx);
  checkDisputes(ctx);
  checkContractRisks(ctx);
  const escalation = checkEscalation(ctx);
  const findings = ctx.findings
    .map((f, i) => ({ f, i }))
    .sort(
      (x, y) =>
        SEVERITY_ORDER[x.f.severity] - SEVERITY_ORDER[y.f.severity] ||
        GROUP_ORDER.indexOf(x.f.group) - GROUP_ORDER.indexOf(y.f.group) ||
        x.i - y.i,
    )
    .map(({ f }) => f);
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    agreements: set.map((a) => ({ ...refOf(a), title: a.title, kind: a.kind })),
    findings,
    counts,
    escalation,
  };
}
