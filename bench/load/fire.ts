/**
 * Drives booking requests with autocannon against several API processes. Every connection takes
 * its next booking from one shared list, so each slot is requested exactly as often as listed;
 * when the list is empty the connections idle on GET /health until the run is stopped. A booking
 * that got no answer (connection refused or reset) goes back on the list, as a client would retry.
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

/** Sends every request in `queue` once, through `connections` connections, and waits for the answers. */
export async function fire({ urls, connections, queue, onTick }: FireOptions): Promise<FireResult> {
  const result: FireResult = { statuses: {}, acknowledged: [], latencies: [], errors: 0, errorKinds: {}, seconds: 0, unanswered: 0 };
  let lastAnswer = performance.now();
  let next = 0;
  // Connections whose booking has not been answered yet.
  const waiting = new Set<object>();
  const started = performance.now();
  const instances = urls.map((url, i) => {
    const share = Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0);
    const instance = autocannon({
      url,
      connections: share,
      duration: 600,
      timeout: 120,
      requests: [
        {
          setupRequest(req: AutocannonRequest, context: { pending?: BookingRequest }) {
            // The last booking on this connection got no answer (connection refused or reset):
            // the client tries it again, as a real one would.
            if (context.pending) queue.push(context.pending);
            const booking = queue[next];
            context.pending = booking;
            if (!booking) {
              waiting.delete(context);
              return { ...req, method: 'GET', path: '/health', body: undefined, headers: {} };
            }
            next += 1;
            waiting.add(context);
            const body = JSON.stringify({ user: booking.user, eventType: booking.eventType, start: booking.start, invitee: { name: 'Load Test', email: booking.email, timezone: 'UTC' } });
            return { ...req, method: 'POST', path: '/api/meetings/schedule', body, headers: { 'content-type': 'application/json' } };
          },
          onResponse(status: number, body: string, context: { pending?: BookingRequest }) {
            context.pending = undefined;
            waiting.delete(context);
            if (body.startsWith('{"status"')) return; // /health while idling
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
    if (next >= queue.length && waiting.size === 0) break;
    // Stalled: bookings were sent and nothing has answered for STALL_MS; report them, do not wait forever.
    if (performance.now() - lastAnswer > STALL_MS) {
      result.unanswered = waiting.size + Math.max(0, queue.length - next);
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
