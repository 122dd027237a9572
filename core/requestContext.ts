/**
 * The request a piece of work belongs to, carried implicitly (AsyncLocalStorage) from the API's
 * first middleware into core: outbox rows record it, and the dispatcher — possibly in another
 * process, later — runs each message inside it again, so one id ties a request's log lines to
 * the deliveries it caused.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` as part of request `requestId` (null: outside any request). */
export function withRequestId<T>(requestId: string | null, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : fn();
}

/** The id of the request this code runs for, or null (a job, a CLI command, a test). */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}
