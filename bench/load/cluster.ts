/**
 * The system under load: a fresh PostgreSQL database, two `yava serve --role api` processes and
 * one `--role worker` (the built binary), and a real SMTP receiver (smtp-server) counting what
 * arrives by Message-ID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import knexPkg, { type Knex } from 'knex';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { migrateLatest } from '../../core/db/migrate.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function createLoadDatabase(baseUrl: string): Promise<{ url: string; db: Knex; drop(): Promise<void> }> {
  const name = `yava_load_${Date.now().toString(36)}`;
  const admin = knexPkg.knex({ client: 'pg', connection: baseUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = knexPkg.knex({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 40 } });
  await migrateLatest(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** An SMTP receiver that counts messages by Message-ID (headers only, bodies discarded). */
export async function startSmtpReceiver() {
  const byMessageId = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 8192) head += c.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? `(none ${byMessageId.size})`;
        byMessageId.set(id, (byMessageId.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    byMessageId,
    total: () => [...byMessageId.values()].reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export interface YavaProcess {
  name: string;
  child: ChildProcess;
  url: string;
  /** What the process wrote (stdout and stderr). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `yava serve --role <role>` on a random port and waits for its start-up line. */
export function startYava(name: string, role: 'api' | 'worker', env: Record<string, string>): Promise<YavaProcess> {
  // The port given (PORT) is the one it listens on, so a restarted process is found where its clients look.
  // LOAD_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to each Yava process's node, for profiling.
  const nodeArgs = (process.env.LOAD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, `${ROOT}bin/run.js`, 'serve', '--role', role, '--port', env.PORT ?? '0'], {
    cwd: ROOT,
    // Every client of the bench is 127.0.0.1, as if behind one proxy: the per-address connection cap is lifted.
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT: 'off', SPAM_CHECK: 'off', MAX_CONNECTIONS_PER_ADDRESS: '10000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 60_000);
    const poll = setInterval(() => {
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        name,
        child,
        url: match[1]!,
        output: () => out,
        async stop(signal: NodeJS.Signals = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    }, 20);
    void exited.then(() => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`${name} exited: ${out}`));
    });
  });
}
