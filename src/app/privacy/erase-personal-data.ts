import type { Actor } from '../../domain/access/index.ts';
import { canonicalJson, REDACTED_KEY, redactFields } from '../../domain/evidence/index.ts';
import { type ErasedField, erasedName, PERSONAL_PAYLOAD_FIELDS } from '../../domain/privacy/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { loadPerson } from './person.ts';

export interface ErasureRequest {
  /** The person's request as the brand files it (a ticket, a letter's reference). */
  request: string;
  /** Why: the person asked (PIPL art. 47 / GDPR art. 17), the retention period ended… */
  reason: string;
}

export interface RedactedEntry {
  seq: number;
  fields: string[];
  /** SHA-256 of the payload as it is now stored. */
  payloadSha256: string;
  /** The entry's own hash still covers the payload (its fields were sealed); else the erasure entry vouches for it. */
  hashHolds: boolean;
}

export interface ErasureView {
  id: string;
  partyId: string;
  request: string;
  reason: string;
  fields: ErasedField[];
  erasedAt: Date;
  evidenceSeq: number;
  redactedEntries: RedactedEntry[];
}

/**
 * Erases a person's name, e-mail and phone on request (the person as a party, and their user
 * accounts), keeping their cases, decisions and clocks, which refer to the party by its id. The
 * evidence record is not rewritten: in the entries about the person, each personal field becomes
 * its salted hash (`{"$redacted": …}`), which is what the entry's hash covered, and the salt is
 * deleted; an entry written before fields were sealed gets the same marker and the erasure entry
 * names the new payload's hash. The `personal_data.erased` entry says what, under which request,
 * and why; the dossiers of the person's cases carry it as a note.
 */
export async function erasePersonalData(
  deps: AppDeps,
  actor: Actor,
  partyId: string,
  request: ErasureRequest,
): Promise<ErasureView> {
  const person = await loadPerson(deps.db, actor, partyId);
  requireAccess(actor, 'write', 'personal_data');
  return inTransaction(deps, (trx) => erase(deps, trx, actor, person, request));
}

/** For the CLI (the operator, no user): the same erasure. */
export async function erasePersonalDataAsOperator(
  deps: AppDeps,
  tenantId: string,
  partyKey: string,
  request: ErasureRequest,
): Promise<ErasureView> {
  const person = await deps.db
    .selectFrom('parties')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('key', '=', partyKey)
    .executeTakeFirst();
  if (!person)
    throw new AppError('not_found', {
      detail: { en: `No party ${partyKey}.`, zh: `没有当事方 ${partyKey}。` },
    });
  return inTransaction(deps, (trx) =>
    erase(deps, trx, { tenantId, userId: null, authenticatedBy: 'cli' }, person, request),
  );
}

