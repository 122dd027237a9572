/**
 * Cron-style jobs that fire once per period across any number of workers. Each worker checks
 * every job on a short interval (bree); the first worker to INSERT the (job, period) row into
 * `job_runs` runs it, the others see the row and skip. A run that fails keeps its row (with the
 * error): the period is not retried, the next one runs as usual.
 */
import { randomUUID } from 'node:crypto';
import Bree from 'bree';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

export interface PeriodicJob {
  name: string;
  /** The period, e.g. 3_600_000 for hourly; periods are aligned to the Unix epoch (UTC). */
  periodMs: number;
  run(context: { db: Knex; now: Date; periodStart: Date }): Promise<void>;
}

export type JobOutcome = 'ran' | 'claimed_elsewhere' | 'failed';

/** The start of the period `now` falls in. */
export function periodStartOf(now: Date, periodMs: number): Date {
  return new Date(Math.floor(now.getTime() / periodMs) * periodMs);
}

/** Claims (job, period) for `workerId`; true only for the one caller whose row was inserted. */
export async function claimJobPeriod(db: Knex, name: string, periodStart: Date, workerId: string, now: Date): Promise<boolean> {
  const rows = await db('job_runs').insert({ name, period_start: periodStart, claimed_by: workerId, started_at: now }).onConflict(['name', 'period_start']).ignore().returning('name');
  return rows.length === 1;
}

/** Runs `job` for the current period if no worker has claimed it yet. */
export async function runJobIfDue(options: { db: Knex; clock: Clock; job: PeriodicJob; workerId: string; logger?: Logger }): Promise<JobOutcome> {
  const { db, clock, job, workerId, logger } = options;
  const now = clock.now();
  const periodStart = periodStartOf(now, job.periodMs);
  if (!(await claimJobPeriod(db, job.name, periodStart, workerId, now))) return 'claimed_elsewhere';
  let error: string | null = null;
  try {
    await job.run({ db, now, periodStart });
  } catch (e) {
    error = String((e as Error)?.message ?? e).split('\n')[0]!.slice(0, 500);
    logger?.error({ job: job.name, periodStart, error }, 'periodic job failed');
  }
  await db('job_runs').where({ name: job.name, period_start: periodStart }).update({ finished_at: clock.now(), error });
  return error === null ? 'ran' : 'failed';
}

export interface PeriodicJobRunner {
  workerId: string;
  /** Checks every job now; resolves when the check ends. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts checking `jobs` every `checkEveryMs` (and once at once) in this worker. */
export async function startPeriodicJobs(options: { db: Knex; clock: Clock; jobs: PeriodicJob[]; checkEveryMs?: number; logger?: Logger }): Promise<PeriodicJobRunner> {
  const { db, clock, jobs, logger } = options;
  const workerId = randomUUID();
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= (async () => {
      for (const job of jobs) {
        if (stopped) break;
        await runJobIfDue({ db, clock, job, workerId, logger }).catch((error: unknown) => {
          logger?.error({ job: job.name, message: String((error as Error)?.message).split('\n')[0] }, 'periodic job check failed');
        });
      }
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const bree = new Bree({
    root: false,
    doRootCheck: false,
    logger: { info() {}, warn() {}, error: (...args: unknown[]) => logger?.warn({ bree: String(args[0]) }, 'bree') } as never,
    jobs: [
      {
        name: 'periodic-jobs',
        interval: options.checkEveryMs ?? 30_000,
        // Runs in a worker thread (eval'd CommonJS): it only pokes the main thread, which owns the database.
        path: () => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('node:worker_threads').parentPort.postMessage('check');
        },
      },
    ],
    workerMessageHandler: ({ message }: { message: unknown }) => {
      if (message === 'check') void tick();
    },
  } as never);
  await bree.start();
  void tick();
  return {
    workerId,
    tick,
    async stop() {
      stopped = true;
      await bree.stop();
      if (running) await running;
    },
  };
}
