/**
 * Analytics benchmark: a year of bookings (BENCH_BOOKINGS, default 100,000) for 20 hosts in a
 * team, every status, attendees, cancellations and reschedules; then each metric of
 * GET /api/analytics/<metric> (the core service the route calls) for the team and for everyone,
 * beside the raw SQL count of the same rows. Prints a markdown table (also written to
 * bench/analytics/RESULTS.md): p50/p95 per metric, the raw count's p50, and the ratio.
 * Budget: each metric's p50 < 100 ms on PostgreSQL.
 *
 * Run: DATABASE_URL=postgres://… node --import tsx bench/analytics/run.ts
 *      (BENCH_REUSE=1: measure the data an earlier run seeded in that database instead of seeding)
 *      (without DATABASE_URL: embedded PGlite in memory; BENCH_BOOKINGS=2000 for a quick check)
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { createAnalyticsService, METRIC_NAMES, withoutJit } from '../../core/analytics/service.js';
import { bookingsInScope } from '../../core/analytics/sql.js';
import { createFixedClock } from '../../core/clock.js';
import { createDatabase } from '../../core/db/knex.js';
import { migrateLatest } from '../../core/db/migrate.js';
import { createLogger } from '../../core/logger.js';
import { seededRandom } from '../availability/engine.js';

const TOTAL = Number(process.env.BENCH_BOOKINGS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const HOSTS = 20;
const NOW = Date.parse('2026-11-02T08:00:00Z');
const DAY = 86_400_000;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];
const STATUSES: Array<[string, number]> = [['completed', 0.6], ['no_show', 0.1], ['canceled', 0.1], ['scheduled', 0.15], ['pending', 0.03], ['rejected', 0.02]];
const BUDGET_MS = 100;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

function pickStatus(r: number): string {
  let acc = 0;
  for (const [status, share] of STATUSES) if (r < (acc += share)) return status;
  return 'completed';
}

async function seed(db: Knex, random: () => number): Promise<{ teamSlug: string; adminId: string }> {
  const suffix = Date.now().toString(36);
  const [admin] = await db('users').insert({ email: `bench-admin-${suffix}@x.org`, username: `bench-admin-${suffix}`, name: 'Admin', password_hash: 'x', role: 'admin', timezone: 'Europe/Berlin' }).returning('id');
  const [team] = await db('teams').insert({ slug: `bench-${suffix}`, name: 'Bench' }).returning('id');
  const hostIds: string[] = [];
  for (let i = 0; i < HOSTS; i++) {
    const zone = ZONES[i % ZONES.length]!;
    const [user] = await db('users').insert({ email: `bench${i}-${suffix}@x.org`, username: `bench${i}-${suffix}`, name: `Host ${i}`, password_hash: 'x', timezone: zone }).returning('id');
    hostIds.push(user.id);
    await db('schedules').insert({ user_id: user.id, timezone: zone, is_default: true, weekly: JSON.stringify(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' }))), overrides: '[]' });
    await db('team_members').insert({ team_id: team.id, user_id: user.id, weight: 100 + i * 10 });
  }
  const [rr] = await db('event_types').insert({ team_id: team.id, slug: 'rr', title: 'Demo', kind: 'round_robin', duration_minutes: 30 }).returning('id');
  const perHost = Math.ceil(TOTAL / HOSTS);
  const cells = 365 * 24; // hour cells over a year: a host's meetings never overlap
  const spanStart = NOW - 300 * DAY;
  for (const hostId of hostIds) {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(perHost, cells)) chosen.add(Math.floor(random() * cells));
    const rows = [...chosen].map((cell) => {
      const start = spanStart + cell * 3_600_000;
      const status = pickStatus(random());
      return { id: randomUUID(), start, end: start + (random() < 0.5 ? 30 : 60) * 60_000, status, created: start - Math.floor(random() * 20 * DAY), rr: random() < 0.3 };
    });
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      await db('bookings').insert(batch.map((b) => ({ id: b.id, event_type_id: b.rr ? rr.id : null, title: 'Bench', start_at: new Date(b.start), end_at: new Date(b.end), status: b.status, ical_uid: `${b.id}@bench`, host_ids: [hostId], created_at: new Date(b.created), canceled_by: b.status === 'canceled' ? (random() < 0.5 ? 'host:x' : 'attendee:y') : null })));
      await db('booking_hosts').insert(batch.map((b) => ({ booking_id: b.id, user_id: hostId, busy: `[${new Date(b.start).toISOString()},${new Date(b.end).toISOString()})`, active: ['scheduled', 'completed', 'no_show', 'pending'].includes(b.status) })));
      await db('booking_attendees').insert(batch.map((b) => ({ booking_id: b.id, name: 'Guest', email: `guest${Math.floor(random() * 5000)}@example.org`, manage_token_hash: randomUUID() })));
      const history = batch.filter((b) => b.status === 'canceled' || random() < 0.05).map((b) => (b.status === 'canceled' ? { booking_id: b.id, from_status: 'scheduled', to_status: 'canceled', actor: 'host:x', at: new Date(b.start - Math.floor(random() * 5 * DAY)) } : { booking_id: b.id, from_status: b.status, to_status: b.status, actor: 'attendee:y', at: new Date(b.created), details: JSON.stringify({ rescheduledFrom: new Date(b.start - DAY).toISOString() }) }));
      if (history.length) await db('booking_status_history').insert(history);
      // Paid meetings (round robin ones), in two currencies, a tenth of them refunded in part: revenue's rows.
      const paid = batch.filter((b) => b.rr && b.status !== 'pending');
      if (paid.length) await db('payments').insert(paid.map((b, k) => ({ booking_id: b.id, provider: 'stripe', amount_minor: 4500, currency: k % 3 ? 'EUR' : 'USD', status: k % 10 ? 'paid' : 'partially_refunded', refunded_minor: k % 10 ? 0 : 1500, hold_expires_at: new Date(b.created + 900_000), paid_at: new Date(b.created + 60_000) })));
    }
  }
  // As on a table autovacuum has seen: statistics and the visibility map (index-only scans).
  // FREEZE: as on tables autovacuum has long since frozen (hint bits set, every page all-visible).
  await db.raw('VACUUM (FREEZE, ANALYZE)');
  return { teamSlug: `bench-${suffix}`, adminId: admin.id };
}

/**
 * With BENCH_REUSE=1, the data an earlier run seeded in this database (its newest bench team
 * and admin), so re-measuring after a change does not seed 100,000 bookings again.
 */
