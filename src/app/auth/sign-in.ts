import { sql } from 'kysely';
import type { UserRole } from '../../domain/party/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { clearAttempts, countAttempt, forgiveAttempt } from './attempt-limits.ts';
import { verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { hashSecret, newSecret } from './secrets.ts';

export interface SignInInput {
  email: string;
  password: string;
  /** The client's address, for the per-client limit. */
  client: string;
}

export interface SignedIn {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: UserRole; partyId: string; locale: 'en' | 'zh' };
}

/**
 * Checks the password and opens a session. Attempts are counted in the database before the
 * password is checked, per e-mail (failures since its last success) and per client address
 * (failures), so the limits hold for attempts sent at once and across processes.
 */
export async function signIn(deps: AppDeps, input: SignInInput): Promise<SignedIn> {
  const { db, settings } = deps;
  const now = deps.now();
  const email = input.email.trim().toLowerCase();
  // Counted before the password is checked, in one atomic statement, so that attempts sent
  // together cannot all be checked. One address may try several accounts (an office behind one
  // NAT), but not without bound.
  const within = await countAttempt(
    db,
    [
      { scope: 'sign_in_email', subject: email, max: settings.signInMaxAttempts },
      { scope: 'sign_in_client', subject: input.client, max: settings.signInMaxAttempts * 5 },
    ],
    now,
    settings.signInWindowSeconds,
  );
  if (!within) throw new AppError('rate_limited');

  const user = await db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  const ok = user?.password_hash
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyAgainstNothing(input.password);

  await db
    .insertInto('sign_in_attempts')
    .values({
      tenant_id: user?.tenant_id ?? null,
      email,
      client: input.client,
      succeeded: ok,
      attempted_at: now,
    })
    .execute();
  if (!ok || !user) throw new AppError('bad_credentials');
  await clearAttempts(db, 'sign_in_email', email);
  await forgiveAttempt(db, 'sign_in_client', input.client);

  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + settings.sessionHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({
      tenant_id: user.tenant_id,
      session_hash: hashSecret(sessionToken),
      user_id: user.user_id,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    user: {
      id: user.user_id,
      email: user.email,
      name: user.name,
      role: user.role,
      partyId: user.party_id,
      locale: user.locale,
    },
  };
}
