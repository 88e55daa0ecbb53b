import type { Kysely } from 'kysely';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { Actor } from '../../domain/access/index.ts';
import {
  caseNumberInSubject,
  classifyMail,
  isFlood,
  messageKey,
  parseOutgoingMessageId,
  readBounce,
  referencedIds,
  serialCandidates,
  supplierRequestInSubject,
} from '../../domain/mail/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import type { Database } from '../../store/schema.ts';
import { addCaseMessage, loadVisibleCase, openCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { recordMailBounce } from '../delivery/index.ts';
import { postSupplierRequestMessage } from '../disputes/index.ts';
import { AppError } from '../errors.ts';
import { appendEntry } from '../evidence/index.ts';
import { type AttachmentInput, registerBlob } from '../files/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { visibleUnits } from '../unit/index.ts';
import { authenticateMail, type MailAuthentication } from './authenticate-mail.ts';
import { declareMissingCharsets } from './decode-charsets.ts';
import type { IncomingMail, MailInSettings, MailOutcome, MailReceipt } from './mail-settings.ts';

/** Refused at the door (SMTP answers with `code`): no tenant receives mail at the recipient. */
export class MailRefused extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** Something to say in the server's log about one mail (the receiver passes pino's logger). */
export type MailLog = (
  level: 'info' | 'warn' | 'error',
  fields: Record<string, unknown>,
  message: string,
) => void;
const silent: MailLog = () => {};

/** The longest text kept from a mail's body on the case (the whole mail is in the raw blob). */
const MAX_BODY_CHARS = 20_000;

