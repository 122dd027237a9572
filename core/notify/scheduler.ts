/**
 * Runs periodic jobs (the outbox dispatcher, calendar sync and channel renewal). Jobs due every
 * minute or less often run on bree, which starts a worker thread per run; the database handle
 * (an embedded PGlite especially) lives in the main thread, so each job is a tiny worker that
 * only asks the main thread to run it. Jobs due more often (the outbox's poll, every 2 s by
 * default) tick on a main-thread timer instead: a thread per poll cost more CPU than the polling
 * (in the load bench, at 200 ms, about a thread a second at 0.3-0.6 s of CPU each on 2 busy
 * cores). Runs of one job never overlap: a tick that arrives while one is going is dropped.
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

/** Jobs due more often than this tick on a main-thread timer rather than a bree worker thread. */
export const THREAD_MIN_INTERVAL_MS = 60_000;

/** Ticks each job every `intervalMs` on the main thread's timers; `stop` clears them. */
function startTimers(jobs: ScheduledJob[], tick: (name: string) => Promise<void>): () => void {
  const timers = jobs.map((job) => setInterval(() => void tick(job.name), job.intervalMs));
  for (const job of jobs) if (job.runAtStart) void tick(job.name);
  return () => timers.forEach(clearInterval);
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
  const timerJobs = jobs.filter((job) => job.intervalMs < THREAD_MIN_INTERVAL_MS);
  const threadJobs = jobs.filter((job) => job.intervalMs >= THREAD_MIN_INTERVAL_MS);
  const quiet = {
    info() {},
    warn() {},
    error: (...args: unknown[]) => logger?.warn({ bree: String(args[0]) }, 'bree'),
  };
  const bree = new Bree({
    root: false,
    doRootCheck: false,
    logger: quiet as never,
    jobs: threadJobs.map((job) => ({
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
  const stopTimers = startTimers(timerJobs, tick);
  return {
    tick,
    async stop() {
      stopped = true;
      stopTimers();
      abort.abort();
      await bree.stop();
      await Promise.all(running.values());
    },
  };
}

/** The job of the dispatcher of every channel without a lane of its own. */
export const OUTBOX_DISPATCH_JOB = 'outbox-dispatch';

/** A dispatcher of some channels only, run as a job of its own beside the main one. */
export interface DispatchLane {
  /** The job's name, e.g. 'calendar-sync-dispatch'. */
  name: string;
  dispatcher: OutboxDispatcher;
}

export interface StartOutboxSchedulerOptions {
  dispatcher: OutboxDispatcher;
  intervalMs: number;
  logger?: Logger;
  /**
   * Dispatchers polled every `intervalMs` too, each in its own job: a slow send in one (a
   * calendar sync, a calendar write) holds up nothing in another, as runs of one job are sequential.
   */
  lanes?: readonly DispatchLane[];
  /** Maintenance jobs run on the same schedule (e.g. purging expired idempotency keys). */
  housekeeping?: readonly ScheduledJob[];
}

export interface OutboxScheduler {
  /** Dispatches now in job `name` (the main dispatcher by default) unless a run of it is going, resolving when that run ends. */
  tick(name?: string): Promise<void>;
  stop(): Promise<void>;
}

/** The outbox dispatcher and its lanes every `intervalMs`, and the housekeeping jobs each at its own interval. */
export async function startOutboxScheduler({
  dispatcher,
  intervalMs,
  logger,
  lanes = [],
  housekeeping = [],
}: StartOutboxSchedulerOptions): Promise<OutboxScheduler> {
  const dispatchers = [{ name: OUTBOX_DISPATCH_JOB, dispatcher }, ...lanes];
  const scheduler = await startScheduledJobs(
    [...dispatchers.map(({ name, dispatcher: d }): ScheduledJob => ({ name, intervalMs, run: (signal) => d.drain({ signal }) })), ...housekeeping],
    logger,
  );
  return { tick: (name = OUTBOX_DISPATCH_JOB) => scheduler.tick(name), stop: () => scheduler.stop() };
}
