import { PERSONAL_PAYLOAD_FIELDS } from '../../domain/privacy/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { findTenant } from '../tenant/index.ts';
import { inTransaction } from '../transaction.ts';
import { countAttempt } from './attempt-limits.ts';
import { checkNewPassword, hashPassword } from './passwords.ts';

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  locale?: 'en' | 'zh' | undefined;
  phone?: string | undefined;
  /** The tenant's slug; may be left out when the server holds one tenant. */
  tenant?: string | undefined;
  client: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Sign-ups allowed per client address in an hour, against account farming. */
export const SIGN_UPS_PER_HOUR = 20;

/**
 * A consumer signs up in the portal: a customer party of their own (so that they see only what
 * is theirs) and a customer user in it, recorded. The answer is the same whether the e-mail was
 * new or already had an account (and takes about as long: the password is hashed either way), so
 * that sign-up cannot be used to find out who has an account; the person then signs in.
 */
export async function signUp(deps: AppDeps, input: SignUpInput): Promise<void> {
  const email = input.email.trim();
  const problems = [];
  if (!EMAIL.test(email)) problems.push({ path: '/body/email', message: 'not an e-mail address' });
  if (input.name.trim().length === 0) problems.push({ path: '/body/name', message: 'must not be empty' });
  if (problems.length > 0) throw invalid(problems);
  checkNewPassword(input.password, '/body/password');
  const now = deps.now();
  // Counted in the database, so the limit holds across processes and restarts.
  const within = await countAttempt(
    deps.db,
    [{ scope: 'sign_up_client', subject: input.client, max: SIGN_UPS_PER_HOUR }],
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
          key: `customer-${partyId.slice(0, 8)}`,
          name: input.name.trim(),
          name_zh: null,
          roles: ['customer'],
          country: null,
          email,
          phone: input.phone ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('users')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          party_id: partyId,
          email,
          name: input.name.trim(),
          role: 'customer',
          locale: input.locale ?? 'en',
          password_hash: passwordHash,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await recordChange(
        deps,
        trx,
        { tenantId, userId, authenticatedBy: 'session' },
        {
          type: 'customer.signed_up',
          subject: { type: 'party', id: partyId },
          payload: { userId, email, name: input.name.trim(), locale: input.locale ?? 'en' },
          personal: { partyId, fields: PERSONAL_PAYLOAD_FIELDS['customer.signed_up']! },
        },
      );
    });
  } catch (error) {
    // The e-mail has an account: nothing is made, and the caller is told nothing different.
    if (pgErrorCode(error) !== '23505') throw error;
  }
}
