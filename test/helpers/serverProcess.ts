import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds dist/ once when the server entry point is missing (npm run build: tsc + oclif manifest). */
export function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'dist/server/main.js'))) execFileSync(process.execPath, ['scripts/build.js'], { cwd: ROOT, stdio: 'ignore' });
}

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** stdout so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string | null>;
}

export interface ServerProcessExit {
  code: number | string | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built server (`node dist/server/main.js`) with `env` on top of a clean test
 * environment, PORT=0. Resolves once it prints its URL; rejects with a ServerProcessExit
 * as `cause` when it exits first.
 */
export function startServerProcess(env: Record<string, string>, args: string[] = [], timeoutMs = 60_000): Promise<ServerProcess> {
  ensureBuilt();
  const child = spawn(process.execPath, [join(ROOT, 'dist/server/main.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BCRYPT_COST: '4', LOG_LEVEL: 'warn', SPAM_CHECK: 'off', TEST_DATABASE_URL: '', DATABASE_URL: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', () => {
      const match = /running at (http:\/\/\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, url: match[1]!, output: () => stdout, exited });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      const exit: ServerProcessExit = { code, stdout, stderr };
      reject(Object.assign(new Error(`the server exited (${code}): ${stderr || stdout}`), { cause: exit }));
    });
  });
}

/** Stops a server process: SIGTERM, then SIGKILL after 10 s. */
export async function stopServerProcess(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const force = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  server.child.kill('SIGTERM');
  await server.exited;
  clearTimeout(force);
}
