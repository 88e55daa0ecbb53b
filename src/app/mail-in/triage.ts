import { simpleParser } from 'mailparser';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { TRIAGE_REASON_LABELS } from '../../domain/mail/index.ts';
import { addCaseMessage, loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { DEFAULT_PAGE_SIZE, decodeCursor, MAX_PAGE_SIZE, type Page, toPage } from '../pagination.ts';
import { inTransaction } from '../transaction.ts';
import type { MailAuthentication } from './authenticate-mail.ts';
import { declareMissingCharsets } from './decode-charsets.ts';

const TRIAGE_NOT_FOUND = { en: 'No such mail waiting in triage', zh: '待分拣列表中没有这封邮件' };
const TRIAGERS = new Set(['admin', 'manager', 'agent']);

/** Triage is the brand's desk: its admins, managers and agents. */
function mayTriage(actor: Actor): void {
  if (visibilityOf(actor).kind !== 'tenant' || !TRIAGERS.has(actor.role)) throw new AppError('forbidden');
}

export interface TriageEntry {
  id: string;
  receivedAt: Date;
  via: string;
  from: string | null;
  subject: string;
  reason: string;
  /** Why it waits here, in words. */
  reasonLabel: { en: string; zh: string };
  /** The From domain that DKIM or DMARC vouched for; null when none did. */
  authenticatedDomain: string | null;
}

/** The mail waiting for a person, oldest first (an index on the open entries serves it). */
export async function listTriage(
  deps: AppDeps,
  actor: Actor,
  query: { limit?: number | undefined; cursor?: string | undefined } = {},
): Promise<Page<TriageEntry>> {
  mayTriage(actor);
  const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const after = decodeCursor(query.cursor, ['instant', 'uuid']);
  let q = deps.db
    .selectFrom('mail_inbound')
    .select(['mail_id', 'received_at', 'via', 'from_address', 'subject', 'reason', 'authentication'])
    .where('tenant_id', '=', actor.tenantId)
    .where('triage_state', '=', 'open');
  if (after) {
    const [at, id] = after as [string, string];
    q = q.where((eb) =>
      eb.or([
        eb('received_at', '>', new Date(at)),
        eb.and([eb('received_at', '=', new Date(at)), eb('mail_id', '>', id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('received_at')
    .orderBy('mail_id')
    .limit(limit + 1)
    .execute();
  return toPage(
    rows,
    limit,
    (r) => {
      const reason = r.reason ?? 'unknown_sender';
      const auth = r.authentication as Partial<MailAuthentication>;
      return {
        id: r.mail_id,
        receivedAt: r.received_at,
        via: r.via,
        from: r.from_address,
        subject: r.subject,
        reason,
        reasonLabel:
          TRIAGE_REASON_LABELS[reason as keyof typeof TRIAGE_REASON_LABELS] ?? TRIAGE_REASON_LABELS.not_filed,
        authenticatedDomain: auth.authenticatedDomain ?? null,
      };
    },
    (r) => [r.received_at.toISOString(), r.mail_id],
  );
}

async function openEntry(deps: AppDeps, actor: Actor, mailId: string) {
  const row = await deps.db
    .selectFrom('mail_inbound')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('mail_id', '=', mailId)
    .where('triage_state', '=', 'open')
    .executeTakeFirst();
  if (!row) throw notFound(TRIAGE_NOT_FOUND);
  return row;
}

/**
 * Puts a mail from triage on a case the agent chooses: its text and files become an internal
 * note on the case (the sender is not the case's customer, or not known), and the record says who
 * put it there. A mail assigned once cannot be assigned again.
 */
export async function assignTriage(
  deps: AppDeps,
  actor: Actor,
  mailId: string,
  caseId: string,
): Promise<{ id: string; state: 'assigned'; caseId: string; caseNumber: string }> {
  mayTriage(actor);
  const row = await openEntry(deps, actor, mailId);
  const raw = row.raw_sha256 ? await deps.blobs.get(row.raw_sha256) : undefined;
  const parsed = raw ? await simpleParser(declareMissingCharsets(raw).parsed) : undefined;
  const attachments = (parsed?.attachments ?? [])
    .filter((a) => a.content.byteLength > 0)
    .map((a, i) => ({
      name: a.filename ?? `attachment-${i + 1}`,
      mediaType: /^[\w.+-]+\/[\w.+-]+$/.test(a.contentType) ? a.contentType : 'application/octet-stream',
      contentBase64: a.content.toString('base64'),
    }));
  return inTransaction(deps, async (trx) => {
    const target = await loadVisibleCase(trx, actor, caseId);
    const taken = await trx
      .updateTable('mail_inbound')
      .set({
        triage_state: 'assigned',
        case_id: caseId,
        triaged_by_user_id: actor.userId,
        triaged_at: deps.now(),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('mail_id', '=', mailId)
      .where('triage_state', '=', 'open')
      .returning('mail_id')
      .executeTakeFirst();
    if (!taken) throw new AppError('changed_meanwhile');
    const body = [
      `E-mail from ${row.from_address ?? 'an unknown sender'}: ${row.subject}`,
      (parsed?.text ?? '').trim(),
    ]
      .filter(Boolean)
      .join('\n\n');
    await addCaseMessage(deps, actor, caseId, { body, visibility: 'internal', attachments }, trx);
    await recordChange(deps, trx, actor, {
      type: 'mail.triage_assigned',
      subject: { type: 'case', id: caseId },
      payload: { mailId, from: row.from_address, subject: row.subject, case: target.number },
      blobs: row.raw_sha256 ? [row.raw_sha256] : [],
    });
    return { id: mailId, state: 'assigned' as const, caseId, caseNumber: target.number };
  });
}

/** Discards a mail from triage (spam, a stranger): kept as received, listed no more. */
export async function discardTriage(
  deps: AppDeps,
  actor: Actor,
  mailId: string,
): Promise<{ id: string; state: 'discarded' }> {
  mayTriage(actor);
  const row = await openEntry(deps, actor, mailId);
  return inTransaction(deps, async (trx) => {
    const taken = await trx
      .updateTable('mail_inbound')
      .set({ triage_state: 'discarded', triaged_by_user_id: actor.userId, triaged_at: deps.now() })
      .where('tenant_id', '=', actor.tenantId)
      .where('mail_id', '=', mailId)
      .where('triage_state', '=', 'open')
      .returning('mail_id')
      .executeTakeFirst();
    if (!taken) throw new AppError('changed_meanwhile');
    await recordChange(deps, trx, actor, {
      type: 'mail.triage_discarded',
      subject: { type: 'mail', id: mailId },
      payload: { mailId, from: row.from_address, subject: row.subject },
    });
    return { id: mailId, state: 'discarded' as const };
  });
}
