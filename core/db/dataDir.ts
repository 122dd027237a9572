/**
 * The embedded database's data directory: private to its owner (directory 0700, files
 * 0600 — the write-ahead log holds password hashes and tokens) and owned by one process
 * at a time. Two processes writing one PGlite directory corrupt it, so the first to open
 * it writes its pid to `yava.lock` inside, and everyone else is refused until that
 * process is gone. A lock left by a dead process (a crash, SIGKILL) is taken over.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'yava.lock';
const TAKEOVER_FILE = 'yava.lock.takeover';
/** A takeover marker older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;

/** Another live process owns the data directory. */
export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    readonly ownerHost: string,
  ) {
    const where = ownerHost === hostname() ? `process ${ownerPid}` : `process ${ownerPid} on host ${ownerHost}`;
    super(
      `the embedded database in ${dataDir} is in use by ${where} (lock file ${join(dataDir, LOCK_FILE)}); ` +
        'only one process may open it: stop that process, or talk to its server over HTTP (yava login --server …)',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
}

/** Locks held by this process, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (Number.isInteger(parsed.pid) && typeof parsed.host === 'string') return { pid: parsed.pid!, host: parsed.host };
  } catch {
    // unreadable or half-written: treated as stale below
  }
  return null;
}

function writeExclusive(file: string, body: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Whether the recorded owner still holds the lock (a pid equal to ours is a previous life of this container's pid 1, unless we hold it). */
function ownerIsLive(owner: LockOwner | null, file: string): boolean {
  if (!owner) return false;
  if (owner.host !== hostname()) return true; // cannot check another machine's processes: never steal
  if (owner.pid === process.pid) return heldHere.has(file);
  return isAlive(owner.pid);
}

/** Replaces a stale lock, guarded by a takeover marker so two starters cannot both win. */
function takeOver(dir: string, file: string, body: string): boolean {
  const marker = join(dir, TAKEOVER_FILE);
  if (!writeExclusive(marker, body)) {
    try {
      if (Date.now() - statSync(marker).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(marker);
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    if (ownerIsLive(readOwner(file), file)) return false;
    renameSync(marker, file);
    return true;
  } finally {
    try {
      unlinkSync(marker);
    } catch {
      // renamed into place
    }
  }
}

/**
 * Takes the data directory's lock for this process. Throws DataDirLockedError naming the
 * owner's pid while another live process holds it; takes over a lock whose process is gone.
 *
 * @example const lock = acquireDataDirLock('./.yava/data'); … lock.release();
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  const file = join(dir, LOCK_FILE);
  const body = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 20; attempt++) {
    if (writeExclusive(file, body)) break;
    const owner = readOwner(file);
    if (ownerIsLive(owner, file)) throw new DataDirLockedError(dir, owner!.pid, owner!.host);
    if (takeOver(dir, file, body)) break;
    if (attempt === 19) throw new Error(`could not take the lock ${file}; remove it if no Yava process runs`);
  }
  heldHere.add(file);
  return {
    path: file,
    release() {
      if (!heldHere.delete(file)) return;
      const owner = readOwner(file);
      if (owner && owner.pid === process.pid && owner.host === hostname()) unlinkSync(file);
    },
  };
}

/** Clears group and other permission bits on every file and folder under `dir` (symlinks untouched). */
function makePrivate(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if ((stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
  if (stat.isDirectory()) for (const name of readdirSync(path)) makePrivate(join(path, name));
}

/**
 * Creates the data directory 0700 and sets the umask so every file the database creates
 * from now on is 0600. Call before opening PGlite, and `tightenDataDir` after: PGlite
 * copies its initial files with mode 0666 whatever the umask.
 */
export function prepareDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  process.umask(process.umask() | 0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** Makes every existing file in the data directory private to its owner (0600/0700). */
export function tightenDataDir(dataDir: string): void {
  makePrivate(resolve(dataDir));
}
