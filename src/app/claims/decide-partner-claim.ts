import type { Actor } from '../../domain/access/index.ts';
import { type ClaimDecision, type ClaimedLine, decideClaim } from '../../domain/claims/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import {
  type EntitlementDecision,
  localDateIn as localDate,
  partnerAgreement,
} from '../../domain/terms/index.ts';
import { addToDate, duration } from '../../domain/time/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, type StoredAttachment, storeAttachments } from '../files/index.ts';
import { partyIdByKey, partyKeys, writeCostLines } from '../ledger/index.ts';
import { loadRepairWork } from '../repair/index.ts';
import { loadAgreements } from '../terms/index.ts';
import type { Tx } from '../transaction.ts';

export interface ClaimLineInput {
  kind: 'labor' | 'travel' | 'parts';
  item?: string | undefined;
  quantity: number;
  /** What the partner asks for, decimal text. */
  amount: string;
}

export interface EvidenceInput extends AttachmentInput {
  /** Which item of the agreement's evidence list this file is: `photos`, `customer_signature`, ... */
  evidence: string;
}

/** A file given with a claim, stored, with the item of the agreement's evidence list it is. */
export type StoredEvidence = StoredAttachment & { evidence: string };

/** Everything decideClaim needs about the repair, loaded before any transaction. */
export async function loadClaimFacts(
  deps: AppDeps,
  actor: Actor,
  repair: {
    repair_id: string;
    service_party_id: string | null;
    decision: EntitlementDecision | null;
    completed_at: Date | null;
  },
) {
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const t = actor.tenantId;
  const [work, locations, agreements] = await Promise.all([
    loadRepairWork(deps.db, t, repair.repair_id),
    deps.db
      .selectFrom('stock_locations')
      .select(['location_id', 'kind', 'owner_party_id', 'holder_party_id'])
      .where('tenant_id', '=', t)
      .execute(),
    loadAgreements(deps.db, t),
  ]);
  const { labor, visits } = work;
  const parts = work.parts.filter((p) => p.state === 'consumed');
  const partnerKey = (await partyKeys(deps.db, t, [repair.service_party_id])).get(
    repair.service_party_id ?? '',
  )?.key;
  const completedOn = repair.completed_at ? localDate(repair.completed_at, zone) : null;
  const partner = partnerKey
    ? partnerAgreement(agreements, partnerKey, completedOn ?? localDate(deps.now(), zone))
    : undefined;
  const brandId = partner
    ? await partyIdByKey(deps.db, t, partner.recipient, '/agreement/recipient').catch(() => null)
    : null;
  const decision = repair.decision;
  return {
    partner,
    brandId,
    cover: {
      covered: decision?.covered ?? false,
      cites: decision?.cites ?? [],
      agreement: decision?.agreement ?? null,
    },
    repairFacts: {
      completedOn,
      operations: labor.map((l) => ({
        operation: l.operation,
        standardMinutes: l.standard_minutes,
        actualMinutes: l.actual_minutes,
      })),
      visitKm: visits.reduce((s, v) => s + v.distance_km, 0),
      parts: parts.map((p) => {
        const loc = locations.find((l) => l.location_id === p.location_id);
        return {
          partNumber: p.part_number,
          quantity: p.quantity,
          unitCostMinor: p.unit_cost_minor,
          // Stock the partner holds but does not own is the brand's: nothing to reimburse.
          consignment: loc ? loc.owner_party_id !== loc.holder_party_id : false,
          serialOut: p.serial_out,
        };
      }),
      customerSigned: visits.some((v) => v.customer_signed),
    },
  };
}

export function claimedLines(lines: readonly ClaimLineInput[], currency: string): ClaimedLine[] {
  return lines.map((l, i) => {
    let amountMinor: number;
    try {
      amountMinor = toMinor(l.amount, currency);
    } catch (error) {
      throw invalid([{ path: `/body/lines/${i}/amount`, message: (error as Error).message }]);
    }
    return { kind: l.kind, ...(l.item ? { item: l.item } : {}), quantity: l.quantity, amountMinor };
  });
}

