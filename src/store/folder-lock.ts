import fs from 'node:fs';
import os from 'node:os';

/**
 * One process at a time on an embedded (PGlite) data folder. PGlite keeps the database in its own
 * memory and writes the folder as it goes: a second process opening the same folder works on a
 * copy the first never sees, and the two overwrite each other's files. So whoever opens the
 * folder first holds a lock file beside it (created with O_EXCL, holding its pid); the others
 * are refused with `DataFolderBusy`, naming the folder and the holder.
 *
 * Node has no flock/fcntl without a native module, so a process killed with SIGKILL leaves its
 * lock file behind: a lock whose pid is no longer alive on this host is taken over. A lock with
 * our own pid that this process does not hold is stale too (a container restarted as pid 1 again).
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** What the holder runs, e.g. `serve` or `token create`. */
  command: string;
  since: string;
}

export class DataFolderBusy extends Error {
  readonly folder: string;
  readonly lockFile: string;
  readonly holder: LockHolder | undefined;
  constructor(folder: string, lockFile: string, holder: LockHolder | undefined) {
    const who = holder
      ? `process ${holder.pid} on ${holder.host} ("servicebook ${holder.command}", since ${holder.since})`
      : 'another process';
    const whoZh = holder
      ? `${holder.host} 上的进程 ${holder.pid}（“servicebook ${holder.command}”，自 ${holder.since} 起）`
      : '另一个进程';
    super(
      `The embedded database in ${folder} is open in ${who}. Two processes on one embedded database ` +
        `would each write what the other never sees: stop that process first, or run this command ` +
        `while it is stopped (with PostgreSQL, DATABASE_URL, several processes may work at once). ` +
        `If no such process runs, delete ${lockFile}.\n` +
        `内嵌数据库 ${folder} 正由${whoZh}使用。两个进程同时打开同一个内嵌数据库会互相看不到对方写入的数据：` +
        `请先停止该进程，或在其停止后再运行此命令（使用 PostgreSQL，即设置 DATABASE_URL，时可多个进程同时工作）。` +
        `如确无此进程，请删除 ${lockFile}。`,
    );
    this.name = 'DataFolderBusy';
    this.folder = folder;
    this.lockFile = lockFile;
    this.holder = holder;
  }
}

/** Lock files this process holds, so that a lock with our own pid can be told from a stale one. */
const held = new Map<string, () => void>();
let exitHook = false;

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return {
      pid: parsed.pid,
      host: String(parsed.host ?? ''),
      command: String(parsed.command ?? ''),
      since: String(parsed.since ?? ''),
    };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the holder cannot be running: dead pid on this host, or our pid but not held by us. */
function stale(lockFile: string, holder: LockHolder | undefined): boolean {
  // Unreadable or half-written: the writer may be between open and write; not stale until it is old.
  if (!holder) {
    try {
      return Date.now() - fs.statSync(lockFile).mtimeMs > 10_000;
    } catch {
      return true;
    }
  }
  if (holder.host !== os.hostname()) return false;
  if (holder.pid === process.pid) return !held.has(lockFile);
  return !alive(holder.pid);
}

function tryCreate(lockFile: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockFile, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(me)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * Takes the lock on `folder` (the file `<folder>.lock`), or throws `DataFolderBusy`. Returns the
 * release, which removes the file if it is still ours.
 */
export function lockDataFolder(folder: string, command: string): () => void {
  const lockFile = `${folder}.lock`;
  const me: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command,
    since: new Date().toISOString(),
  };
  if (held.has(lockFile)) throw new DataFolderBusy(folder, lockFile, readHolder(lockFile));
  if (!tryCreate(lockFile, me)) {
    const holder = readHolder(lockFile);
    if (!stale(lockFile, holder)) throw new DataFolderBusy(folder, lockFile, holder);
    // Take over under a second lock, so that two processes finding the same stale file cannot
    // both remove it and each create their own.
    const takeover = `${lockFile}.takeover`;
    if (!tryCreate(takeover, me)) {
      const other = readHolder(takeover);
      if (!stale(takeover, other)) throw new DataFolderBusy(folder, lockFile, holder);
      fs.rmSync(takeover, { force: true });
      if (!tryCreate(takeover, me)) throw new DataFolderBusy(folder, lockFile, holder);
    }
    try {
      const again = readHolder(lockFile);
      if (again && !stale(lockFile, again)) throw new DataFolderBusy(folder, lockFile, again);
      fs.rmSync(lockFile, { force: true });
      if (!tryCreate(lockFile, me)) throw new DataFolderBusy(folder, lockFile, readHolder(lockFile));
    } finally {
      fs.rmSync(takeover, { force: true });
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(lockFile);
    const holder = readHolder(lockFile);
    if (holder && holder.pid === me.pid && holder.since === me.since && holder.host === me.host)
      fs.rmSync(lockFile, { force: true });
  };
  held.set(lockFile, release);
  if (!exitHook) {
    exitHook = true;
    // A process that exits without closing its database (process.exit on an error) leaves no lock.
    process.on('exit', () => {
      for (const r of [...held.values()]) r();
    });
  }
  return release;
}
