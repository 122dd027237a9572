/**
 * The baseline: the same rows one Yava booking writes (copied from a booking made in the run:
 * bookings, booking_hosts under the exclusion constraint, booking_attendees, status history,
 * outbox), inserted by plain SQL transactions on the same database. Each copy moves to a fresh
 * slot (a distinct week offset) and gets fresh ids and unique values.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

type Row = Record<string, unknown>;
const WEEK_MS = 7 * 86_400_000;

/** Every table with a booking's rows, in insert order, with how each row is made unique. */
const TABLES: Array<{ table: string; key: string; fresh: (row: Row, bookingId: string, n: number) => Row }> = [
  { table: 'bookings', key: 'id', fresh: (r, id, n) => ({ ...r, id, ical_uid: `${id}@raw`, start_at: shift(r.start_at, n), end_at: shift(r.end_at, n) }) },
  { table: 'booking_hosts', key: 'booking_id', fresh: (r, id) => ({ ...r, booking_id: id }) },
  { table: 'booking_attendees', key: 'booking_id', fresh: (r, id) => ({ ...r, id: randomUUID(), booking_id: id, manage_token_hash: randomUUID() }) },
  { table: 'booking_status_history', key: 'booking_id', fresh: (r, id) => ({ ...r, id: undefined, booking_id: id }) },
  { table: 'outbox', key: 'booking_id', fresh: (r, id) => ({ ...r, id: randomUUID(), booking_id: id, idempotency_key: `${r.idempotency_key}:${id}`, status: 'sent' }) },
];

const shift = (value: unknown, n: number) => new Date(new Date(value as string).getTime() + (n + 60) * WEEK_MS);

export interface RawInsertResult {
  perSecond: number;
  rowsPerBooking: number;
  concurrency: number;
  pool: number;
}

/** Inserts `count` copies of the sample booking's rows, `concurrency` transactions at a time. */
export async function measureRawInserts(db: Knex, options: { sampleBookingId: string; count: number; concurrency: number; pool?: number }): Promise<RawInsertResult> {
  const sample = new Map<string, Row[]>();
  for (const { table, key } of TABLES) sample.set(table, await db(table).where(key, options.sampleBookingId).select('*'));
  const rowsPerBooking = [...sample.values()].reduce((n, rows) => n + rows.length, 0);
  const insertOne = async (n: number) => {
    const id = randomUUID();
    await db.transaction(async (trx) => {
      for (const { table, fresh } of TABLES) {
        const rows = sample.get(table)!.map((r) => {
          const row = fresh(r, id, n);
          if (table === 'booking_hosts') row.busy = trx.raw("tstzrange(lower(?::tstzrange) + make_interval(weeks => ?), upper(?::tstzrange) + make_interval(weeks => ?), '[)')", [r.busy as string, n + 60, r.busy as string, n + 60]);
          if (table === 'booking_status_history') delete row.id;
          for (const k of Object.keys(row)) if (row[k] !== null && typeof row[k] === 'object' && !(row[k] instanceof Date) && k !== 'busy' && k !== 'host_ids') row[k] = JSON.stringify(row[k]);
          return row;
        });
        if (rows.length) await trx(table).insert(rows);
      }
    });
  };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.count) await insertOne(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const pool = (db.client as { config?: { pool?: { max?: number } } }).config?.pool?.max ?? 0;
  return { perSecond: options.count / seconds, rowsPerBooking, concurrency: options.concurrency, pool };
}
