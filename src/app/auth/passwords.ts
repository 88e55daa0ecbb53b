import { dictionary } from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';
import { AppError } from '../errors.ts';

/** argon2id with the library's defaults (64 MiB, 3 passes), the OWASP-recommended shape. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/**
 * The demo accounts' password is printed in the README, so no hash of it keeps anything secret:
 * it is made at argon2id's lowest cost (1 MiB, 1 pass), which spares every sign-in as a demo user
 * about a second of CPU on a busy machine (the tests sign in some 800 times). A password set or
 * changed by anyone is hashed at full cost (`hashPassword`).
 */
export function hashPublishedPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1 });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Burns the same time as a real check, so that unknown e-mails cannot be told from wrong passwords. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('no such account');
  await verifyPassword(await dummyHash, password);
  return false;
}

export const MIN_PASSWORD_LENGTH = 10;
/** Long passphrases are welcome; beyond this it is a paste gone wrong, and argon2 work for nothing. */
export const MAX_PASSWORD_LENGTH = 200;

let common: ReadonlySet<string> | undefined;

/** The passwords people use most (zxcvbn's list of about 49,000, from breaches), lower case. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/**
 * Why a new password is refused, or undefined when it is acceptable (NIST SP 800-63B: length,
 * and not one an attacker tries first; no rules about character classes).
 */
export function passwordWeakness(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  if (commonPasswords().has(password.trim().toLowerCase())) return 'is a commonly used password';
  return undefined;
}

/** Refuses a weak new password with the field it came in, changing nothing. */
export function checkNewPassword(password: string, path: string): void {
  const weakness = passwordWeakness(password);
  if (weakness) throw new AppError('weak_password', { fields: [{ path, message: weakness }] });
}
