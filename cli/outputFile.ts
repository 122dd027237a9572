/**
 * Writes a download to a file through a temporary file beside it, renamed over the file only
 * once everything arrived: a refused or broken download leaves an existing file as it was.
 */
import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

/**
 * Runs `write` on a stream into `file`. A path that cannot be written is refused before
 * `write` runs (a usage error naming --output); whatever `write` throws leaves no file behind.
 */
export async function writeFileAtomically<T>(file: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.part`);
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
      renameSync(temp, file);
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