async function earlierSeed(db: Knex): Promise<{ teamSlug: string; adminId: string } | null> {
  if (process.env.BENCH_REUSE !== '1') return null;
  const team = await db('teams').where('slug', 'like', 'bench-%').orderBy('created_at', 'desc').first('slug');
  const admin = await db('users').where('username', 'like', 'bench-admin-%').orderBy('created_at', 'desc').first('id');
  if (!team || !admin) return null;
  // As autovacuum would have by now: statistics and the visibility map after the migrations.
  await db.raw('VACUUM ANALYZE');
  return { teamSlug: team.slug as string, adminId: admin.id as string };
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const database = await createDatabase({ databaseUrl, dataDir: databaseUrl ? undefined : 'memory://' });
  const db = database.knex;
  await migrateLatest(db);
  const seeded = Date.now();
  const { teamSlug, adminId } = (await earlierSeed(db)) ?? (await seed(db, seededRandom(20261201)));
  process.stderr.write(`seeded ${TOTAL} bookings in ${Math.round((Date.now() - seeded) / 1000)} s\n`);
  const analytics = createAnalyticsService({ db, clock: createFixedClock(new Date(NOW)), logger: createLogger('error') });
  const reader = { userId: adminId, role: 'admin' as const };
  const query = { from: '2025-11-03', to: '2026-11-01', timezone: 'Europe/Berlin', groupBy: 'week' as const };
  const lines = ['| metric | scope | rows in range | p50 ms | p95 ms | raw count p50 ms | ratio | budget (p50 < 100 ms) |', '|---|---|---:|---:|---:|---:|---:|---|'];
  for (const scope of [`team:${teamSlug}`, 'all']) {
    const resolved = await analytics.resolveScope(reader, { ...query, scope });
    // The cheapest count of the same rows: one index range, the scope tested on the row itself,
    // with the settings the metrics run under.
    const raw = () =>
      withoutJit(db, (trx) => {
        const q = trx('bookings').count({ n: '*' }).where('start_at', '>=', resolved.from).where('start_at', '<', resolved.to);
        q.where(bookingsInScope(trx, resolved));
        return q;
      });
    const rows = Number(((await raw()) as Array<{ n: string }>)[0]!.n);
    const rawTime = await time(() => raw());
    for (const metric of METRIC_NAMES) {
      if (metric === 'team-performance' && scope === 'all') continue;
      const t = await time(() => analytics.metric(metric, reader, { ...query, scope }));
      const ok = t.p50 < BUDGET_MS ? 'ok' : 'MISSED';
      lines.push(`| ${metric} | ${scope.startsWith('team:') ? 'team (20 hosts)' : 'all'} | ${rows} | ${t.p50.toFixed(2)} | ${t.p95.toFixed(2)} | ${rawTime.p50.toFixed(2)} | ${(t.p50 / rawTime.p50).toFixed(1)}× | ${ok} |`);
    }
  }
  const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
  const table = `Analytics on ${where}, ${TOTAL} bookings over a year, ${RUNS} runs per figure (${new Date().toISOString().slice(0, 10)}).\n\n${lines.join('\n')}\n`;
  process.stdout.write(table);
  writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), table);
  await database.close();
}

await main();
