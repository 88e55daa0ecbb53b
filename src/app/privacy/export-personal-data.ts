import type { Actor } from '../../domain/access/index.ts';
import { PERSONAL_DATA_REGISTER } from '../../domain/privacy/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadPerson, requireExportAccess } from './person.ts';
import { recordPersonalRead } from './read-log.ts';

/**
 * Everything the service holds about one person (PIPL art. 45, GDPR art. 15 and 20), as one JSON
 * document: the contact record, their accounts, consents, cases with the messages they could read,
 * product registrations, the evidence entries about them, who read their data, and erasures.
 * Internal notes between staff are left out (they are the brand's work product), and so are
 * credentials. The export itself is logged as a read and recorded on the evidence record.
 */
export async function exportPersonalData(deps: AppDeps, actor: Actor, partyId: string) {
  const person = await loadPerson(deps.db, actor, partyId);
  requireExportAccess(actor, person);
  const db = deps.db;
  const t = actor.tenantId;
  const [users, consents, cases, registrations, entries, reads, erasures] = await Promise.all([
    db
      .selectFrom('users')
      .select(['user_id', 'email', 'name', 'role', 'locale', 'disabled_at', 'created_at'])
      .where('tenant_id', '=', t)
      .where('party_id', '=', partyId)
      .execute(),
    db
      .selectFrom('personal_data_consents')
      .select(['purpose', 'state', 'recorded_at', 'recorded_by_user_id'])
      .where('tenant_id', '=', t)
      .where('party_id', '=', partyId)
      .orderBy('recorded_at')
      .execute(),
    db
      .selectFrom('cases')
      .select(['case_id', 'public_ref', 'kind', 'state', 'description', 'channel', 'opened_at'])
      .where('tenant_id', '=', t)
      .where('customer_party_id', '=', partyId)
      .orderBy('opened_at')
      .execute(),
    db
      .selectFrom('unit_registrations as r')
      .innerJoin('units as u', (j) =>
        j.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.unit_id', '=', 'r.unit_id'),
      )
      .select(['u.serial', 'r.purchased_on', 'r.proof_name', 'r.proof_sha256', 'r.created_at'])
      .where('r.tenant_id', '=', t)
      .where('r.party_id', '=', partyId)
      .execute(),
    db
      .selectFrom('timeline_entries')
      .select(['seq', 'entry_type', 'recorded_at', 'payload'])
      .where('tenant_id', '=', t)
      .where('subject_type', '=', 'party')
      .where('subject_id', '=', partyId)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('personal_data_reads')
      .select(['reader_user_id', 'what', 'subject_id', 'read_at'])
      .where('tenant_id', '=', t)
      .where('party_id', '=', partyId)
      .orderBy('read_at')
      .execute(),
    db
      .selectFrom('personal_data_erasures')
      .select(['request_ref', 'reason', 'fields', 'erased_at', 'evidence_seq'])
      .where('tenant_id', '=', t)
      .where('party_id', '=', partyId)
      .execute(),
  ]);
  const caseIds = cases.map((c) => c.case_id);
  const messages =
    caseIds.length > 0
      ? await db
          .selectFrom('case_messages')
          .select(['case_id', 'direction', 'body', 'channel', 'created_at'])
          .where('tenant_id', '=', t)
          .where('case_id', 'in', caseIds)
          .where('visibility', '=', 'public')
          .orderBy('created_at')
          .execute()
      : [];
  const exportedAt = deps.now();
  await inTransaction(deps, async (trx) => {
    await recordChange(deps, trx, actor, {
      type: 'personal_data.exported',
      subject: { type: 'party', id: partyId },
      payload: { by: actor.userId },
    });
  });
  await recordPersonalRead(deps, actor, { partyId, what: 'export', subjectId: partyId });
  return {
    format: 'servicebook.personal-data-export/1',
    exportedAt: exportedAt.toISOString(),
    person: {
      id: person.party_id,
      key: person.key,
      name: person.name,
      nameZh: person.name_zh,
      email: person.email,
      phone: person.phone,
      country: person.country,
      createdAt: person.created_at,
    },
    accounts: users.map((u) => ({
      id: u.user_id,
      email: u.email,
      name: u.name,
      role: u.role,
      locale: u.locale,
      disabledAt: u.disabled_at,
      createdAt: u.created_at,
    })),
    consents: consents.map((c) => ({
      purpose: c.purpose,
      state: c.state,
      recordedAt: c.recorded_at,
      recordedBy: c.recorded_by_user_id,
    })),
    cases: cases.map((c) => ({
      reference: c.public_ref,
      kind: c.kind,
      state: c.state,
      description: c.description,
      channel: c.channel,
      openedAt: c.opened_at,
      messages: messages
        .filter((m) => m.case_id === c.case_id)
        .map((m) => ({ direction: m.direction, body: m.body, channel: m.channel, at: m.created_at })),
    })),
    productRegistrations: registrations.map((r) => ({
      serial: r.serial,
      purchasedOn: r.purchased_on,
      proofOfPurchase: { name: r.proof_name, sha256: r.proof_sha256 },
      registeredAt: r.created_at,
    })),
    evidenceEntries: entries.map((e) => ({
      seq: Number(e.seq),
      type: e.entry_type,
      recordedAt: e.recorded_at,
      payload: JSON.parse(e.payload) as unknown,
    })),
    readBy: reads.map((r) => ({
      reader: r.reader_user_id,
      what: r.what,
      subject: r.subject_id,
      at: r.read_at,
    })),
    erasures: erasures.map((e) => ({
      request: e.request_ref,
      reason: e.reason,
      fields: e.fields,
      erasedAt: e.erased_at,
      evidenceSeq: Number(e.evidence_seq),
    })),
    /** Where the service keeps personal data, and what erasure does to each place. */
    register: PERSONAL_DATA_REGISTER,
  };
}

export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>;
