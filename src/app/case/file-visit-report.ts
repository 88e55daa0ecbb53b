import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { saveClock } from './case-clocks.ts';
import { type CaseView, loadVisibleCase, toCaseView } from './case-view.ts';
import { PARTNER_ROLES } from './respond-to-assignment.ts';

export interface VisitReportInput {
  arrivedAt: string;
  departedAt?: string | undefined;
  workDone: string;
  partsUsed: { partNumber: string; quantity: number; serial?: string | undefined }[];
  /** Who signed on screen, and the drawn signature (PNG). */
  signedBy: string;
  signature: AttachmentInput;
  photos?: AttachmentInput[] | undefined;
}

/**
 * The assigned partner's technician reports a visit: arrival, work done, parts used, photos and
 * the customer's signature drawn on screen, all kept as evidence. Arriving on site meets the
 * running on-site clocks (the partner's commitment and the customer's promise) at the arrival time.
 * `withReport` is the caller's own write, kept in the report's transaction (an appointment's
 * report marks the appointment done: both or neither).
 */
export async function fileVisitReport(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: VisitReportInput,
  withReport?: (trx: Tx) => Promise<void>,
): Promise<CaseView> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  if (current.service_party_id !== actor.partyId || !PARTNER_ROLES.has(actor.role))
    throw new AppError('forbidden', {
      detail: {
        en: 'Only the assigned service partner files visit reports.',
        zh: '只有被指派的服务伙伴可以提交上门报告。',
      },
    });
  const now = deps.now();
  const arrived = new Date(input.arrivedAt);
  const departed = input.departedAt ? new Date(input.departedAt) : null;
  const problems = [];
  // Times are entered to the minute: an arrival in the minute the case was opened is that minute.
  const openedMinute = Math.floor(new Date(current.opened_at).getTime() / 60_000) * 60_000;
  if (Number.isNaN(arrived.getTime()) || arrived > now || arrived.getTime() < openedMinute)
    problems.push({ path: '/body/arrivedAt', message: 'must lie between the case opening and now' });
  if (departed && (Number.isNaN(departed.getTime()) || departed < arrived || departed > now))
    problems.push({ path: '/body/departedAt', message: 'must lie between the arrival and now' });
  if (!input.signature.mediaType.startsWith('image/'))
    problems.push({ path: '/body/signature/mediaType', message: 'a signature is an image' });
  if (problems.length > 0) throw invalid(problems);
  const arrivedAt = Math.floor(arrived.getTime() / 1000);
  const at = Math.floor(now.getTime() / 1000);
  await inTransaction(deps, async (trx) => {
    const [signature] = await storeAttachments(
      deps,
      trx,
      actor.tenantId,
      [input.signature],
      '/body/signature',
    );
    const photos = await storeAttachments(deps, trx, actor.tenantId, input.photos ?? [], '/body/photos');
    const payload = {
      arrivedAt: arrived.toISOString(),
      departedAt: departed?.toISOString() ?? null,
      workDone: input.workDone,
      partsUsed: input.partsUsed,
      signedBy: input.signedBy,
      signature: signature!,
      photos,
    };
    const entry = await recordChange(deps, trx, actor, {
      type: 'case.visit_reported',
      subject: { type: 'case', id: caseId },
      payload,
      blobs: [signature!.sha256, ...photos.map((p) => p.sha256)],
    });
    await trx
      .insertInto('visit_reports')
      .values({
        tenant_id: actor.tenantId,
        case_id: caseId,
        report_id: deps.newId(),
        party_id: actor.partyId,
        arrived_at: arrived,
        departed_at: departed,
        work_done: input.workDone,
        parts_used: JSON.stringify(input.partsUsed),
        signed_by: input.signedBy,
        signature_sha256: signature!.sha256,
        photos: JSON.stringify(photos),
        author_user_id: actor.userId,
        evidence_seq: entry.seq,
        created_at: now,
      })
      .execute();
    // Arriving on site meets the on-site targets, and answers the customer as well: a response
    // clock still running (the partner's commitment, the brand's promise) is met at arrival too.
    const met = await trx
      .selectFrom('case_clocks')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .where('target', 'in', ['onsite', 'response'])
      .where('stopped_at', 'is', null)
      .execute();
    for (const clock of met)
      await saveClock(
        deps,
        trx,
        actor.tenantId,
        { ...clock, stopped_at: Math.max(arrivedAt, clock.started_at) },
        at,
      );
    await withReport?.(trx);
  });
  return toCaseView(deps.db, actor, caseId, now);
}