/** The tenant whose service address one of the recipients is. */
export async function tenantForRecipients(
  db: Kysely<Database>,
  settings: Pick<MailInSettings, 'addresses'>,
  recipients: readonly string[],
): Promise<{ tenantId: string; homePartyId: string | null; address: string } | undefined> {
  for (const r of recipients) {
    const address = r.trim().toLowerCase();
    const slug = settings.addresses[address];
    if (!slug) continue;
    const tenant = await db
      .selectFrom('tenants')
      .select(['tenant_id', 'home_party_id'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (tenant) return { tenantId: tenant.tenant_id, homePartyId: tenant.home_party_id, address };
  }
  return undefined;
}

interface Context {
  deps: AppDeps;
  settings: MailInSettings;
  mail: IncomingMail;
  tenant: { tenantId: string; homePartyId: string | null; address: string };
  mailId: string;
  key: string;
  rawBlob: { sha256: string; size: number } | null;
  parsed: ParsedMail | null;
  from: string | null;
  subject: string;
  messageId: string | null;
  auth: MailAuthentication | null;
  receivedAt: Date;
}

interface Routed {
  outcome: MailOutcome;
  reason: string | null;
  caseId: string | null;
  caseNumber: string | null;
  attachments: { name: string; mediaType: string; sha256: string; size: number }[];
  detail?: Record<string, unknown>;
}

/**
 * Receives one mail, however it came (the SMTP listener, the IMAP fetcher): keeps the raw
 * message as a blob, checks its authentication, and in ONE transaction records it (unique per
 * tenant by Message-ID, or by its bytes' hash), decides where it goes (a new case, a message on
 * its case, triage, or nowhere for auto-replies, bounces, loops and floods) and writes the
 * evidence entry. A mail received twice does nothing the second time. A mail that cannot be
 * filed (its case refuses it, an attachment is too large) rolls back whole and goes to triage.
 */
export async function receiveMail(
  deps: AppDeps,
  settings: MailInSettings,
  mail: IncomingMail,
  log: MailLog = silent,
): Promise<MailReceipt> {
  const tenant = await tenantForRecipients(deps.db, settings, mail.envelope.rcptTo);
  if (!tenant) throw new MailRefused(550, 'no service mailbox at this address');
  const rawSha = sha256Hex(mail.raw);
  const base: Omit<Context, 'key' | 'parsed' | 'from' | 'subject' | 'messageId' | 'auth' | 'rawBlob'> = {
    deps,
    settings,
    mail,
    tenant,
    mailId: deps.newId(),
    receivedAt: deps.now(),
  };
  if (mail.raw.byteLength > settings.maxBytes) {
    const head = headerLines(mail.raw);
    const messageId = head['message-id'] ?? null;
    log(
      'warn',
      { size: mail.raw.byteLength, limit: settings.maxBytes, messageId },
      'mail too large: triage, not kept',
    );
    return file(
      {
        ...base,
        key: messageKey(messageId ?? undefined, rawSha),
        parsed: null,
        rawBlob: null,
        auth: null,
        messageId,
        from: head.from ?? null,
        subject: head.subject ?? '',
      },
      'too_large',
      log,
    );
  }
  let parsed: ParsedMail | null = null;
  let malformed: string | undefined;
  try {
    const { parsed: readable, guessed } = declareMissingCharsets(mail.raw);
    if (guessed) log('info', { charset: guessed }, 'mail without a declared charset: decoded as guessed');
    parsed = await simpleParser(readable, { skipImageLinks: true, keepCidLinks: true });
  } catch (error) {
    malformed = (error as Error).message;
    log('warn', { err: malformed }, 'malformed mail: kept, sent to triage');
  }
  const messageId = parsed?.messageId ?? headerLines(mail.raw)['message-id'] ?? null;
  const key = messageKey(messageId ?? undefined, rawSha);
  const earlier = await deps.db
    .selectFrom('mail_inbound')
    .select(['mail_id', 'outcome', 'reason', 'case_id'])
    .where('tenant_id', '=', tenant.tenantId)
    .where('message_key', '=', key)
    .executeTakeFirst();
  if (earlier) return duplicateReceipt(deps.db, tenant.tenantId, earlier);
  const auth = await authenticateMail(settings, mail.raw, mail.envelope, mail.via);
  const rawBlob = await deps.blobs.put(mail.raw);
  const ctx: Context = {
    ...base,
    key,
    parsed,
    rawBlob,
    auth,
    messageId,
    from: parsed ? addressOf(parsed.from) : null,
    subject: parsed?.subject ?? '',
  };
  return file(ctx, malformed ? 'malformed' : undefined, log);
}

async function file(ctx: Context, triageReason: string | undefined, log: MailLog): Promise<MailReceipt> {
  try {
    return await inTransaction(ctx.deps, (trx) => fileIn(ctx, trx, triageReason));
  } catch (error) {
    if (error instanceof AlreadyReceived) return error.receipt;
    if (triageReason) throw error;
    // Nothing of the first try is kept (its transaction rolled back): file the mail for a person.
    log(
      'error',
      { err: (error as Error).message, messageId: ctx.messageId, from: ctx.from },
      'mail could not be filed: sent to triage',
    );
    try {
      return await inTransaction(ctx.deps, (trx) => fileIn(ctx, trx, 'not_filed'));
    } catch (again) {
      if (again instanceof AlreadyReceived) return again.receipt;
      throw again;
    }
  }
}

class AlreadyReceived extends Error {
  readonly receipt: MailReceipt;
  constructor(receipt: MailReceipt) {
    super('already received');
    this.receipt = receipt;
  }
}

async function fileIn(ctx: Context, trx: Tx, triageReason: string | undefined): Promise<MailReceipt> {
  const { deps, tenant, mail } = ctx;
  const inserted = await trx
    .insertInto('mail_inbound')
    .values({
      tenant_id: tenant.tenantId,
      mail_id: ctx.mailId,
      message_key: ctx.key,
      via: mail.via,
      from_address: ctx.from,
      subject: ctx.subject.slice(0, 1000),
      received_at: ctx.receivedAt,
      raw_sha256: ctx.rawBlob?.sha256 ?? null,
      outcome: 'triage',
      authentication: JSON.stringify(ctx.auth ?? { checked: false }),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'message_key']).doNothing())
    .returning('mail_id')
    .executeTakeFirst();
  if (!inserted) {
    // Arrived the other way in at the same moment: the first one's row is committed now.
    const earlier = await trx
      .selectFrom('mail_inbound')
      .select(['mail_id', 'outcome', 'reason', 'case_id'])
      .where('tenant_id', '=', tenant.tenantId)
      .where('message_key', '=', ctx.key)
      .executeTakeFirstOrThrow();
    throw new AlreadyReceived(await duplicateReceipt(trx, tenant.tenantId, earlier));
  }
  if (ctx.rawBlob) await registerBlob(trx, tenant.tenantId, ctx.rawBlob, 'message/rfc822', ctx.receivedAt);
  const d: AppDeps = { ...deps, db: trx };
  const routed: Routed = triageReason
    ? { outcome: 'triage', reason: triageReason, caseId: null, caseNumber: null, attachments: [] }
    : await route(ctx, d, trx);
  const entry = await appendEntry(deps, trx, tenant.tenantId, {
    type: 'mail.received',
    subject: routed.caseId ? { type: 'case', id: routed.caseId } : { type: 'mail', id: ctx.mailId },
    actor: { userId: null, authenticatedBy: 'mail' },
    channel: { name: 'email', externalIds: ctx.messageId ? { messageId: ctx.messageId } : {} },
    occurredAt: sentAt(ctx.parsed?.date, ctx.receivedAt).toISOString(),
    payload: {
      mailId: ctx.mailId,
      messageId: ctx.messageId,
      via: mail.via,
      envelope: {
        mailFrom: mail.envelope.mailFrom ?? null,
        rcptTo: mail.envelope.rcptTo,
        remoteAddress: mail.envelope.remoteAddress ?? null,
        helo: mail.envelope.helo ?? null,
      },
      receivedAt: ctx.receivedAt.toISOString(),
      from: ctx.from,
      subject: ctx.subject,
      raw: ctx.rawBlob
        ? { sha256: ctx.rawBlob.sha256, size: ctx.rawBlob.size, mediaType: 'message/rfc822' }
        : null,
      size: mail.raw.byteLength,
      authentication: ctx.auth,
      outcome: routed.outcome,
      reason: routed.reason,
      case: routed.caseId ? { id: routed.caseId, number: routed.caseNumber } : null,
      attachments: routed.attachments,
      ...(routed.detail ?? {}),
    },
    blobs: ctx.rawBlob ? [ctx.rawBlob.sha256] : [],
    refersTo: null,
  });
  await trx
    .updateTable('mail_inbound')
    .set({
      outcome: routed.outcome,
      reason: routed.reason,
      case_id: routed.caseId,
      evidence_seq: entry.seq,
      triage_state: routed.outcome === 'triage' ? 'open' : null,
    })
    .where('tenant_id', '=', tenant.tenantId)
    .where('mail_id', '=', ctx.mailId)
    .execute();
  return {
    mailId: ctx.mailId,
    tenantId: tenant.tenantId,
    outcome: routed.outcome,
    reason: routed.reason,
    caseId: routed.caseId,
    caseNumber: routed.caseNumber,
    duplicate: false,
  };
}

const triage = (reason: string): Routed => ({
  outcome: 'triage',
  reason,
  caseId: null,
  caseNumber: null,
  attachments: [],
});

/** Where a mail goes: the rules of DESIGN "E-mail in" in order. */
async function route(ctx: Context, d: AppDeps, trx: Tx): Promise<Routed> {
  const parsed = ctx.parsed!;
  const { tenant, settings } = ctx;
  const kind = classifyMail({
    header: (name) => headerText(parsed, name),
    contentType: contentTypeOf(parsed),
    envelopeFrom: ctx.mail.envelope.mailFrom,
    fromAddress: ctx.from ?? undefined,
    serviceAddresses: Object.keys(settings.addresses),
  });
  const nothing = (
    outcome: MailOutcome,
    reason: string | null,
    detail?: Record<string, unknown>,
  ): Routed => ({
    outcome,
    reason,
    caseId: null,
    caseNumber: null,
    attachments: [],
    ...(detail ? { detail } : {}),
  });
  if (kind.kind === 'bounce') return nothing('bounce', null, { bounce: await recordBounce(ctx, trx) });
  if (kind.kind === 'loop') return nothing('loop', kind.because);
  if (kind.kind === 'auto_reply') return nothing('auto_reply', kind.because);
  if (ctx.from) {
    const since = new Date(ctx.receivedAt.getTime() - settings.floodWindowSeconds * 1000);
    const { n } = await trx
      .selectFrom('mail_inbound')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenant.tenantId)
      .where('from_address', '=', ctx.from)
      .where('received_at', '>=', since)
      .where('mail_id', '!=', ctx.mailId)
      .executeTakeFirstOrThrow();
    if (isFlood(Number(n), settings.floodLimit))
      return nothing('flood', `more than ${settings.floodLimit} mails in ${settings.floodWindowSeconds} s`);
  }
  const actor = ctx.from ? await senderActor(trx, tenant, ctx.from) : undefined;
  if (!actor) return triage('unknown_sender');
  if (actor === 'disabled') return triage('sender_disabled');
  const body = bodyText(parsed);
  const attachments = attachmentsOf(parsed);
  // A supplier's answer to a support request of the brand's ("Re: Support request SR-000123: …").
  const requestNumber = supplierRequestInSubject(ctx.subject);
  if (requestNumber) {
    const request = await trx
      .selectFrom('supplier_requests')
      .select('request_id')
      .where('tenant_id', '=', tenant.tenantId)
      .where('number', '=', requestNumber)
      .executeTakeFirst();
    if (request) {
      try {
        const view = await postSupplierRequestMessage(
          d,
          actor,
          request.request_id,
          { body: withSubject(ctx.subject, body), attachments },
          trx,
        );
        const added = view.messages.at(-1);
        return {
          outcome: 'supplier_request_message',
          reason: null,
          caseId: null,
          caseNumber: null,
          attachments: (added?.files ?? []).map(summary),
          detail: { supplierRequest: { id: request.request_id, number: requestNumber } },
        };
      } catch (error) {
        // Someone who may not see (or write to) the request does not land on it.
        if (error instanceof AppError && ['not_found', 'forbidden'].includes(error.code))
          return triage('request_not_visible');
        throw error;
      }
    }
  }
  const thread = await findThread(trx, tenant.tenantId, parsed, settings.mailDomain);
  if (thread) {
    let caseRow: Awaited<ReturnType<typeof loadVisibleCase>> | undefined;
    try {
      caseRow = await loadVisibleCase(trx, actor, thread);
      if (caseRow.merged_into_case_id)
        caseRow = await loadVisibleCase(trx, actor, caseRow.merged_into_case_id);
    } catch {
      // A stranger quoting a case number does not land on another customer's case (Zammad #5064).
      return triage('case_not_visible');
    }
    const view = await addCaseMessage(
      d,
      actor,
      caseRow.case_id,
      { body: withSubject(ctx.subject, body), visibility: 'public', attachments },
      trx,
    );
    return {
      outcome: 'case_message',
      reason: null,
      caseId: view.id,
      caseNumber: view.number,
      attachments:
        attachments.length === 0
          ? []
          : view.attachments
              .filter((a) => a.addedWith === 'message')
              .slice(-attachments.length)
              .map(summary),
    };
  }
  if (actor.role !== 'customer') return triage('not_a_customer');
  const candidates = serialCandidates(`${ctx.subject}\n${body}`);
  let serial: string | undefined;
  if (candidates.length > 0) {
    const units = await visibleUnits(trx, actor)
      .select('units.serial')
      .where('units.serial', 'in', candidates)
      .execute();
    const found = new Set(units.map((u) => u.serial.toUpperCase()));
    serial = units.find((u) => u.serial.toUpperCase() === candidates.find((c) => found.has(c)))?.serial;
  }
  const opened = await openCase(
    d,
    actor,
    {
      kind: serial ? 'repair' : 'inquiry',
      severity: 'normal',
      serial,
      description: withSubject(ctx.subject, body),
      channel: 'email',
      attachments,
    },
    trx,
  );
  return {
    outcome: 'case_opened',
    reason: serial ? null : 'no serial the sender may see: an inquiry',
    caseId: opened.id,
    caseNumber: opened.number,
    attachments: opened.attachments.map(summary),
  };
}

