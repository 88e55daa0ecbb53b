import { loadConfig } from '../config.ts';
import type { Runtime } from '../main.ts';

/** Thrown by a command that was called wrongly; the CLI exits with 2. */
export class UsageError extends Error {}

/** Prints one line for a person (or a test capturing the output). */
export type Out = (text: string) => void;

/** The command being run (`token create`), named in the lock a PGlite folder is opened under. */
export const running = { command: 'open' };

/**
 * Opens the configured database, brings it up to date (unless asked not to), and closes it after.
 * The database, the server and the use cases are imported when a command runs, not before: so
 * `servicebook --help` loads the command line only.
 */
export async function withRuntime<T>(
  work: (runtime: Runtime) => Promise<T>,
  migrateFirst = true,
): Promise<T> {
  const [{ openRuntime }, { migrateDatabase }] = await Promise.all([
    import('../main.ts'),
    import('../app/system/index.ts'),
  ]);
  const runtime = await openRuntime(loadConfig(), running.command);
  try {
    if (migrateFirst) await migrateDatabase(runtime.deps.db);
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
