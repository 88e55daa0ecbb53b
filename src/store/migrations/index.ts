import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';

/** Every migration, in order. Names sort the same way as they run. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
};