const summary = (a: { name: string; mediaType: string; sha256: string; size: number }) => ({
  name: a.name,
  mediaType: a.mediaType,
  sha256: a.sha256,
  size: a.size,
});

/** The sender as an actor: a user of the tenant with that address, or a user of the party (contact) that has it. */
async function senderActor(
  trx: Tx,
  tenant: { tenantId: string; homePartyId: string | null },
  address: string,
): Promise<Actor | 'disabled' | undefined> {
  let user = await trx
    .selectFrom('users')
    .select(['user_id', 'party_id', 'role', 'disabled_at'])
    .where('tenant_id', '=', tenant.tenantId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', address))
    .executeTakeFirst();
  if (!user) {
    const party = await trx
      .selectFrom('parties')
      .select('party_id')
      .where('tenant_id', '=', tenant.tenantId)
      .where('email', 'is not', null)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', address))
      .executeTakeFirst();
    if (party) {
      user = await trx
        .selectFrom('users')
        .select(['user_id', 'party_id', 'role', 'disabled_at'])
        .where('tenant_id', '=', tenant.tenantId)
        .where('party_id', '=', party.party_id)
        .where('disabled_at', 'is', null)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
    }
  }
  if (!user) return undefined;
  if (user.disabled_at) return 'disabled';
  return {
    tenantId: tenant.tenantId,
    userId: user.user_id,
    partyId: user.party_id,
    role: user.role,
    homeParty: user.party_id === tenant.homePartyId,
    authenticatedBy: 'mail',
  };
}

/**
 * The case a reply belongs to: by In-Reply-To, then References newest first (our own outgoing
 * Message-IDs name their case; a received mail's is looked up), then `[C-000123]` in the subject.
 */
async function findThread(
  trx: Tx,
  tenantId: string,
  parsed: ParsedMail,
  mailDomain: string | undefined,
): Promise<string | undefined> {
  const refs = referencedIds(parsed.inReplyTo, parsed.references);
  const received: string[] = [];
  for (const ref of refs) {
    const ours = parseOutgoingMessageId(ref, mailDomain);
    if (ours) {
      const known = await trx
        .selectFrom('cases')
        .select('case_id')
        .where('tenant_id', '=', tenantId)
        .where('case_id', '=', ours.caseId)
        .executeTakeFirst();
      if (known) return known.case_id;
    } else received.push(ref);
  }
  if (received.length > 0) {
    const rows = await trx
      .selectFrom('mail_inbound')
      .select(['message_key', 'case_id'])
      .where('tenant_id', '=', tenantId)
      .where('message_key', 'in', received.slice(0, 50))
      .where('case_id', 'is not', null)
      .execute();
    const byKey = new Map(rows.map((r) => [r.message_key, r.case_id!]));
    for (const ref of received) if (byKey.has(ref)) return byKey.get(ref);
  }
  const number = caseNumberInSubject(parsed.subject ?? '');
  if (number) {
    const row = await trx
      .selectFrom('cases')
      .select('case_id')
      .where('tenant_id', '=', tenantId)
      .where(number.startsWith('R-') ? 'public_ref' : 'number', '=', number)
      .executeTakeFirst();
    if (row) return row.case_id;
  }
  return undefined;
}

/** A bounce marks the addresses that failed and the outbox rows whose Message-IDs it returns; it sends nothing. */
async function recordBounce(ctx: Context, trx: Tx) {
  const report = readBounce(ctx.mail.raw.toString('utf8'));
  const { tenant } = ctx;
  for (const failed of report.failed) {
    await trx
      .insertInto('mail_bounced_addresses')
      .values({
        tenant_id: tenant.tenantId,
        address: failed.address,
        bounced_at: ctx.receivedAt,
        status: failed.status ?? null,
        mail_id: ctx.mailId,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'address']).doUpdateSet({
          bounced_at: ctx.receivedAt,
          status: failed.status ?? null,
          mail_id: ctx.mailId,
        }),
      )
      .execute();
  }
  const outboxIds = report.originalMessageIds
    .map((id) => parseOutgoingMessageId(id, ctx.settings.mailDomain)?.outboxMessageId)
    .filter((id): id is string => id !== undefined);
  const marked =
    outboxIds.length === 0
      ? []
      : await trx
          .updateTable('outbox')
          .set({ bounced_at: ctx.receivedAt, bounce_mail_id: ctx.mailId })
          .where('tenant_id', '=', tenant.tenantId)
          .where('message_id', 'in', outboxIds)
          .returning('message_id')
          .execute();
  // The mails it returns are failed in the delivery queue, with the bounce as the reason; nothing is resent.
  let deliveriesFailed = 0;
  for (const messageId of report.originalMessageIds) {
    for (const failed of report.failed) {
      const reason = `${failed.status ?? 'failed'} (bounce ${ctx.mailId})`;
      if (
        await recordMailBounce({ ...ctx.deps, db: trx }, tenant.tenantId, {
          messageId,
          recipient: failed.address,
          reason,
        })
      )
        deliveriesFailed++;
    }
  }
  return {
    failedAddresses: report.failed,
    originalMessageIds: report.originalMessageIds,
    outboxMarked: marked.map((m) => m.message_id),
    deliveriesFailed,
  };
}