/** Decides and books: the approved lines become cost lines borne by the brand and paid to the partner. */
export async function decideAndBook(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  facts: Awaited<ReturnType<typeof loadClaimFacts>>,
  claim: { claimId: string; caseId: string; partnerPartyId: string; number: string },
  lines: ClaimedLine[],
  files: readonly EvidenceInput[],
  firstSubmittedOn: string,
  priorEvidence: readonly string[] = [],
): Promise<{
  decision: ClaimDecision;
  stored: StoredEvidence[];
  payBy: string | null;
}> {
  const zone = await tenantTermsZone(trx, actor.tenantId);
  const stored = await storeAttachments(deps, trx, actor.tenantId, files, '/body/evidence');
  const withKind = stored.map((s, i) => ({ ...s, evidence: files[i]!.evidence }));
  const decision = decideClaim({
    partner: facts.partner,
    cover: facts.cover,
    repair: facts.repairFacts,
    lines,
    evidence: [...priorEvidence, ...withKind.map((f) => f.evidence)],
    submittedOn: firstSubmittedOn,
  });
  const today = localDate(deps.now(), zone);
  const paidWithin = facts.partner?.compensation?.claims?.paid_within;
  const payBy = decision.approvedMinor > 0 && paidWithin ? addToDate(today, duration(paidWithin)) : null;
  await bookClaimDecision(deps, trx, actor, facts, claim, decision, today);
  return { decision, stored: withKind, payBy };
}

/** The approved lines of a decision as cost lines borne by the brand and paid to the partner. */
export async function bookClaimDecision(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  facts: { brandId: string | null; partner: unknown },
  claim: { claimId: string; caseId: string; partnerPartyId: string; number: string },
  decision: ClaimDecision,
  today: string,
): Promise<void> {
  if (!facts.brandId || !facts.partner) return;
  const brandId = facts.brandId;
  await writeCostLines(
    deps,
    trx,
    actor,
    decision.lines
      .filter((l) => l.approvedMinor > 0)
      .map((l) => ({
        kind: l.kind,
        amountMinor: l.approvedMinor,
        currency: decision.currency,
        caseId: claim.caseId,
        source: { type: 'warranty_claim', id: claim.claimId },
        bearerPartyId: brandId,
        payeePartyId: claim.partnerPartyId,
        ref: l.ref,
        agreement: decision.partnerAgreement,
        description: `${claim.number} ${l.kind}${l.item ? ` ${l.item}` : ''}: ${l.explanation.en}`,
        occurredOn: today,
      })),
  );
}

/**
 * Records a filing of the claim (its files' hashes kept as blobs) and the decision taken on it, in
 * the caller's transaction.
 */
export async function recordFilingAndDecision(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  filing: {
    type: 'claim.submitted' | 'claim.resubmitted';
    caseId: string;
    claim: string;
    revision: number;
    details: Record<string, unknown>;
    stored: readonly StoredEvidence[];
    decision: ClaimDecision;
    /** The partner who filed: told the decision by e-mail. */
    partnerPartyId?: string;
  },
): Promise<void> {
  await recordChange(deps, trx, actor, {
    type: filing.type,
    subject: { type: 'case', id: filing.caseId },
    payload: {
      claim: filing.claim,
      ...filing.details,
      evidence: filing.stored.map((s) => ({ evidence: s.evidence, sha256: s.sha256 })),
    },
    blobs: filing.stored.map((s) => s.sha256),
  });
  await recordChange(deps, trx, actor, {
    type: 'claim.decided',
    subject: { type: 'case', id: filing.caseId },
    payload: { claim: filing.claim, revision: filing.revision, decision: filing.decision },
  });
  if (filing.partnerPartyId) {
    const d = filing.decision;
    await enqueueNotification(deps, trx, {
      tenantId: actor.tenantId,
      kind: 'claim_decided',
      caseId: filing.caseId,
      recipientPartyId: filing.partnerPartyId,
      recipientRole: 'partner',
      subject: { en: `Decision on claim ${filing.claim}`, zh: `索赔 ${filing.claim} 审核结果` },
      payload: {
        claimNumber: filing.claim,
        state: d.outcome,
        approvedAmount: d.approvedMinor > 0 ? `${(d.approvedMinor / 100).toFixed(2)} ${d.currency}` : null,
      },
    });
  }
}
