import type { AppDeps } from '../context.ts';
import { AppError, invalid, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { findTenant } from '../tenant/index.ts';
import { inTransaction } from '../transaction.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { type SignedIn, signIn } from './sign-in.ts';

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

/**
 * A consumer signs up in the portal: a customer party of their own (so that they see only what
 * is theirs) and a customer user in it, recorded, then signed in.
 */
export async function signUp(deps: AppDeps, input: SignUpInput): Promise<SignedIn> {
  const email = input.email.trim();
  const problems = [];
  if (!EMAIL.test(email)) problems.push({ path: '/body/email', message: 'not an e-mail address' });
  if (input.password.length < MIN_PASSWORD_LENGTH)
    problems.push({
      path: '/body/password',
      message: `must have at least ${MIN_PASSWORD_LENGTH} characters`,
    });
  if (input.name.trim().length === 0) problems.push({ path: '/body/name', message: 'must not be empty' });
  if (problems.length > 0) throw invalid(problems);
  const { tenantId } = await findTenant(deps, input.tenant);
  const now = deps.now();
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
        },
      );
    });
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('email_taken', {
        detail: {
          en: 'An account with this e-mail exists: sign in instead.',
          zh: '该电子邮件已注册，请直接登录。',
        },
        fields: [{ path: '/body/email', message: 'already registered' }],
      });
    }
    throw error;
  }
  return signIn(deps, { email, password: input.password, client: input.client });
}
