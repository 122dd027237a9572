import { createServer, type AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../core/config.js';
import { DEMO_USER, seedDemo } from '../core/demo/seed.js';
import { PERIODIC_JOBS } from '../core/jobs/purgeExpired.js';
import { startPeriodicJobs, type PeriodicJobRunner } from '../core/jobs/periodic.js';
import { createConsoleLogger } from '../core/logger.js';
import type { ProcessRole } from '../api/context.js';
import { startServer, type RunningServer } from './compose.js';

export const ROLES: readonly ProcessRole[] = ['api', 'worker', 'all'];

/** `--role api|worker|all` (default all); exits with a usage line for anything else. */
function roleOf(argv: string[]): ProcessRole {
  const i = argv.indexOf('--role');
  if (i < 0) return 'all';
  const value = argv[i + 1] as ProcessRole;
  if (ROLES.includes(value)) return value;
  process.stderr.write(`--role: expected api, worker or all (got ${JSON.stringify(argv[i + 1] ?? '')})\n`);
  process.exit(2);
}

/** Jobs of a worker: the outbox dispatcher, calendar sync and the periodic jobs, each claimed across workers. */
async function startJobs(server: RunningServer): Promise<{ stop(): Promise<void> }> {
  const { db, clock, logger, services } = server.deps;
  // Delivers queued notifications (e-mail) every OUTBOX_POLL_MS.
  await services.notify.startDispatcher();
  // Syncs connected calendars every few minutes (CalDAV polling; a net under Google and Microsoft pushes).
  await services.calendars.startJobs();
  const periodic: PeriodicJobRunner = await startPeriodicJobs({ db, clock, logger, jobs: [...PERIODIC_JOBS, services.notify.weeklySummaryJob] });
  return {
    async stop() {
      await periodic.stop().catch(() => {});
      await services.calendars.stopJobs().catch(() => {});
      await services.notify.stopDispatcher().catch(() => {});
    },
  };
}

/**
 * PORT 0 ("any free port") without PUBLIC_URL: the port is picked here, before the configuration
 * is read, so links in pages and e-mails name the port served, not localhost:0.
 */
async function pickAnyPort(env: Record<string, string | undefined>): Promise<void> {
  if (env.PORT !== '0' || env.PUBLIC_URL) return;
  env.PORT = String(
    await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, env.HOST || '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    }),
  );
}

/**
 * `npm start` / `yava serve`: the API server, on the embedded database unless
 * DATABASE_URL is set. `--demo` (or YAVA_DEMO=on) adds demo data. `--role api` serves HTTP
 * only, `--role worker` runs only the jobs (plus /health, /ready, /metrics), `all` both.
 */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  const role = roleOf(argv);
  try {
    const env = { ...process.env };
    const portFlag = argv.indexOf('--port');
    if (portFlag >= 0 && argv[portFlag + 1]) env.PORT = argv[portFlag + 1];
    await pickAnyPort(env);
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n(see .env.example for every variable)\n`);
      process.exit(1);
    }
    throw error;
  }
  // On a terminal: readable lines, after the banner. Elsewhere: JSON lines (LOG_LEVEL applies to both).
  const output = createConsoleLogger({ level: config.LOG_LEVEL, stream: process.stdout, colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
  const logger = output.logger.child({ role, pid: process.pid });
  const demo = argv.includes('--demo') || config.YAVA_DEMO;
  const started = Date.now();
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    // Slack's HTTP mode mounts when SLACK_SIGNING_SECRET is set (server/compose.ts).
    server = await startServer({ config, logger, role });
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const reason = e.code === 'EADDRINUSE' ? `port ${config.PORT} is in use; set PORT to another port` : e.code === 'ECONNREFUSED' ? 'the database server refused the connection; check DATABASE_URL' : (e.message ?? String(error)).split('\n')[0];
    output.release();
    process.stderr.write(`Yava could not start: ${reason}\n`);
    process.exit(1);
  }
  if (demo) await seedDemo(server.deps.db, { bcryptCost: config.BCRYPT_COST });
  // Workers run the jobs; they are stopped before the server closes.
  const jobs = role === 'api' ? null : await startJobs(server);
  const database = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.YAVA_DATA_DIR}`;
  const lines = [
    '',
    `Yava is running at ${server.url} (role ${role}, ${database}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  health:        ${server.url}/health   readiness: ${server.url}/ready`,
  ];
  if (demo && role !== 'worker') {
    lines.push(
      `  booking page:  ${config.PUBLIC_URL ? config.publicUrl : server.url}/${DEMO_USER.username}`,
      `  dashboard:     ${config.PUBLIC_URL ? config.publicUrl : server.url}/app   (sign in as ${DEMO_USER.email})`,
      '',
      'Try it from another terminal:',
      // Production logs are often collected and shared: the demo password stays in the README.
      `  npx yava login --server ${server.url} --email ${DEMO_USER.email}     (password: ${config.NODE_ENV === 'production' ? 'see the README' : DEMO_USER.password})`,
      `  npx yava slots ${DEMO_USER.username}/intro`,
      `  npx yava book ${DEMO_USER.username}/intro`,
      '  npx yava meetings',
      '  npx yava week',
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
  output.release();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    // Drain: /ready fails at once, requests in flight finish, the current outbox batch ends.
    server.drain();
    await jobs?.stop();
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) await main();
