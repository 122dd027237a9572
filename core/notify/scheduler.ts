/**
 * Runs the outbox dispatcher on a schedule with bree. Bree runs each job in a worker
 * thread; the database handle (an embedded PGlite especially) lives in the main thread,
 * so the job is a tiny worker that only asks the main thread to dispatch. Runs never
 * overlap: a tick that arrives while one is going is dropped.
 */
import Bree from 'bree';
import type { Logger } from '../logger.js';
import type { OutboxDispatcher } from './dispatcher.js';

export interface StartOutboxSchedulerOptions {
  dispatcher: OutboxDispatcher;
  intervalMs: number;
  logger?: Logger;
}

export interface OutboxScheduler {
  /** Dispatches now (unless a run is going), resolving when that run ends. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOutboxScheduler({ dispatcher, intervalMs, logger }: StartOutboxSchedulerOptions): Promise<OutboxScheduler> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const abort = new AbortController();
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= dispatcher
      .drain({ signal: abort.signal })
      .then(() => undefined)
      .catch((error: unknown) => {
        logger?.error({ errorType: (error as Error)?.name, message: (error as Error)?.message?.split('\n')[0] }, 'outbox dispatch failed');
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const quiet = { info() {}, warn() {}, error: (...args: unknown[]) => logger?.warn({ bree: String(args[0]) }, 'bree') };
  const bree = new Bree({
    root: false,
    doRootCheck: false,
    logger: quiet as never,
    jobs: [
      {
        name: 'outbox-dispatch',
        interval: intervalMs,
        // Runs in a worker thread (eval'd CommonJS): it only pokes the main thread.
        path: () => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('node:worker_threads').parentPort.postMessage('dispatch');
        },
      },
    ],
    workerMessageHandler: ({ message }: { message: unknown }) => {
      if (message === 'dispatch') void tick();
    },
  } as never);
  await bree.start();
  return {
    tick,
    async stop() {
      stopped = true;
      abort.abort();
      await bree.stop();
      if (running) await running;
    },
  };
}
