/**
 * Password hashing off the event loop: bcrypt (bcryptjs) runs in a small pool of worker
 * threads, so a flood of logins cannot stall `/health` or a booking. The pool is bounded:
 * at most `workers` hashes run at once and `queueLimit` wait; beyond that a request is
 * refused at once with `server_busy` (503 + Retry-After) instead of piling up.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors.js';
import type { PasswordHasher } from './passwords.js';

export interface HashPoolOptions {
  /** Threads hashing at once (default: one less than the CPU count, at least 1). */
  workers?: number;
  /** Jobs that may wait for a thread; one more is refused with server_busy. */
  queueLimit: number;
}

type Job = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };

interface Pending {
  job: Job;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  startedAt: number;
}

/** How much lower than the event loop the hashing threads run (nice value, 0-19). */
const HASH_NICENESS = 10;

/** CommonJS run by each worker: answers {hash|compare} messages with bcryptjs' synchronous functions. */
const workerSource = (bcryptPath: string) => `
const { parentPort } = require('node:worker_threads');
const bcrypt = require(${JSON.stringify(bcryptPath)});
// Hash at a lower CPU priority than the event loop (Linux: setpriority on this thread's id),
// so requests that need no password keep their CPU while a flood of logins is hashed.
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) require('node:os').setPriority(tid, ${HASH_NICENESS});
} catch {}
parentPort.on('message', (job) => {
  try {
    const result = job.op === 'hash' ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});`;

export const defaultHashWorkers = (): number => Math.max(1, availableParallelism() - 1);

/** Starts `pending` on the slot's thread (which then keeps the process alive until it answers). */
function run(slot: Slot, pending: Pending): void {
  slot.current = pending;
  slot.startedAt = performance.now();
  slot.worker.ref();
  slot.worker.postMessage(pending.job);
}

/** A PasswordHasher whose jobs go to `submit`. */
function hasherOver(submit: (job: Job) => Promise<string | boolean>): PasswordHasher {
  return {
    hash: (password, cost) => submit({ op: 'hash', password, cost }) as Promise<string>,
    compare: (password, hash) => submit({ op: 'compare', password, hash }) as Promise<boolean>,
  };
}

/** server_busy, with a Retry-After of the time the jobs ahead take per thread. */
function busyError(jobsPerThread: number, averageMs: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((jobsPerThread * averageMs) / 1000));
  return new DomainError('server_busy', `The server is busy checking passwords; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/** A worker thread running `source`; settles the slot's job on each answer, then calls `done` (or `failed` when the thread dies). */
function startWorker(source: string, on: { done(slot: Slot, ms: number): void; failed(slot: Slot): void }): Slot {
  // No loader flags in the workers (tests run under tsx): the source is plain CommonJS.
  const worker = new Worker(source, { eval: true, execArgv: [] });
  const slot: Slot = { worker, current: null, startedAt: 0 };
  worker.on('message', (message: { result?: string | boolean; error?: string }) => {
    const job = slot.current;
    slot.current = null;
    if (job) {
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message.result!);
    }
    on.done(slot, performance.now() - slot.startedAt);
  });
  worker.on('error', (error) => {
    slot.current?.reject(error);
    slot.current = null;
    on.failed(slot);
  });
  worker.unref();
  return slot;
}

export function createHashPool(options: HashPoolOptions) {
  const size = Math.max(1, options.workers ?? defaultHashWorkers());
  const source = workerSource(createRequire(import.meta.url).resolve('bcryptjs'));
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  /** Recent job durations, to estimate Retry-After. */
  let averageMs = 500;
  let closed = false;
  /** Places held by withReservation callers that have not submitted their job yet. */
  let reserved = 0;

  function spawn(): Slot {
    return startWorker(source, {
      done(slot, ms) {
        averageMs = averageMs * 0.8 + ms * 0.2;
        const pending = queue.shift();
        if (pending) run(slot, pending);
        else slot.worker.unref(); // an idle pool never keeps the process alive
      },
      failed: (slot) => slots.splice(slots.indexOf(slot), 1),
    });
  }

  const busy = () => busyError(queue.length / size, averageMs);

  function submit(job: Job): Promise<string | boolean> {
    if (closed) return Promise.reject(new Error('The password hasher is closed'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { job, resolve, reject };
      let idle = slots.find((s) => !s.current);
      if (!idle && slots.length < size) {
        idle = spawn();
        slots.push(idle);
      }
      if (idle) return run(idle, pending);
      if (queue.length + reserved >= options.queueLimit) return reject(busy());
      queue.push(pending);
    });
  }

  return {
    /** hash (bcrypt at a cost) and compare (constant-time, in the worker); both throw server_busy when the queue is full. */
    ...hasherOver(submit),
    /**
     * Runs `work` holding a place in the pool from the start, so the work done before the
     * hash (throttle, lookups) is bounded too: when every thread and queue place is taken or
     * held, it throws server_busy at once, before any of that work. The hasher passed in
     * uses the held place. @example pool.withReservation((h) => h.compare(password, hash))
     */
    async withReservation<T>(work: (hasher: PasswordHasher) => Promise<T>): Promise<T> {
      if (closed) throw new Error('The password hasher is closed');
      const taken = slots.filter((s) => s.current).length + queue.length + reserved;
      if (taken >= size + options.queueLimit) throw busy();
      reserved += 1;
      let held = true;
      const release = () => {
        if (held) reserved -= 1;
        held = false;
      };
      try {
        return await work(
          hasherOver((job) => {
            release();
            return submit(job);
          }),
        );
      } finally {
        release();
      }
    },
    /** Hashes running and waiting now. */
    load: () => ({ running: slots.filter((s) => s.current).length, queued: queue.length, workers: size }),
    async close(): Promise<void> {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('The password hasher is closed'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

export type HashPool = ReturnType<typeof createHashPool>;

const shared = new Map<string, HashPool>();

/**
 * The process's pool for these settings: every server in one process (tests start many)
 * shares the same threads, as they share the same CPUs. Idle threads never keep the
 * process alive.
 */
export function sharedHashPool(options: HashPoolOptions): HashPool {
  const workers = options.workers || defaultHashWorkers();
  const key = `${workers}:${options.queueLimit}`;
  let pool = shared.get(key);
  if (!pool) {
    pool = createHashPool({ workers, queueLimit: options.queueLimit });
    shared.set(key, pool);
  }
  return pool;
}
