/**
 * GET /api/notifications/stream: Server-Sent Events. Each notification is one event
 * (`id: <notification id>`, `event: notification`, `data: <JSON>`). A client that reconnects
 * with `Last-Event-ID` gets everything after that id first. The stream is woken through the
 * pub/sub (Redis: a notification written by any process), and every heartbeat (a comment
 * line, NOTIFICATIONS_HEARTBEAT_MS) also reads the database, so nothing is missed even when a
 * pub/sub message is.
 */
import { PassThrough } from 'node:stream';
import type { AppContext, AppDeps } from '../../context.js';
import { parseInput } from '../../validate.js';
import { lastEventIdSchema } from './schema.js';

const PAGE = 100;

export async function streamNotifications({ services, config }: AppDeps, ctx: AppContext): Promise<void> {
  const userId = ctx.state.principal!.userId;
  const resumeFrom = ctx.get('last-event-id') || (typeof ctx.query.lastEventId === 'string' ? ctx.query.lastEventId : '');
  const resumeId = resumeFrom ? parseInput(lastEventIdSchema, resumeFrom, 'Last-Event-ID') : null;
  const stream = new PassThrough();
  let closed = false;
  let running = false;
  let again = false;
  let cursor = '0';
  const write = (text: string) => {
    if (!closed) stream.write(text);
  };
  const flush = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const items = await services.inbox.list(userId, { afterId: cursor, limit: PAGE });
        for (const n of items) {
          write(`id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`);
          cursor = n.id;
        }
        if (items.length === PAGE) again = true;
      } while (again && !closed);
    } catch {
      // The next wake-up or heartbeat reads again.
    } finally {
      running = false;
    }
  };
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  const stop = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    void unsubscribe?.().catch(() => {});
    stream.end();
  };
  // Listening before the first await: a client gone while we subscribe must still be cleaned up
  // (otherwise its heartbeat timer and subscription would live as long as the process).
  ctx.req.on('close', stop);
  ctx.res.on('close', stop);
  if (ctx.req.socket.destroyed) stop();
  // Subscribe before reading where to start, so a notification between the two is not lost.
  const subscribed = await services.inbox.subscribe(userId, () => void flush());
  if (closed) {
    void subscribed().catch(() => {});
    return;
  }
  unsubscribe = subscribed;
  cursor = resumeId ?? (await services.inbox.latestId(userId));
  if (closed) return;
  heartbeat = setInterval(() => {
    write(': heartbeat\n\n');
    void flush();
  }, config.NOTIFICATIONS_HEARTBEAT_MS);
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  ctx.status = 200;
  ctx.body = stream;
  write(`retry: 3000\n: connected\n\n`);
  void flush();
}
