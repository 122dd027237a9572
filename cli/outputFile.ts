/**
 * Writes a download to a file through a temporary file beside it, renamed over the file only
 * once everything arrived: a refused or broken download leaves an existing file as it was.
 */
import { createWriteStream, openSync, readlinkSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CliError, usageError } from './errors.js';
import { EXIT } from './exitCodes.js';

const REASONS: Record<string, string> = { ENOENT: 'no such directory', ENOTDIR: 'no such directory', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'it is a directory', EROFS: 'read-only file system', ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EIO: 'input/output error' };

/** "no such directory" for ENOENT; an unlisted code as it is, else the error's message. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ?? (code || (error as Error).message);
}

/** `--output: cannot write /nonexistent/dir/x.csv (no such directory)`: exit 2. */
function unwritable(file: string, error: unknown): CliError {
  return usageError(`--output: cannot write ${file} (${reasonOf(error)})`);
}

/** `cannot write x.csv (no space left on device)`: the file could be opened, then writing it failed (exit 1). */
function notWritten(file: string, error: unknown): CliError {
  return new CliError(`cannot write ${file} (${reasonOf(error)}); it was left as it was`, { exit: EXIT.failure, code: 'write_failed' });
}

/** Links followed at most, as the kernel's limit (ELOOP past it). */
const MAX_LINKS = 40;

/**
 * The file `file` names: the target of a symbolic link (of a chain of them), so a rename over it
 * replaces the target and the link stays; `file` itself when it is no link. A link to a file not
 * there yet names that file, as a shell's `>` would create it. Throws what realpath throws
 * other than ENOENT (a loop, a denied directory).
 */
export function linkTargetOf(file: string): string {
  try {
    return realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let path = file;
  for (let links = 0; links < MAX_LINKS; links++) {
    let link: string;
    try {
      link = readlinkSync(path);
    } catch {
      return path;
    }
    path = resolve(dirname(path), link);
  }
  return path;
}

/**
 * Runs `write` on a stream into `file` (into its target when it is a symbolic link). A path that
 * cannot be written is refused before `write` runs (a usage error naming --output); whatever
 * `write` throws leaves no file behind.
 */
export async function writeFileAtomically<T>(file: string, write: (out: Writable) => Promise<T>): Promise<T> {
  let target: string;
  try {
    target = linkTargetOf(file);
  } catch (error) {
    throw unwritable(file, error);
  }
  // Beside the target: a rename only replaces a file within one file system.
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.part`);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (error) {
    throw unwritable(file, error);
  }
  const out = createWriteStream(temp, { fd });
  // A write that fails (a full disk) is reported as such, not as an unhandled stream error.
  let failed: unknown = null;
  out.on('error', (error) => {
    failed ??= error;
  });
  try {
    const result = await write(out);
    out.end();
    await finished(out);
    try {
      renameSync(temp, target);
    } catch (error) {
      throw unwritable(file, error);
    }
    return result;
  } catch (error) {
    out.destroy();
    rmSync(temp, { force: true });
    throw failed ? notWritten(file, failed) : error;
  }
}
