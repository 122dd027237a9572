/**
 * Availability benchmark: 10 hosts with 1,000 bookings and 1,000 external busy blocks each in the
 * database, and a 30-day round-robin slot query through the real HTTP endpoint. Prints a markdown
 * table (also written to bench/availability/RESULTS.md) with:
 * - the pure engine's time (bench/availability/engine.ts, same shape of data);
 * - the endpoint's p50/p95 (a server started in-process, RATE_LIMIT=off);
 * - the raw SQL that loads the same busy rows, and the ratio endpoint p50 / raw load.
 * Budgets: engine median < 10 ms; endpoint p50 <= 2 × raw load and < 20 ms (also with the Redis cache, warm).
 * A second case (bench/availability/calendars.ts) swaps the external_busy blocks for connected
 * calendars: 2 conflict calendars × 2,000 stored external events per host; budget p50 <= 2 × raw load.
 *
 * Run: node --import tsx bench/availability/run.ts   (embedded PGlite; DATABASE_URL=postgres://… for a server)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startServer } from '../../server/compose.js';
import { createFixedClock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { createDatabase } from '../../core/db/knex.js';
import { migrateLatest } from '../../core/db/migrate.js';
import { createLogger } from '../../core/logger.js';
import { benchEngine, seededRandom } from './engine.js';
import { CALENDARS_PER_HOST, EVENTS_PER_CALENDAR, loadBusyRaw, seedStoredCalendars } from './calendars.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-02T08:00:00Z');
const ZONES = ['Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo', 'Pacific/Auckland'];
const RUNS = 100;


const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const database = await createDatabase({ databaseUrl, dataDir: databaseUrl ? undefined : 'memory://' });
  const db = database.knex;
  await migrateLatest(db);
  const random = seededRandom(20261102);

  // Seed: 10 hosts in a team, a round-robin event type, 1,000 bookings + 1,000 external blocks each.
  const suffix = Date.now().toString(36);
  const teamSlug = `bench-${suffix}`;
  const [team] = await db('teams').insert({ slug: teamSlug, name: 'Bench' }).returning('id');
  const hostIds: string[] = [];
  for (const [i, zone] of ZONES.entries()) {
    const [user] = await db('users').insert({ email: `bench${i}-${suffix}@x.org`, username: `bench${i}-${suffix}`, name: `Bench ${i}`, password_hash: 'x', timezone: zone }).returning('id');
    hostIds.push(user.id);
    await db('schedules').insert({ user_id: user.id, timezone: zone, is_default: true, weekly: JSON.stringify((['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '09:00', end: '17:00' }))), overrides: JSON.stringify([{ date: '2026-11-20', intervals: [] }]) });
    await db('team_members').insert({ team_id: team.id, user_id: user.id });
  }
  const [eventType] = await db('event_types')
    .insert({ team_id: team.id, slug: 'rr', title: 'Round robin', kind: 'round_robin', duration_minutes: 30, buffer_before_minutes: 10, buffer_after_minutes: 10, minimum_notice_minutes: 120, max_days_ahead: 60, daily_limit: 6 })
    .returning('id');
  await db('event_type_hosts').insert(hostIds.map((user_id) => ({ event_type_id: eventType.id, user_id })));

  const spanStart = NOW - 180 * DAY;
  const cells = 365 * 12; // two-hour cells over a year: bookings never overlap (the exclusion constraint).
  for (const hostId of hostIds) {
    const chosen = new Set<number>();
    while (chosen.size < 1000) chosen.add(Math.floor(random() * cells));
    const bookings: Record<string, unknown>[] = [];
    const hosts: Record<string, unknown>[] = [];
    for (const cell of chosen) {
      const start = spanStart + cell * 2 * 60 * MINUTE + 15 * MINUTE;
      const end = start + (random() < 0.5 ? 30 : 60) * MINUTE;
      const id = crypto.randomUUID();
      bookings.push({ id, event_type_id: eventType.id, title: 'Booked', start_at: new Date(start), end_at: new Date(end), status: 'scheduled', ical_uid: `${id}@yava` });
      hosts.push({ booking_id: id, user_id: hostId, busy: db.raw("tstzrange(?, ?, '[)')", [new Date(start - 10 * MINUTE).toISOString(), new Date(end + 10 * MINUTE).toISOString()]) });
    }
    const external: Record<string, unknown>[] = [];
    for (let i = 0; i < 1000; i++) {
      const start = spanStart + Math.floor(random() * 365 * 96) * 15 * MINUTE;
      const end = start + (1 + Math.floor(random() * 16)) * 15 * MINUTE;
      external.push({ user_id: hostId, source: 'google', external_id: `e${i}`, busy: db.raw("tstzrange(?, ?, '[)')", [new Date(start).toISOString(), new Date(end).toISOString()]) });
    }
    await db.batchInsert('bookings', bookings as never, 250);
    await db.batchInsert('booking_hosts', hosts as never, 250);
    await db.batchInsert('external_busy', external as never, 250);
  }
  // Dead rows an earlier run left on a shared server database would slow the scans of this one.
  await db.raw('VACUUM ANALYZE');

  const from = '2026-11-02';
  const to = '2026-12-01';
  const benchEnv = { NODE_ENV: 'production', JWT_SECRET: 'bench-secret-bench-secret-bench-secret', YAVA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), PORT: '0', HOST: '127.0.0.1', RATE_LIMIT: 'off', LOG_LEVEL: 'silent' };
  const config = loadConfig(benchEnv);
  const server = await startServer({ config, logger: createLogger('silent'), clock: createFixedClock(new Date(NOW)), database, migrate: false });
  try {
    const url = `${server.url}/api/availability?team=${teamSlug}&eventType=rr&from=${from}&to=${to}&timezone=UTC`;
    let slots = 0;
    const endpoint = await time(RUNS, async () => {
      const res = await fetch(url);
      if (res.status !== 200) throw new Error(`endpoint answered ${res.status}: ${await res.text()}`);
      slots = ((await res.json()) as { slots: unknown[] }).slots.length;
    });

    // The raw SQL that loads the same busy rows the loader reads (window widened as the loader does).
    const rangeFrom = new Date(Date.parse('2026-11-02T00:00:00Z') - 2 * DAY - 10 * MINUTE).toISOString();
    const rangeTo = new Date(Date.parse('2026-12-02T00:00:00Z') + 2 * DAY + 10 * MINUTE).toISOString();
    let rows = 0;
    const raw = await time(RUNS, async () => {
      const a = await db.raw(
        `SELECT bh.user_id, extract(epoch FROM lower(bh.busy)) * 1000 AS s, extract(epoch FROM upper(bh.busy)) * 1000 AS e, extract(epoch FROM b.start_at) * 1000 AS start_at, b.event_type_id
           FROM booking_hosts bh JOIN bookings b ON b.id = bh.booking_id
          WHERE bh.active AND bh.user_id = ANY(?::uuid[]) AND bh.busy && tstzrange(?, ?)`,
        [hostIds, rangeFrom, rangeTo],
      );
      const b = await db.raw(`SELECT user_id, extract(epoch FROM lower(busy)) * 1000 AS s, extract(epoch FROM upper(busy)) * 1000 AS e FROM external_busy WHERE user_id = ANY(?::uuid[]) AND busy && tstzrange(?, ?)`, [hostIds, rangeFrom, rangeTo]);
      rows = a.rows.length + b.rows.length;
    });

    // Case 2: the same hosts and bookings, their busy time now from connected calendars:
    // 2 × 2,000 stored external events each instead of the external_busy blocks.
    await db('external_busy').whereIn('user_id', hostIds).delete();
    const stored = await seedStoredCalendars(db, hostIds, NOW);
    let calendarSlots = 0;
    const calendarEndpoint = await time(RUNS, async () => {
      const res = await fetch(url);
      if (res.status !== 200) throw new Error(`endpoint answered ${res.status}: ${await res.text()}`);
      calendarSlots = ((await res.json()) as { slots: unknown[] }).slots.length;
    });
    let calendarRows = 0;
    const calendarRaw = await time(RUNS, async () => {
      calendarRows = await loadBusyRaw(db, hostIds, rangeFrom, rangeTo);
    });
    const calendarRatio = calendarEndpoint.p50 / calendarRaw.p50;

    // The same query through a second server with the availability cache (Redis), warm.
    let cached: { p50: number; p95: number } | null = null;
    const cachedServer = await startServer({
      config: loadConfig({ ...benchEnv, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `yava-bench-${suffix}:` }),
      logger: createLogger('silent'),
      clock: createFixedClock(new Date(NOW)),
      database,
      migrate: false,
    });
    try {
      if (cachedServer.deps.runtime.redis?.status === 'ready') {
        const cachedUrl = url.replace(server.url, cachedServer.url);
        cached = await time(RUNS, async () => {
          const res = await fetch(cachedUrl);
          if (res.status !== 200) throw new Error(`cached endpoint answered ${res.status}`);
          await res.json();
        });
      }
    } finally {
      await cachedServer.close();
    }

    const engine = await benchEngine();
    const ratio = endpoint.p50 / raw.p50;
    const ms = (v: number) => v.toFixed(2);
    const dbName = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
    const table = [
      `Availability benchmark — 10 hosts × (1,000 bookings + 1,000 external busy), 30-day round-robin query, ${dbName}, ${RUNS} runs after 5 warm-ups`,
      '',
      '| measure | p50 ms | p95 ms | notes | budget |',
      '| --- | ---: | ---: | --- | --- |',
      `| engine: listAvailableSlots (pure) | ${ms(engine.medianMs)} | ${ms(engine.p95Ms)} | ${engine.slots} slots | ${engine.medianMs < 10 ? 'ok (< 10 ms)' : 'OVER 10 ms'} |`,
      `| raw SQL load (booking_hosts ⋈ bookings + external_busy) | ${ms(raw.p50)} | ${ms(raw.p95)} | ${rows} rows | — |`,
      `| endpoint GET /api/availability (HTTP), no cache | ${ms(endpoint.p50)} | ${ms(endpoint.p95)} | ${slots} slots | ${ratio <= 2 ? 'ok' : 'OVER'} (≤ 2 × raw) |`,
      `| ratio endpoint p50 / raw load p50 | ${ratio.toFixed(2)} | | | ${ratio <= 2 ? 'ok (≤ 2)' : 'OVER 2'}; p50 ${endpoint.p50 < 20 ? 'ok' : 'OVER'} (< 20 ms) |`,
      ...(cached
        ? [
            `| endpoint with the availability cache (REDIS_URL), warm | ${ms(cached.p50)} | ${ms(cached.p95)} | ${slots} slots | p50 ${cached.p50 < 20 ? 'ok' : 'OVER'} (< 20 ms) |`,
            `| ratio cached endpoint p50 / raw load p50 | ${(cached.p50 / raw.p50).toFixed(2)} | | | ${cached.p50 / raw.p50 <= 2 ? 'ok (≤ 2)' : 'OVER 2'} |`,
          ]
        : ['| endpoint with the availability cache | — | | Redis not reachable | |']),
      '',
      `With connected calendars — the same 10 hosts and bookings, their external busy time now from ${CALENDARS_PER_HOST} conflict calendars per host × ${EVENTS_PER_CALENDAR.toLocaleString('en')} stored external events each, instead of external_busy (${stored.toLocaleString('en')} rows in external_events, 10% of them free/transparent), same query:`,
      '',
      '| measure | p50 ms | p95 ms | notes | budget |',
      '| --- | ---: | ---: | --- | --- |',
      `| raw SQL load (booking_hosts ⋈ bookings + external_events ⋈ connected_calendars) | ${ms(calendarRaw.p50)} | ${ms(calendarRaw.p95)} | ${calendarRows} rows | — |`,
      `| endpoint GET /api/availability (HTTP) | ${ms(calendarEndpoint.p50)} | ${ms(calendarEndpoint.p95)} | ${calendarSlots} slots | ${calendarRatio <= 2 ? 'ok' : 'OVER'} (≤ 2 × raw) |`,
      `| ratio endpoint p50 / raw load p50 | ${calendarRatio.toFixed(2)} | | | ${calendarRatio <= 2 ? 'ok (≤ 2)' : 'OVER 2'} |`,
      '',
    ].join('\n');
    process.stdout.write(table + '\n');
    writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), `# Availability benchmark\n\n\`node --import tsx bench/availability/run.ts\` (${new Date().toISOString().slice(0, 10)})\n\n${table}`);
    if (databaseUrl) {
      // Leave a shared server database as it was.
      await db('teams').where({ id: team.id }).delete();
      await db('bookings').where({ event_type_id: eventType.id }).delete();
      await db('users').whereIn('id', hostIds).delete();
    }
  } finally {
    await server.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
