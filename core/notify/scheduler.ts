/**
 * Runs periodic jobs (the outbox dispatcher, calendar sync and channel renewal) with bree.
 * Bree runs each job in a worker thread; the database handle (an embedded PGlite especially)
 * lives in the main thread, so each job is a tiny worker that only asks the main thread to
 * run it. Runs of one job never overlap: a tick that arrives while one is going is dropped.
 */
import Bree from 'bree';
import type { Logger } from '../logger.js';
import type { OutboxDispatcher } from './dispatcher.js';

export interface ScheduledJob {
  name: string;
  intervalMs: number;
  /** One run; the signal aborts when the scheduler stops. */
  run(signal: AbortSignal): Promise<unknown>;
  /** Also run once as soon as the scheduler starts (default: first after `intervalMs`). */
  runAtStart?: boolean;
}

export interface JobScheduler {
  /** Runs `name` now (unless a run of it is going), resolving when that run ends. */
  tick(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startScheduledJobs(jobs: ScheduledJob[], logger?: Logger): Promise<JobScheduler> {
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  const abort = new AbortController();
  const tick = (name: string): Promise<void> => {
    const job = jobs.find((j) => j.name === name);
    if (stopped || !job) return Promise.resolve();
    const current = running.get(name);
    if (current) return current;
    const run = job
      .run(abort.signal)
      .then(() => undefined)
      .catch((error: unknown) => {
        logger?.error(
          { job: name, errorType: (error as Error)?.name, message: (error as Error)?.message?.split('\n')[0] },
          'scheduled job failed',
        );
      })
      .finally(() => running.delete(name));
    running.set(name, run);
    return run;
  };
  const quiet = {
    info() {},
    warn() {},
    error: (...args: unknown[]) => logger?.warn({ bree: String(args[0]) }, 'bree'),
  };
  const bree = new Bree({
    root: false,
    doRootCheck: false,
    logger: quiet as never,
    jobs: jobs.map((job) => ({
      name: job.name,
      interval: job.intervalMs,
      ...(job.runAtStart ? { timeout: 0 } : {}),
      // Runs in a worker thread (eval'd CommonJS): it only pokes the main thread with its name.
      path: () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { parentPort, workerData } = require('node:worker_threads');
        parentPort.postMessage(workerData?.job?.name ?? workerData?.name);
      },
      worker: { workerData: { name: job.name } },
    })),
    workerMessageHandler: ({ name, message }: { name: string; message: unknown }) => {
      void tick(typeof message === 'string' && message ? message : name);
    },
  } as never);
  await bree.start();
  return {
    tick,
    async stop() {
      stopped = true;
      abort.abort();
      await bree.stop();
      await Promise.all(running.values());
    },
  };
}

export interface StartOutboxSchedulerOptions {
  dispatcher: OutboxDispatcher;
  intervalMs: number;
  logger?: Logger;
  /** Maintenance jobs run on the same schedule (e.g. purging expired idempotency keys). */
  housekeeping?: readonly ScheduledJob[];
}

export interface OutboxScheduler {
  /** Dispatches now (unless a run is going), resolving when that run ends. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** The outbox dispatcher every `intervalMs`, and the housekeeping jobs each at its own interval. */
export async function startOutboxScheduler({
  dispatcher,
  intervalMs,
  logger,
  housekeeping = [],
}: StartOutboxSchedulerOptions): Promise<OutboxScheduler> {
  const scheduler = await startScheduledJobs(
    [{ name: 'outbox-dispatch', intervalMs, run: (signal) => dispatcher.drain({ signal }) }, ...housekeeping],
    logger,
  );
  return { tick: () => scheduler.tick('outbox-dispatch'), stop: () => scheduler.stop() };
}
