import { fileURLToPath } from 'node:url';
import { startProcess, type StartedProcess } from './processes.js';

const SCRIPT = fileURLToPath(new URL('./dispatcherProcess.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts test/helpers/dispatcherProcess.ts with these variables; resolves once it is ready. */
export async function startDispatcherProcess(env: Record<string, string>): Promise<StartedProcess> {
  const proc = startProcess(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: ROOT, env: { ...process.env, ...env } });
  // Generous: on a loaded machine tsx can take minutes to compile and start.
  await proc.waitFor(/^ready /m, 240_000);
  return proc;
}

/** Resolves with the exit code (null) and signal once the process ends. */
export function ended(proc: StartedProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const done = () => resolve({ code: proc.child.exitCode, signal: proc.child.signalCode });
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) return done();
    const timer = setTimeout(() => {
      proc.child.kill('SIGKILL');
      reject(new Error(`dispatcher did not finish in ${timeoutMs} ms:\n${proc.output()}`));
    }, timeoutMs);
    proc.child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

/** How many of `ids` occur more than once. */
export function repeats(ids: string[]): string[] {
  const seen = new Map<string, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}
