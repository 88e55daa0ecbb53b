import { sql } from 'kysely';
import type { UserRole } from '../../domain/party/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
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
 * Checks the password and opens a session. Failed attempts are counted in the database, per
 * e-mail since its last success and per client address, so the limit holds across processes.
 */
export async function signIn(deps: AppDeps, input: SignInInput): Promise<SignedIn> {
  const { db, settings } = deps;
  const now = deps.now();
  const email = input.email.trim().toLowerCase();
  const windowStart = new Date(now.getTime() - settings.signInWindowSeconds * 1000);

  const counts = await db
    .selectFrom('sign_in_attempts')
    .select([
      sql<number>`count(*) filter (where lower(email) = ${email} and not succeeded and attempted_at > greatest(${windowStart}::timestamptz, coalesce((select max(s.attempted_at) from sign_in_attempts s where lower(s.email) = ${email} and s.succeeded), ${windowStart}::timestamptz)))`.as(
        'byEmail',
      ),
      sql<number>`count(*) filter (where client = ${input.client} and not succeeded)`.as('byClient'),
    ])
    .where('attempted_at', '>', windowStart)
    .executeTakeFirstOrThrow();
  // One address may try several accounts (an office behind one NAT), but not without bound.
  if (
    Number(counts.byEmail) >= settings.signInMaxAttempts ||
    Number(counts.byClient) >= settings.signInMaxAttempts * 5
  ) {
    throw new AppError('rate_limited');
  }

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
