import type { Actor } from '../../domain/access/index.ts';
import type { UserRole } from '../../domain/party/index.ts';
import { PERSONAL_PAYLOAD_FIELDS } from '../../domain/privacy/index.ts';
import { requireAccess } from '../access.ts';
import { checkNewPassword, hashPassword } from '../auth/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, pgErrorCode } from '../errors.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { toUserView, type UserView } from './user-view.ts';

export interface UserInput {
  email: string;
  name: string;
  role: UserRole;
  /** The party the person belongs to, by its key. */
  party: string;
  password: string;
  locale?: 'en' | 'zh' | undefined;
}

/** Inserts a user into the author's tenant and records it; the caller has already decided it may. */
export async function insertUser(deps: AppDeps, author: ChangeAuthor, input: UserInput): Promise<UserView> {
  const { db } = deps;
  const tenantId = author.tenantId;
  checkNewPassword(input.password, '/body/password');
  const party = await db
    .selectFrom('parties')
    .select('party_id')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', input.party)
    .executeTakeFirst();
  if (!party) throw invalid([{ path: '/body/party', message: `no party with key "${input.party}"` }]);
  const now = deps.now();
  const passwordHash = await hashPassword(input.password);
  try {
    const row = await inTransaction({ db }, async (trx) => {
      const inserted = await trx
        .insertInto('users')
        .values({
          tenant_id: tenantId,
          user_id: deps.newId(),
          party_id: party.party_id,
          email: input.email.trim(),
          name: input.name,
          role: input.role,
          locale: input.locale ?? 'en',
          password_hash: passwordHash,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const { password: _never, ...recorded } = input;
      await recordChange(deps, trx, author, {
        type: 'user.created',
        subject: { type: 'party', id: party.party_id },
        payload: { userId: inserted.user_id, ...recorded },
        personal: { partyId: party.party_id, fields: PERSONAL_PAYLOAD_FIELDS['user.created']! },
      });
      return inserted;
    });
    return toUserView(row);
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('email_taken', {
        detail: { en: `The e-mail ${input.email} is taken.`, zh: `电子邮件 ${input.email} 已被使用。` },
        fields: [{ path: '/body/email', message: 'already taken' }],
      });
    }
    throw error;
  }
}

export async function createUser(deps: AppDeps, actor: Actor, input: UserInput): Promise<UserView> {
  requireAccess(actor, 'write', 'user');
  return insertUser(deps, actor, input);
}
