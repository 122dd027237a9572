/**
 * API servers in child processes on one database (multi-process concurrency tests): each runs
 * test/helpers/apiProcess.ts and is stopped by the test that started it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./apiProcess.ts', import.meta.url));

/** Starts an API server in a child process on the test database; resolves with its URL. */
export function spawnServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    // Generous: a busy machine can take a while to start tsx and connect.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('API process did not start in 180 s'));
    }, 180_000);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
  });
}

/** Stops a server process (SIGTERM, then SIGKILL after 5 s). */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}
