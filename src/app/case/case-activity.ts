import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import type { StoredAttachment } from '../files/index.ts';
import { caseAttachments } from './case-attachments.ts';
import { isCustomerOf, loadVisibleCase } from './case-view.ts';

export interface CaseActivity {
  messages: {
    id: string;
    direction: 'in' | 'out';
    visibility: 'public' | 'internal';
    body: string;
    author: { name: string; party: string } | null;
    attachments: StoredAttachment[];
    at: Date;
  }[];
  partnerResponses: { decision: string; reason: string | null; party: string; at: Date }[];
  visitReports: {
    id: string;
    party: string;
    arrivedAt: Date;
    departedAt: Date | null;
    workDone: string;
    partsUsed: { partNumber: string; quantity: number; serial?: string }[];
    signedBy: string;
    signatureSha256: string;
    photos: StoredAttachment[];
    at: Date;
  }[];
}

/**
 * What was said and done on a case, oldest first. A customer sees the public messages and the
 * visit reports at its site; internal notes and partner answers are for the brand and the partner.
 */
export async function caseActivity(deps: AppDeps, actor: Actor, caseId: string): Promise<CaseActivity> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  const customer = isCustomerOf(actor, current);
  let query = deps.db
    .selectFrom('case_messages as m')
    .leftJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.user_id', '=', 'm.author_user_id'),
    )
    .leftJoin('parties as p', (j) =>
      j.onRef('p.tenant_id', '=', 'u.tenant_id').onRef('p.party_id', '=', 'u.party_id'),
    )
    .innerJoin('timeline_entries as e', (j) =>
      j.onRef('e.tenant_id', '=', 'm.tenant_id').onRef('e.seq', '=', 'm.evidence_seq'),
    )
    .select([
      'm.message_id',
      'm.direction',
      'm.visibility',
      'm.body',
      'm.created_at',
      'u.name',
      'p.name as party_name',
      'e.payload',
    ])
    .where('m.tenant_id', '=', actor.tenantId)
    .where('m.case_id', '=', caseId);
  if (customer) query = query.where('m.visibility', '=', 'public');
  // The three lists depend on the case only: read at once.
  const [messages, responses, reports] = await Promise.all([
    query.orderBy('m.created_at').orderBy('m.evidence_seq').execute(),
    customer
      ? []
      : deps.db
          .selectFrom('case_partner_responses as r')
          .innerJoin('parties as p', (j) =>
            j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.party_id', '=', 'r.party_id'),
          )
          .select(['r.decision', 'r.reason', 'r.created_at', 'p.name'])
          .where('r.tenant_id', '=', actor.tenantId)
          .where('r.case_id', '=', caseId)
          .orderBy('r.created_at')
          .execute(),
    deps.db
      .selectFrom('visit_reports as v')
      .innerJoin('parties as p', (j) =>
        j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.party_id', '=', 'v.party_id'),
      )
      .selectAll('v')
      .select('p.name')
      .where('v.tenant_id', '=', actor.tenantId)
      .where('v.case_id', '=', caseId)
      .orderBy('v.created_at')
      .execute(),
  ]);
  return {
    messages: messages.map((m) => ({
      id: m.message_id,
      direction: m.direction,
      visibility: m.visibility,
      body: m.body,
      author: m.name ? { name: m.name, party: m.party_name ?? '' } : null,
      attachments: (JSON.parse(m.payload) as { attachments?: StoredAttachment[] }).attachments ?? [],
      at: m.created_at,
    })),
    partnerResponses: responses.map((r) => ({
      decision: r.decision,
      reason: r.reason,
      party: r.name,
      at: r.created_at,
    })),
    visitReports: reports.map((v) => ({
      id: v.report_id,
      party: v.name,
      arrivedAt: v.arrived_at,
      departedAt: v.departed_at,
      workDone: v.work_done,
      partsUsed: v.parts_used,
      signedBy: v.signed_by,
      signatureSha256: v.signature_sha256,
      photos: v.photos,
      at: v.created_at,
    })),
  };
}

/**
 * One file attached to a case the actor may see: the opening's, a message's (public ones only for
 * the customer) or a visit report's photo or signature. Anything else answers 404.
 */
export async function readCaseFile(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  sha256: string,
): Promise<{ name: string; mediaType: string; bytes: Buffer }> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  const attached: StoredAttachment[] = await caseAttachments(deps.db, actor, current);
  let file = attached.find((f) => f.sha256 === sha256);
  if (!file) {
    const activity = await caseActivity(deps, actor, caseId);
    file = activity.visitReports
      .flatMap((v) => [
        ...v.photos,
        { name: `signature-${v.id}.png`, mediaType: 'image/png', sha256: v.signatureSha256, size: 0 },
      ])
      .find((f) => f.sha256 === sha256);
  }
  const missing = { en: 'No such file on this case.', zh: '该服务单没有此文件。' };
  if (!file) throw notFound(missing);
  const bytes = await deps.blobs.get(sha256);
  if (!bytes) throw notFound(missing);
  return { name: file.name, mediaType: file.mediaType, bytes };
}
