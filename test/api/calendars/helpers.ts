import type { RunningServer } from '../../../server/compose.js';

/** Delivers every due outbox row (e-mail and calendar writes) now. */
export async function deliverOutbox(server: RunningServer, options: { workerId?: string; leaseMs?: number } = {}) {
  return server.deps.services.notify.createDispatcher({ backoffBaseMs: 1, backoffMaxMs: 1, ...options }).drain();
}

/** Outbox e-mails to `to` whose idempotency key starts with `prefix`. */
export async function emailsTo(server: RunningServer, to: string, prefix = '') {
  const rows = await server.deps
    .db('outbox')
    .where({ channel: 'email' })
    .whereRaw('lower(payload->>?) = lower(?)', ['to', to])
    .orderBy('created_at')
    .select('idempotency_key', 'payload');
  return rows
    .filter((r: { idempotency_key: string }) => r.idempotency_key.startsWith(prefix))
    .map(
      (r: { idempotency_key: string; payload: unknown }) =>
        ({ key: r.idempotency_key, ...(typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) }) as {
          key: string;
          subject: string;
          text: string;
        },
    );
}

/** The start instants of slots on `date` for `user/eventType`. */
export async function slotStarts(
  server: RunningServer,
  user: string,
  eventType: string,
  date: string,
): Promise<string[]> {
  const res = await fetch(
    `${server.url}/api/availability?user=${user}&eventType=${eventType}&from=${date}&to=${date}&timezone=UTC`,
  );
  const body = (await res.json()) as { slots: Array<{ start: string }> };
  return body.slots.map((s) => s.start);
}
