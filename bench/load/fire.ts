/**
 * Drives booking requests with autocannon against several API processes. Every connection takes
 * its next booking from one shared list, so each slot is requested exactly as often as listed;
 * a connection opens with one GET /health and closes when the list is empty. A booking that got
 * no answer (connection refused, reset or timed out) goes back on the list, as a client would retry.
 */
import { createRequire } from 'node:module';

export interface BookingRequest {
  user: string;
  eventType: string;
  start: string;
  email: string;
}

export interface FireResult {
  /** Answers by HTTP status (connection errors are not answers). */
  statuses: Record<number, number>;
  /** Booking ids of every 201. */
  acknowledged: string[];
  /** Response times of the booking requests (ms). */
  latencies: number[];
  errors: number;
  /** Connection errors by message (refused, reset, timeout). */
  errorKinds: Record<string, number>;
  seconds: number;
  /** Bookings sent whose answer never came (the run stopped after STALL_MS without any answer). */
  unanswered: number;
}

/** A run ends when nothing has been answered for this long although bookings still wait. */
const STALL_MS = 30_000;

interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  on(event: 'done', listener: (result: { errors: number }) => void): void;
  stop(): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface FireOptions {
  urls: string[];
  /** Connections in total, spread evenly over `urls`. */
  connections: number;
  queue: BookingRequest[];
  /** Called every 100 ms while running (e.g. to kill and restart a process). */
  onTick?: (elapsedMs: number) => void | Promise<void>;
}

/** What the bench sees of an autocannon client (lib/httpClient.js). */
interface AutocannonClient {
  reqsMade: number;
  destroyed: boolean;
  on(event: 'request', listener: () => void): void;
  destroy(): void;
}

/** Sends every request in `queue` once, through `connections` connections, and waits for the answers. */
export async function fire({ urls, connections, queue, onTick }: FireOptions): Promise<FireResult> {
  const result: FireResult = { statuses: {}, acknowledged: [], latencies: [], errors: 0, errorKinds: {}, seconds: 0, unanswered: 0 };
  let lastAnswer = performance.now();
  let next = 0;
  // The booking each connection has sent and not yet had answered. Kept by client, not in
  // autocannon's request context: with one request in the list, autocannon starts every request
  // with a fresh context, so a booking lost to a refused or reset connection would be forgotten
  // (never retried, never answered) and its connection counted as waiting for ever.
  const pending = new Map<AutocannonClient, BookingRequest>();
  const clientOf = new WeakMap<object, AutocannonClient>();
  // The client whose next request autocannon builds now: it emits 'request' right before it calls setupRequest.
  let building: AutocannonClient | null = null;
  const started = performance.now();
  const instances = urls.map((url, i) => {
    const share = Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0);
    const instance = autocannon({
      url,
      connections: share,
      duration: 600,
      timeout: 120,
      setupClient(client: AutocannonClient) {
        client.on('request', () => {
          // The first request is built before the client exists (a /health warm-up, below).
          if (client.reqsMade === 0 || client.destroyed) return;
          // A booking still pending when the next request goes out got no answer (connection
          // refused, reset or timed out): the client tries it again, as a real one would.
          const lost = pending.get(client);
          if (lost) queue.push(lost);
          pending.delete(client);
          building = client;
        });
      },
      requests: [
        {
          setupRequest(req: AutocannonRequest, context: object) {
            const client = building;
            building = null;
            const booking = client ? queue[next] : undefined;
            if (!client || !booking) return { ...req, method: 'GET', path: '/health', body: undefined, headers: {} };
            next += 1;
            pending.set(client, booking);
            clientOf.set(context, client);
            const body = JSON.stringify({ user: booking.user, eventType: booking.eventType, start: booking.start, invitee: { name: 'Load Test', email: booking.email, timezone: 'UTC' } });
            return { ...req, method: 'POST', path: '/api/meetings/schedule', body, headers: { 'content-type': 'application/json' } };
          },
          onResponse(status: number, body: string, context: object) {
            const client = clientOf.get(context);
            if (body.startsWith('{"status"')) {
              // /health: a client with nothing left to book closes, rather than polling the API all run long.
              if (next >= queue.length && client && !pending.has(client)) client.destroy();
              return;
            }
            if (client) pending.delete(client);
            lastAnswer = performance.now();
            result.statuses[status] = (result.statuses[status] ?? 0) + 1;
            if (status === 201) result.acknowledged.push((JSON.parse(body) as { id: string }).id);
          },
        },
      ],
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status !== 200) result.latencies.push(ms);
    });
    instance.on('reqError', (error) => {
      result.errors += 1;
      const kind = (error as { code?: string }).code ?? error.message.split('\n')[0]!.slice(0, 40);
      result.errorKinds[kind] = (result.errorKinds[kind] ?? 0) + 1;
    });
    return instance;
  });
  const finished = Promise.all(instances.map((instance) => new Promise<void>((ok) => instance.on('done', () => ok()))));
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    await onTick?.(performance.now() - started);
    if (next >= queue.length && pending.size === 0) break;
    // Stalled: bookings were sent and nothing has answered for STALL_MS; report them, do not wait forever.
    if (performance.now() - lastAnswer > STALL_MS) {
      result.unanswered = pending.size + Math.max(0, queue.length - next);
      break;
    }
  }
  result.seconds = (performance.now() - started) / 1000;
  for (const instance of instances) instance.stop();
  await finished;
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
