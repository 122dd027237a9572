/**
 * Load and crash bench: two `yava serve --role api` processes and one `--role worker` on one
 * PostgreSQL, a real SMTP receiver, autocannon as the clients.
 *  (a) 200 connections book 500 distinct slots across 20 hosts while 50 connections fight over
 *      10 slots: bookings/s, p50/p99, 409s; asserts zero double bookings and every 201 stored.
 *  (b) the same with api-1 killed (SIGKILL) and restarted mid-run: every acknowledged booking
 *      stored, every e-mail of those bookings delivered exactly once (counted at the receiver).
 *  (c) raw INSERTs of the same rows a booking writes, on the same database, same concurrency.
 * Run: npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/load/run.ts
 * (a fresh database is created on that server and dropped at the end). Writes bench/load/RESULTS.md.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import knexPkg, { type Knex } from 'knex';
import { messageIdFor } from '../../core/notify/outbox.js';
import { createLoadDatabase, startSmtpReceiver, startYava, type YavaProcess } from './cluster.js';
import { fire, percentile, type BookingRequest, type FireResult } from './fire.js';
import { perUnit, snapshot } from './cpu.js';
import { measureRawInserts } from './rawInserts.js';

const HOSTS = 20;
const MAIL_DOMAIN = 'load.yava.test';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

/** Mondays from next year on, so every slot is in the future for the processes' real clock. */
function weekday(week: number, day: number, hhmm: string): string {
  const d = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 4 + week * 7));
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCDate(d.getUTCDate() + day);
  return `${d.toISOString().slice(0, 10)}T${hhmm}:00.000Z`;
}
const hhmm = (i: number) => `${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;

async function seedHosts(db: Knex): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < HOSTS; i++) {
    const username = `load-h${String(i).padStart(2, '0')}`;
    const [user] = await db('users').insert({ email: `${username}@${MAIL_DOMAIN}`, username, name: `Host ${i}`, password_hash: 'x', timezone: 'UTC' }).returning('id');
    const weekly = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '08:00', end: '18:00' }));
    await db('schedules').insert({ user_id: user.id, timezone: 'UTC', is_default: true, weekly: JSON.stringify(weekly), overrides: '[]' });
    await db('event_types').insert({ owner_user_id: user.id, slug: 'load', title: 'Load', kind: 'one_on_one', duration_minutes: 30, max_days_ahead: 900 });
    names.push(username);
  }
  return names;
}

/** 500 distinct slots (25 per host over Monday and Tuesday of `week`), and 10 contested ones. */
function plan(hosts: string[], week: number, tag: string): { distinct: BookingRequest[]; contested: BookingRequest[] } {
  // Slot-major order: consecutive requests go to different hosts.
  const distinct: BookingRequest[] = [];
  for (let i = 0; i < 25; i++) {
    for (const [h, user] of hosts.entries()) distinct.push({ user, eventType: 'load', start: weekday(week, i < 20 ? 0 : 1, hhmm(i % 20)), email: `d-${tag}-${h}-${i}@${MAIL_DOMAIN}` });
  }
  const contested = Array.from({ length: 500 }, (_, n) => {
    const s = n % 10;
    return { user: hosts[s]!, eventType: 'load', start: weekday(week, 2, hhmm(s)), email: `c-${tag}-${n}@${MAIL_DOMAIN}` };
  });
  return { distinct, contested };
}

interface Checks {
  doubleBookings: number;
  missing: number;
  stored: number;
}

async function verify(db: Knex, acknowledged: string[]): Promise<Checks> {
  const { rows } = await db.raw<{ rows: Array<{ n: number }> }>(
    `SELECT count(*)::int AS n FROM booking_hosts a JOIN booking_hosts b ON a.user_id = b.user_id AND a.booking_id < b.booking_id AND a.busy && b.busy WHERE a.active AND b.active`,
  );
  const found = await db('bookings').whereIn('id', acknowledged).count({ n: '*' }).first();
  return { doubleBookings: rows[0]!.n, stored: Number(found?.n), missing: acknowledged.length - Number(found?.n) };
}

function summarise(name: string, r: FireResult, created: number, seconds: number) {
  return `| ${name} | ${r.statuses[201] ?? 0} | ${r.statuses[409] ?? 0} | ${Object.entries(r.statuses).filter(([s]) => s !== '201' && s !== '409').map(([s, n]) => `${s}×${n}`).join(' ') || '0'}${r.unanswered ? ` unanswered×${r.unanswered}` : ''} | ${r.errors}${r.errors ? ` (${Object.entries(r.errorKinds).map(([k, n]) => `${k}×${n}`).join(', ')})` : ''} | ${(created / seconds).toFixed(1)} | ${percentile(r.latencies, 50).toFixed(0)} | ${percentile(r.latencies, 99).toFixed(0)} |`;
}

async function waitForOutbox(db: Knex, bookingIds: string[], timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const pending = await db('outbox').whereIn('booking_id', bookingIds).where('status', 'pending').count({ n: '*' }).first();
    if (Number(pending?.n) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('outbox did not drain in time');
}

/** CPU per booking: (a) through Yava (per process, the bench, the rest) beside (c) raw INSERTs. */
function cpuTable(yava: Array<[string, number]> | null, raw: Array<[string, number]> | null): string[] {
  if (!yava || !raw) return [];
  const rawBy = new Map(raw);
  const sum = (rows: Array<[string, number]>) => rows.reduce((n, [, ms]) => n + ms, 0);
  return [
    '',
    '| CPU per booking, ms (machine-wide) | (a) through Yava | (c) raw INSERTs |',
    '| --- | ---: | ---: |',
    ...yava.map(([name, ms]) => `| ${name} | ${ms.toFixed(1)} | ${rawBy.has(name) ? rawBy.get(name)!.toFixed(1) : '—'} |`),
    `| all | ${sum(yava).toFixed(1)} | ${sum(raw).toFixed(1)} |`,
  ];
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = await createLoadDatabase(base);
  const smtp = await startSmtpReceiver();
  const processes: YavaProcess[] = [];
  const env = { DATABASE_URL: database.url, JWT_SECRET: 'load-bench-secret-load-bench-secret-0123456789', YAVA_ENCRYPTION_KEY: 'a'.repeat(64), SMTP_URL: smtp.url, MAIL_FROM: `Yava <no-reply@${MAIL_DOMAIN}>`, OUTBOX_POLL_MS: '200' };
  try {
    const hosts = await seedHosts(database.db);
    const ports = [await freePort(), await freePort()];
    const startApi = (i: number) => startYava(`api-${i + 1}`, 'api', { ...env, PORT: String(ports[i]) });
    processes.push(await startApi(0), await startApi(1), await startYava('worker', 'worker', { ...env, PORT: '0' }));
    const urls = [processes[0]!.url, processes[1]!.url];
    const lines: string[] = [];

    // (a) distinct slots and a fight, at the same time.
    const a = plan(hosts, 0, 'a');
    const yavaPids = new Map(processes.map((p) => [p.child.pid!, p.name]));
    const cpuA0 = snapshot([...yavaPids.keys()]);
    const t0 = performance.now();
    const [distinct, contested] = await Promise.all([fire({ urls, connections: 200, queue: a.distinct }), fire({ urls, connections: 50, queue: a.contested })]);
    const seconds = (performance.now() - t0) / 1000;
    const cpuA1 = snapshot([...yavaPids.keys()]);
    const checkA = await verify(database.db, [...distinct.acknowledged, ...contested.acknowledged]);
    const createdA = distinct.acknowledged.length + contested.acknowledged.length;
    lines.push(summarise('(a) 500 distinct slots, 200 clients', distinct, distinct.acknowledged.length, distinct.seconds), summarise('(a) 10 contested slots, 50 clients', contested, contested.acknowledged.length, contested.seconds));
    const yavaRate = createdA / seconds;

    // (b) again on fresh slots, api-1 killed with SIGKILL after 1 s and restarted on its port.
    const b = plan(hosts, 2, 'b');
    let killed = false;
    let restarting: Promise<void> | null = null;
    const crash = await fire({
      urls,
      connections: 200,
      queue: b.distinct,
      onTick: (ms) => {
        if (!killed && ms > 1000) {
          killed = true;
          restarting = processes[0]!.stop('SIGKILL').then(async () => {
            processes[0] = await startApi(0);
          });
        }
      },
    });
    await restarting;
    const checkB = await verify(database.db, crash.acknowledged);
    await waitForOutbox(database.db, crash.acknowledged);
    await new Promise((r) => setTimeout(r, 500));
    const mails = await database.db('outbox').whereIn('booking_id', crash.acknowledged).where('channel', 'email').select('idempotency_key', 'status');
    const expected = mails.map((m: { idempotency_key: string }) => messageIdFor(m.idempotency_key, MAIL_DOMAIN));
    const deliveredOnce = expected.filter((id) => smtp.byMessageId.get(id) === 1).length;
    const duplicates = [...smtp.byMessageId.values()].filter((n) => n > 1).length;
    lines.push(summarise('(b) 500 distinct slots, api-1 SIGKILLed at 1 s', crash, crash.acknowledged.length, crash.seconds));

    // (c) raw INSERTs of the rows one booking writes, same database, same client concurrency.
    // A pool as large as the two API processes' together (10 connections each).
    const rawDb = knexPkg.knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 20 } });
    const cpuC0 = snapshot([]);
    const raw = await measureRawInserts(rawDb, { sampleBookingId: distinct.acknowledged[0]!, count: 500, concurrency: 200 }).finally(() => rawDb.destroy());
    const cpuC1 = snapshot([]);
    const ratio = yavaRate / raw.perSecond;

    const table = [
      '| run | 201 | 409 | other | conn. errors | bookings/s | p50 ms | p99 ms |',
      '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
      ...lines,
      '',
      '| check | result |',
      '| --- | --- |',
      `| (a) double bookings (overlapping active busy ranges of one host) | ${checkA.doubleBookings} |`,
      `| (a) every 201 stored | ${checkA.stored} of ${createdA}${checkA.missing ? ' — MISSING' : ''} |`,
      `| (a) contested slots booked | ${contested.acknowledged.length} (of 10) |`,
      `| (b) acknowledged bookings stored | ${checkB.stored} of ${crash.acknowledged.length} |`,
      `| (b) their e-mails delivered exactly once | ${deliveredOnce} of ${expected.length}; ${duplicates} Message-IDs received twice |`,
      `| (b) double bookings | ${checkB.doubleBookings} |`,
      '',
      '| throughput | per second |',
      '| --- | ---: |',
      `| bookings through Yava, (a) both scenarios together | ${yavaRate.toFixed(1)} |`,
      `| raw INSERT transactions of the same rows (${raw.rowsPerBooking} rows each, ${raw.concurrency} concurrent, pool of ${raw.pool}) | ${raw.perSecond.toFixed(1)} |`,
      `| ratio Yava / raw | ${(ratio * 100).toFixed(0)}% ${ratio >= 0.5 ? '(goal ≥ 50%: met)' : '(goal ≥ 50%: NOT met)'} |`,
      ...cpuTable(cpuA0 && cpuA1 ? perUnit(cpuA0, cpuA1, yavaPids, createdA) : null, cpuC0 && cpuC1 ? perUnit(cpuC0, cpuC1, new Map(), 500) : null),
    ].join('\n');
    const header = `Two API processes + one worker, PostgreSQL (${base.replace(/\/\/[^@]*@/, '//')}), Node ${process.version}, ${cpus().length} CPU threads, ${new Date().toISOString().slice(0, 16)}Z. The bench, PostgreSQL and all processes share this machine.`;
    process.stdout.write(`${header}\n\n${table}\n`);
    writeFileSync(new URL('./RESULTS.md', import.meta.url), `# Load and crash bench\n\n${header}\n\n${table}\n\nRegenerate: \`npm run build && DATABASE_URL=postgres://… node --import tsx bench/load/run.ts\`.\n`);
    const failed = checkA.doubleBookings || checkA.missing || checkB.missing || checkB.doubleBookings || duplicates || deliveredOnce !== expected.length || contested.acknowledged.length !== 10;
    if (failed) {
      process.exitCode = 1;
      for (const p of processes) process.stderr.write(`--- ${p.name} (last lines)\n${p.output().split('\n').slice(-15).join('\n')}\n`);
    }
  } finally {
    await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
    await smtp.close();
    await database.drop();
  }
}

await main();