async function duplicateReceipt(
  db: Kysely<Database>,
  tenantId: string,
  row: { mail_id: string; outcome: string; reason: string | null; case_id: string | null },
): Promise<MailReceipt> {
  const number = row.case_id
    ? ((
        await db
          .selectFrom('cases')
          .select('number')
          .where('tenant_id', '=', tenantId)
          .where('case_id', '=', row.case_id)
          .executeTakeFirst()
      )?.number ?? null)
    : null;
  return {
    mailId: row.mail_id,
    tenantId,
    outcome: row.outcome as MailOutcome,
    reason: row.reason,
    caseId: row.case_id,
    caseNumber: number,
    duplicate: true,
  };
}

/** The mail's Date when it is one (a sender's clock, as the evidence record's `occurredAt`), else when it came. */
function sentAt(date: Date | undefined, receivedAt: Date): Date {
  return date && !Number.isNaN(date.getTime()) ? date : receivedAt;
}

function addressOf(from: AddressObject | undefined): string | null {
  const address = from?.value?.[0]?.address;
  return address ? address.trim().toLowerCase() : null;
}

function headerText(parsed: ParsedMail, name: string): string | undefined {
  const line = parsed.headerLines.find((l) => l.key === name.toLowerCase());
  if (!line) return undefined;
  return line.line.slice(line.line.indexOf(':') + 1).trim();
}

