import type { UserRole } from '../../domain/party/index.ts';
import type { UserRow } from '../../store/schema.ts';

export interface UserView {
  id: string;
  partyId: string;
  email: string;
  name: string;
  role: UserRole;
  locale: 'en' | 'zh';
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.user_id,
    partyId: row.party_id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const USER_NOT_FOUND = { en: 'No such user.', zh: '没有该用户。' };
