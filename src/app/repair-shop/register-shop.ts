import { checkLicence } from '../../domain/repair-shop/index.ts';

import { checkNewPassword, countAttempt, hashPassword } from '../auth/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { findTenant } from '../tenant/index.ts';
import { inTransaction } from '../transaction.ts';

export interface RegisterShopInput {
  /** The tenant's slug; may be left out when the server holds one tenant. */
  tenant?: string | undefined;
  /** The shop's business name as on its licence, and in Chinese when it has one. */
  name: string;
  nameZh?: string | undefined;
  /** 统一社会信用代码 on the business licence. */
  creditCode: string;
  /** The person who signs in for the shop. */
  contactName: string;
  email: string;
  phone?: string | undefined;
  password: string;
  locale?: 'en' | 'zh' | undefined;
  client: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Registrations allowed per client address in an hour, as sign-ups are limited. */
export const SHOP_REGISTRATIONS_PER_HOUR = 10;

/**
 * An independent repair shop registers itself: a party with the role `independent_shop`, a
 * `repair_shop` user for its contact (disabled: it cannot sign in), and a registration pending the
 * brand's approval. As with a customer's sign-up, the answer is the same whether the e-mail or the
 * licence was new or not (nothing is made for one already known), so registering does not tell
 * who has an account; the brand's staff see the registrations that were made.
 */
export async function registerShop(deps: AppDeps, input: RegisterShopInput): Promise<void> {
  const email = input.email.trim();
  const problems = [];
  if (!EMAIL.test(email)) problems.push({ path: '/body/email', message: 'not an e-mail address' });
  if (input.name.trim() === '') problems.push({ path: '/body/name', message: 'must not be empty' });
  if (input.contactName.trim() === '')
    problems.push({ path: '/body/contactName', message: 'must not be empty' });
  const licence = checkLicence(input.creditCode);
  if (!licence.ok)
    problems.push({
      path: '/body/creditCode',
      message: 'a business licence number is the 18-character unified social credit code',
      messageZh: '营业执照号码应为 18 位统一社会信用代码',
    });
  if (problems.length > 0 || !licence.ok) throw invalid(problems);
  checkNewPassword(input.password, '/body/password');
  const now = deps.now();
  const within = await countAttempt(
    deps.db,
    [{ scope: 'shop_registration_client', subject: input.client, max: SHOP_REGISTRATIONS_PER_HOUR }],
    now,
    3600,
  );
  if (!within) throw new AppError('rate_limited');
  const { tenantId } = await findTenant(deps, input.tenant);
  const passwordHash = await hashPassword(input.password);
  const partyId = deps.newId();
  const userId = deps.newId();
  try {
    await inTransaction(deps, async (trx) => {
      await trx
        .insertInto('parties')
        .values({
          tenant_id: tenantId,
          party_id: partyId,
          key: `shop-${partyId.slice(0, 8)}`,
          name: input.name.trim(),
          name_zh: input.nameZh?.trim() || null,
          roles: ['independent_shop'],
          country: 'CN',
          email,
          phone: input.phone?.trim() || null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('repair_shops')
        .values({
          tenant_id: tenantId,
          party_id: partyId,
          credit_code: licence.code,
          status: 'pending',
          registered_at: now,
          decided_at: null,
          decided_by_user_id: null,
          decision_reason: null,
        })
        .execute();
      await trx
        .insertInto('users')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          party_id: partyId,
          email,
          name: input.contactName.trim(),
          role: 'repair_shop',
          locale: input.locale ?? 'zh',
          password_hash: passwordHash,
          // Pending: the one gate every session and token passes (authenticate.ts) keeps it out.
          disabled_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      // No name, e-mail or phone on the record: the party row holds them (erasable), the entry the facts.
      await recordChange(
        deps,
        trx,
        { tenantId, userId, authenticatedBy: 'session' },
        {
          type: 'repair_shop.registered',
          subject: { type: 'party', id: partyId },
          payload: { creditCode: licence.code, userId, status: 'pending' },
        },
      );
    });
  } catch (error) {
    // The e-mail or the licence is registered: nothing is made, and the caller is told nothing different.
    if (pgErrorCode(error) !== '23505') throw error;
  }
}