function contentTypeOf(parsed: ParsedMail): string {
  return headerText(parsed, 'content-type') ?? 'text/plain';
}

/** The headers of a raw mail, unfolded, before any parsing (for mail too large or too broken to parse). */
export function headerLines(raw: Buffer): Record<string, string> {
  const text = raw.subarray(0, 64 * 1024).toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const out: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const name = line.slice(0, at).trim().toLowerCase();
    if (!(name in out)) out[name] = line.slice(at + 1).trim();
  }
  if (out.from) out.from = (/<([^>]+)>/.exec(out.from)?.[1] ?? out.from).toLowerCase();
  return out;
}

function bodyText(parsed: ParsedMail): string {
  const text = (parsed.text ?? '').trim();
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text;
}

function withSubject(subject: string, body: string): string {
  const s = subject.trim();
  return s ? (body ? `${s}\n\n${body}` : s) : body || '(no text)';
}

/** Attachments and inline images (by their Content-ID when they have no name), as files of the case. */
function attachmentsOf(parsed: ParsedMail): AttachmentInput[] {
  return parsed.attachments
    .filter((a) => a.content.byteLength > 0 && !a.contentType.startsWith('message/delivery-status'))
    .map((a, i) => ({
      name: (
        a.filename ?? (a.cid ? `inline-${a.cid.replace(/[^\w.-]/g, '_')}` : `attachment-${i + 1}`)
      ).slice(0, 200),
      mediaType: /^[\w.+-]+\/[\w.+-]+$/.test(a.contentType) ? a.contentType : 'application/octet-stream',
      contentBase64: a.content.toString('base64'),
    }));
}