async function erase(
  deps: AppDeps,
  trx: Tx,
  author: ChangeAuthor,
  person: {
    party_id: string;
    key: string;
    roles: string[];
    name: string;
    email: string | null;
    phone: string | null;
    name_zh: string | null;
  },
  request: ErasureRequest,
): Promise<ErasureView> {
  const tenantId = author.tenantId;
  const home = await trx
    .selectFrom('tenants')
    .select('home_party_id')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  if (home.home_party_id === person.party_id || !person.roles.includes('customer'))
    throw new AppError('not_a_person');
  const now = deps.now();
  const users = await trx
    .selectFrom('users')
    .select(['user_id', 'email'])
    .where('tenant_id', '=', tenantId)
    .where('party_id', '=', person.party_id)
    .execute();

  // The entries that hold the person's fields: about the party (index by subject), and any whose
  // sealed fields are the person's (index by person).
  const types = Object.keys(PERSONAL_PAYLOAD_FIELDS);
  const [aboutParty, salted] = await Promise.all([
    trx
      .selectFrom('timeline_entries')
      .select(['seq', 'entry_type', 'payload'])
      .where('tenant_id', '=', tenantId)
      .where('subject_type', '=', 'party')
      .where('subject_id', '=', person.party_id)
      .where('entry_type', 'in', types)
      .execute(),
    trx
      .selectFrom('evidence_personal_salts')
      .select(['seq', 'field', 'salt'])
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', person.party_id)
      .execute(),
  ]);
  const saltsBySeq = new Map<number, Record<string, string>>();
  for (const s of salted)
    saltsBySeq.set(Number(s.seq), { ...saltsBySeq.get(Number(s.seq)), [s.field]: s.salt });
  const missing = [...saltsBySeq.keys()].filter((seq) => !aboutParty.some((e) => Number(e.seq) === seq));
  const others =
    missing.length > 0
      ? await trx
          .selectFrom('timeline_entries')
          .select(['seq', 'entry_type', 'payload'])
          .where('tenant_id', '=', tenantId)
          .where('seq', 'in', missing)
          .execute()
      : [];

  const redacted: (RedactedEntry & { text: string })[] = [];
  for (const e of [...aboutParty, ...others].sort((a, b) => Number(a.seq) - Number(b.seq))) {
    const seq = Number(e.seq);
    const payload = JSON.parse(e.payload) as Record<string, unknown>;
    const fields = (PERSONAL_PAYLOAD_FIELDS[e.entry_type] ?? []).filter(
      (f) => payload[f] !== undefined && payload[f] !== null && !isMarker(payload[f]),
    );
    if (fields.length === 0) continue;
    const salts = saltsBySeq.get(seq) ?? {};
    const sealed = fields.every((f) => salts[f] !== undefined);
    const after = sealed
      ? redactFields(sha256Hex, payload, salts, fields)
      : // Written before fields were sealed: nothing to keep the hash with; the erasure entry vouches.
        { ...payload, ...Object.fromEntries(fields.map((f) => [f, { [REDACTED_KEY]: 'erased' }])) };
    const text = canonicalJson(after);
    redacted.push({ seq, fields, payloadSha256: sha256Hex(text), hashHolds: sealed, text });
  }

  const fields: ErasedField[] = ['name', 'email', 'phone'];
  if (person.name_zh) fields.push('nameZh');
  const entry = await recordChange(deps, trx, author, {
    type: 'personal_data.erased',
    subject: { type: 'party', id: person.party_id },
    payload: {
      request: request.request,
      reason: request.reason,
      fields,
      users: users.map((u) => u.user_id),
      redacted: redacted.map(({ text: _text, ...r }) => r),
    },
  });
  if (redacted.length > 0) {
    await trx
      .insertInto('evidence_redactions')
      .values(
        redacted.map((r) => ({
          tenant_id: tenantId,
          seq: r.seq,
          redaction_seq: entry.seq,
          payload_sha256: r.payloadSha256,
        })),
      )
      .execute();
    for (const r of redacted) {
      await trx
        .updateTable('timeline_entries')
        .set({ payload: r.text })
        .where('tenant_id', '=', tenantId)
        .where('seq', '=', r.seq)
        .execute();
    }
  }
  // The salts go: with one, a guessed name could be checked against its hash.
  await trx
    .deleteFrom('evidence_personal_salts')
    .where('tenant_id', '=', tenantId)
    .where('party_id', '=', person.party_id)
    .execute();

  const marker = erasedName(person.key);
  await trx
    .updateTable('parties')
    .set({ name: marker.en, name_zh: marker.zh, email: null, phone: null, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('party_id', '=', person.party_id)
    .execute();
  // A person's own sites (issue 17): the address and the contact are theirs; the row stays
  // (appointments and units point at it), the coordinates are cleared to the territory's level.
  await trx
    .updateTable('sites')
    .set({
      name: marker.en,
      address_en: marker.en,
      address_zh: marker.zh,
      contact_name: marker.en,
      contact_phone: '',
      access_notes: '',
      latitude: 0,
      longitude: 0,
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('customer_party_id', '=', person.party_id)
    .execute();
  for (const u of users) {
    await trx
      .updateTable('users')
      .set({
        name: marker.en,
        email: `erased-${u.user_id}@erased.invalid`,
        password_hash: null,
        disabled_at: now,
        updated_at: now,
      })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', u.user_id)
      .execute();
  }
  const userIds = users.map((u) => u.user_id);
  if (userIds.length > 0) {
    await trx
      .deleteFrom('sessions')
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', userIds)
      .execute();
    await trx
      .deleteFrom('api_tokens')
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', userIds)
      .execute();
    await trx
      .deleteFrom('sign_in_attempts')
      .where('tenant_id', '=', tenantId)
      .where(
        'email',
        'in',
        users.map((u) => u.email),
      )
      .execute();
  }
  const id = deps.newId();
  await trx
    .insertInto('personal_data_erasures')
    .values({
      tenant_id: tenantId,
      erasure_id: id,
      party_id: person.party_id,
      request_ref: request.request,
      reason: request.reason,
      fields,
      evidence_seq: entry.seq,
      erased_by_user_id: author.userId,
      erased_at: now,
    })
    .execute();
  return {
    id,
    partyId: person.party_id,
    request: request.request,
    reason: request.reason,
    fields,
    erasedAt: now,
    evidenceSeq: entry.seq,
    redactedEntries: redacted.map(({ text: _text, ...r }) => r),
  };
}

function isMarker(value: unknown): boolean {
  return typeof value === 'object' && value !== null && REDACTED_KEY in value;
}
