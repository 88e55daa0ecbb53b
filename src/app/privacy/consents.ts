import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { ConsentPurpose } from '../../domain/privacy/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { loadPerson } from './person.ts';

export interface ConsentView {
  id: string;
  purpose: ConsentPurpose;
  state: 'given' | 'withdrawn';
  recordedAt: Date;
  recordedBy: string | null;
  evidenceSeq: number;
}

/**
 * Records a consent given or withdrawn for one purpose, with who recorded it and when, on the
 * evidence record too. Used at sign-up and registration (by the person) and by staff taking it
 * by phone or on paper. The newest record per purpose is the one in force.
 */
export async function writeConsent(
  deps: Pick<AppDeps, 'now' | 'newId'>,
  trx: Tx,
  author: ChangeAuthor,
  consent: { partyId: string; userId: string | null; purpose: ConsentPurpose; state: 'given' | 'withdrawn' },
): Promise<ConsentView> {
  const entry = await recordChange(deps, trx, author, {
    type: 'consent.recorded',
    subject: { type: 'party', id: consent.partyId },
    payload: { purpose: consent.purpose, state: consent.state, userId: consent.userId },
  });
  const id = deps.newId();
  const recordedAt = deps.now();
  await trx
    .insertInto('personal_data_consents')
    .values({
      tenant_id: author.tenantId,
      consent_id: id,
      party_id: consent.partyId,
      user_id: consent.userId,
      purpose: consent.purpose,
      state: consent.state,
      recorded_at: recordedAt,
      recorded_by_user_id: author.userId,
      evidence_seq: entry.seq,
    })
    .execute();
  return {
    id,
    purpose: consent.purpose,
    state: consent.state,
    recordedAt,
    recordedBy: author.userId,
    evidenceSeq: entry.seq,
  };
}

/** A person records their own consent; the brand's staff (not counsel) record one they were given. */
export async function recordConsent(
  deps: AppDeps,
  actor: Actor,
  partyId: string,
  input: { purpose: ConsentPurpose; state: 'given' | 'withdrawn' },
): Promise<ConsentView> {
  const person = await loadPerson(deps.db, actor, partyId);
  const staff = visibilityOf(actor).kind === 'tenant';
  if (staff ? actor.role === 'counsel' : actor.role !== 'customer') throw new AppError('forbidden');
  return inTransaction(deps, (trx) =>
    writeConsent(deps, trx, actor, {
      partyId: person.party_id,
      userId: staff ? null : actor.userId,
      ...input,
    }),
  );
}

/** Every consent record of a person, newest first (by the index on tenant, person, time). */
export async function listConsents(deps: AppDeps, actor: Actor, partyId: string): Promise<ConsentView[]> {
  await loadPerson(deps.db, actor, partyId);
  const rows = await deps.db
    .selectFrom('personal_data_consents')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('party_id', '=', partyId)
    .orderBy('recorded_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.consent_id,
    purpose: r.purpose,
    state: r.state,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by_user_id,
    evidenceSeq: Number(r.evidence_seq),
  }));
}
