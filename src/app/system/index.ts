export type { Readiness } from './check-readiness.ts';
export { checkReadiness } from './check-readiness.ts';
export { migrateDatabase } from './migrate-database.ts';
