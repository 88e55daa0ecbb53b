import type { Actor } from '../../domain/access/index.ts';
import { activityTypesFor, type MessageVisibility, visibleMessageKinds } from '../../domain/case/index.ts';
import { ENTRY_TYPE_LABELS } from '../../domain/evidence/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import type { StoredAttachment } from '../files/index.ts';
import { caseAttachments } from './case-attachments.ts';
import { caseReader, loadVisibleCase } from './case-view.ts';

/** One thing that happened on the case besides its messages: an entry of the evidence record. */
export interface CaseEvent {
  seq: number;
  /** The entry's type (`case.state_changed`): pages read it through ENTRY_TYPE_LABELS. */
  type: string;
  /** For a state or severity change: the keys moved between (pages label them). */
  from: string | null;
  to: string | null;
  /** For an escalation: its level; for an assignment: the partner's name. */
  detail: string | null;
  author: string | null;
  at: Date;
}

const KNOWN_ENTRY_TYPES = Object.keys(ENTRY_TYPE_LABELS);
/** The newest events shown: a case's activity is bounded however long it runs. */
export const ACTIVITY_EVENT_LIMIT = 500;

export interface CaseActivity {
  messages: {
    id: string;
    direction: 'in' | 'out';
    visibility: MessageVisibility;
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
  /** Assignment, state and severity changes, escalations, decisions, repairs, returns, clocks: oldest first. */
  events: CaseEvent[];
}

/**
 * What was said and done on a case, oldest first. A customer sees the public messages, the visit
 * reports at its site and the steps of its request; notes shared with the partner and partner
 * answers are for the brand and the partner; notes for the brand only, costs and claims for the
 * brand (domain/case/activity.ts).
 */
export async function caseActivity(deps: AppDeps, actor: Actor, caseId: string): Promise<CaseActivity> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  const reader = caseReader(actor, current);
  const customer = reader === 'customer';
  const eventTypes = activityTypesFor(reader, KNOWN_ENTRY_TYPES);
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
  if (reader !== 'brand') query = query.where('m.visibility', 'in', [...visibleMessageKinds(reader)]);
  let events = deps.db
    .selectFrom('timeline_entries')
    .select(['seq', 'entry_type', 'payload', 'material', 'recorded_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('subject_type', '=', 'case')
    .where('subject_id', '=', caseId)
    .where('entry_type', 'not in', ['case.message_received', 'case.reply_sent', 'case.note_added']);
  if (eventTypes) events = events.where('entry_type', 'in', eventTypes.length > 0 ? eventTypes : ['-']);
  // The lists depend on the case only: read at once.
  const [messages, responses, reports, entries] = await Promise.all([
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
    // By the subject index (tenant, subject, seq), newest first, then shown oldest first.
    events.orderBy('seq', 'desc').limit(ACTIVITY_EVENT_LIMIT).execute(),
  ]);
  entries.reverse();
  const authorIds = [...new Set(entries.map((e) => authorOf(e.material)).filter((id): id is string => !!id))];
  const authors = new Map(
    authorIds.length === 0
      ? []
      : (
          await deps.db
            .selectFrom('users')
            .select(['user_id', 'name'])
            .where('tenant_id', '=', actor.tenantId)
            .where('user_id', 'in', authorIds)
            .execute()
        ).map((u) => [u.user_id, u.name]),
  );
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
    events: entries.map((e) => {
      const payload = parsePayload(e.payload);
      const moved = e.entry_type === 'case.state_changed' || e.entry_type === 'case.severity_changed';
      return {
        seq: e.seq,
        type: e.entry_type,
        from: moved ? textOf(payload.from) : null,
        to: moved ? textOf(payload.to) : null,
        detail: textOf(payload.level) ?? null,
        author: authors.get(authorOf(e.material) ?? '') ?? null,
        at: e.recorded_at,
      };
    }),
  };
}

function parsePayload(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    // A redacted entry keeps a hash in place of its payload: nothing to show but its type.
    return {};
  }
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The user who made the change, from the entry's material (`actor.userId`); none for the operator. */
function authorOf(material: string): string | null {
  try {
    const actor = (JSON.parse(material) as { actor?: { userId?: unknown } }).actor;
    return typeof actor?.userId === 'string' ? actor.userId : null;
  } catch {
    return null;
  }
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
