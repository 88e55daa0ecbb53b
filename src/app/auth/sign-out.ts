import type { AppDeps } from '../context.ts';
import { hashSecret } from './secrets.ts';

/** Ends the session behind this cookie value; signing out twice is not an error. */
export async function signOut(deps: AppDeps, sessionToken: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('session_hash', '=', hashSecret(sessionToken)).execute();
}
