import type { Actor } from '../../domain/access/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { isCalendarDate } from '../../domain/time/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { inTransaction } from '../transaction.ts';

export interface RegisterUnitInput {
  serial: string;
  purchasedOn: string;
  proof: AttachmentInput;
}

const PROOF_TYPES = /^(image\/(png|jpeg|webp|heic)|application\/pdf)$/;
const SOMEONE_ELSES = {
  en: 'This serial cannot be registered to you. If you bought it, contact our service desk with the receipt.',
  zh: '该序列号无法登记到您名下。如确为您购买，请携购买凭证联系客服。',
};

/**
 * A customer registers a unit by serial with a proof of purchase (photo or PDF). The unit must
 * be one the brand knows and not another customer's: a unit still held by the brand or its
 * distributor becomes the customer's (its sale date, when unknown, is the purchase date); the
 * customer's own unit gets its proof on record. One registration per unit.
 */
export async function registerUnit(deps: AppDeps, actor: Actor, input: RegisterUnitInput) {
  if (actor.role !== 'customer') throw new AppError('forbidden');
  const problems = [];
  if (!isCalendarDate(input.purchasedOn))
    problems.push({ path: '/body/purchasedOn', message: 'a date YYYY-MM-DD' });
  const today = localDateIn(deps.now(), await tenantTermsZone(deps.db, actor.tenantId));
  if (input.purchasedOn > today) problems.push({ path: '/body/purchasedOn', message: 'lies in the future' });
  if (!PROOF_TYPES.test(input.proof.mediaType))
    problems.push({ path: '/body/proof/mediaType', message: 'a photo (PNG, JPEG, WebP, HEIC) or a PDF' });
  if (problems.length > 0) throw invalid(problems);
  const unit = await deps.db
    .selectFrom('units')
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'units.tenant_id')
        .onRef('parties.party_id', '=', 'units.owner_party_id'),
    )
    .select(['units.unit_id', 'units.owner_party_id', 'units.sold_on', 'parties.roles'])
    .where('units.tenant_id', '=', actor.tenantId)
    .where('units.serial', '=', input.serial.trim())
    .executeTakeFirst();
  const ownerIsCustomer = unit?.roles.includes('customer') ?? false;
  if (!unit || (ownerIsCustomer && unit.owner_party_id !== actor.partyId))
    throw new AppError('not_found', { detail: SOMEONE_ELSES });
  const taken = await deps.db
    .selectFrom('unit_registrations')
    .select('party_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('unit_id', '=', unit.unit_id)
    .executeTakeFirst();
  if (taken)
    throw new AppError('unit_already_registered', {
      detail: { en: 'This unit is already registered.', zh: '该设备已登记。' },
    });
  const now = deps.now();
  const registrationId = deps.newId();
  await inTransaction(deps, async (trx) => {
    const [proof] = await storeAttachments(deps, trx, actor.tenantId, [input.proof], '/body/proof');
    const entry = await recordChange(deps, trx, actor, {
      type: 'unit.registered',
      subject: { type: 'unit', id: unit.unit_id },
      payload: {
        serial: input.serial.trim(),
        purchasedOn: input.purchasedOn,
        proof: proof!,
        transferred: !ownerIsCustomer,
      },
      blobs: [proof!.sha256],
    });
    await trx
      .insertInto('unit_registrations')
      .values({
        tenant_id: actor.tenantId,
        registration_id: registrationId,
        unit_id: unit.unit_id,
        party_id: actor.partyId,
        purchased_on: input.purchasedOn,
        proof_sha256: proof!.sha256,
        proof_name: proof!.name,
        user_id: actor.userId,
        evidence_seq: entry.seq,
        created_at: now,
      })
      .execute();
    if (!ownerIsCustomer)
      await trx
        .updateTable('units')
        .set({ owner_party_id: actor.partyId, sold_on: unit.sold_on ?? input.purchasedOn, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('unit_id', '=', unit.unit_id)
        .execute();
  });
  return { registrationId, serial: input.serial.trim(), purchasedOn: input.purchasedOn, registeredAt: now };
}
