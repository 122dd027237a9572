/**
 * Prometheus metrics (prom-client), one registry per process (tests run several servers in
 * one process, so nothing goes to prom-client's global registry). Counters and histograms are
 * updated as things happen; the outbox and pool gauges are read when /metrics is scraped.
 */
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type BookingOutcome = 'created' | 'conflict' | 'rejected' | 'error';

/** The pool knex keeps for `pg` (tarn); PGlite's knex has one connection and no pool stats. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max?: number;
}

function poolOf(db: Knex): TarnPool | null {
  const pool = (db.client as { pool?: Partial<TarnPool> }).pool;
  return pool && typeof pool.numUsed === 'function' ? (pool as TarnPool) : null;
}

export interface CreateMetricsOptions {
  db: Knex;
  role: string;
  /** Process metrics (CPU, memory, event loop lag); off in tests that start many servers. */
  defaultMetrics?: boolean;
}

export function createMetrics({ db, role, defaultMetrics = true }: CreateMetricsOptions) {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  if (defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'yava_process_' });

  const httpDuration = new Histogram({
    name: 'yava_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const conflicts = new Counter({ name: 'yava_http_conflicts_total', help: 'HTTP 409 answers by route template (a slot taken, a name taken)', labelNames: ['route'] as const, registers: [registry] });
  const cache = new Counter({ name: 'yava_availability_cache_total', help: 'Slot queries answered from the availability cache (hit) or computed (miss)', labelNames: ['result'] as const, registers: [registry] });
  const bookings = new Counter({ name: 'yava_bookings_total', help: 'Booking attempts by outcome: created, conflict (slot taken), rejected (bad input, limits), error', labelNames: ['outcome', 'via'] as const, registers: [registry] });

  new Gauge({
    name: 'yava_outbox_messages',
    help: 'Outbox messages by status (dead = dead letters)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db('outbox').select('status').count({ n: '*' }).groupBy('status');
      for (const r of rows as Array<{ status: string; n: number | string }>) this.set({ status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: 'yava_outbox_lag_seconds',
    help: 'Age of the oldest pending outbox message that is due (0 when none is waiting)',
    registers: [registry],
    async collect() {
      const row = (await db('outbox').where('status', 'pending').where('next_attempt_at', '<=', db.fn.now()).min({ oldest: 'next_attempt_at' }).first()) as { oldest: Date | string | null } | undefined;
      this.set(row?.oldest ? Math.max(0, (Date.now() - new Date(row.oldest).getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'yava_calendar_sync_lag_seconds',
    help: 'Per calendar provider: seconds since the least recently synced conflict calendar of an active connection last synced (never synced counts from when it was connected)',
    labelNames: ['provider'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = (await db('connected_calendars as c')
        .join('calendar_connections as k', 'k.id', 'c.connection_id')
        .where('k.status', 'active')
        .where('c.check_conflicts', true)
        .groupBy('k.provider')
        .select('k.provider', db.raw('min(coalesce(c.last_synced_at, c.created_at)) as oldest'))) as Array<{ provider: string; oldest: Date | string | null }>;
      for (const r of rows) if (r.oldest) this.set({ provider: r.provider }, Math.max(0, (Date.now() - new Date(r.oldest).getTime()) / 1000));
    },
  });
  new Gauge({
    name: 'yava_calendar_connections_needing_reconnect',
    help: 'Calendar connections whose grant was revoked or expired, by provider (the user must reconnect)',
    labelNames: ['provider'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = (await db('calendar_connections').where('status', 'needs_reconnect').select('provider').count({ n: '*' }).groupBy('provider')) as Array<{ provider: string; n: number | string }>;
      for (const r of rows) this.set({ provider: r.provider }, Number(r.n));
    },
  });
  new Gauge({
    name: 'yava_db_pool_connections',
    help: 'Database pool connections: used, free, and acquisitions waiting',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = poolOf(db);
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
    },
  });

  return {
    registry,
    /** Records one finished HTTP request. */
    observeRequest(method: string, route: string, status: number, seconds: number): void {
      httpDuration.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
      if (status === 409) conflicts.inc({ route });
    },
    countCacheResult(hit: boolean): void {
      cache.inc({ result: hit ? 'hit' : 'miss' });
    },
    countBooking(outcome: BookingOutcome, via: string): void {
      bookings.inc({ outcome, via });
    },
    async render(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
