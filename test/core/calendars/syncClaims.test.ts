import { expect } from 'chai';
import type { Knex } from 'knex';
import { syncCalendar } from '../../../core/calendars/syncCalendar.js';
import { SYNC_CLAIM_MS, withSyncClaim } from '../../../core/calendars/syncClaims.js';
import { CALENDAR_SYNC_CHANNEL } from '../../../core/calendars/syncQueue.js';
import { createFixedClock } from '../../../core/clock.js';
import { silentLogger } from '../../../core/logger.js';
import { enqueueOutboxMessages } from '../../../core/notify/outbox.js';
import type { RunningServer } from '../../../server/compose.js';
import type { GoogleFake } from '../../fakes/google.js';
import { GOOGLE_PRIMARY, gateEventLists, queuedSyncs, runQueuedSyncs, slotStarts, startWithGoogle } from '../../api/routes/calendars/helpers.js';
import type { ApiCall } from '../../helpers/server.js';
import { resetTestDb, usingPostgres } from '../../helpers/db.js';
import { insertUser } from '../../helpers/meetings.js';

/** A dispatcher of queued syncs only, as a worker process runs it: one row per claim, retries at once. */
const syncDispatcher = (server: RunningServer, workerId: string) =>
  server.deps.services.notify.createDispatcher({ senders: { calendar_sync: server.deps.services.calendars.syncSender }, workerId, batchSize: 1, backoffBaseMs: 1, backoffMaxMs: 1 });

describe('core/calendars/syncClaims: two dispatchers on PostgreSQL whose claims overlap', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let calendarId: string;
  let db: Knex;
  const clock = createFixedClock('2026-11-30T08:00:00Z');

  before(async function () {
    // The race needs two connections at once: PGlite has one.
    if (!usingPostgres()) this.skip();
    this.timeout(120_000);
    await resetTestDb();
    ({ google, server, calendarId } = await startWithGoogle(clock));
    db = server.deps.db;
    await runQueuedSyncs(server);
    // The claim of 'slow-worker' stops before it commits until the test's advisory lock 4242 is
    // free: its row is locked, and its lease not yet visible to anyone else.
    await db.raw(`CREATE FUNCTION test_hold_claim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END $$`);
    await db.raw(`CREATE TRIGGER test_hold_claim BEFORE UPDATE ON outbox FOR EACH ROW WHEN (NEW.locked_by = 'slow-worker' AND OLD.locked_by IS DISTINCT FROM NEW.locked_by) EXECUTE FUNCTION test_hold_claim()`);
  });
  after(async () => {
    if (db) {
      await db.raw('DROP TRIGGER IF EXISTS test_hold_claim ON outbox');
      await db.raw('DROP FUNCTION IF EXISTS test_hold_claim()');
    }
    await server?.close();
    await google?.stop();
  });

  it('lease two syncs of one calendar at once, yet only one talks to the provider; the other runs after it', async () => {
    // Two syncs of the calendar wait: one retrying after a failure, one a push queued while it ran.
    const sync = (n: number) => ({ channel: CALENDAR_SYNC_CHANNEL, idempotencyKey: `${CALENDAR_SYNC_CHANNEL}:${calendarId}:race-${n}`, payload: { calendarId } });
    await enqueueOutboxMessages(db, [sync(1)], { clock, maxAttempts: 8 });
    clock.advance(1);
    await enqueueOutboxMessages(db, [sync(2)], { clock, maxAttempts: 8 });
    google.putEvent(GOOGLE_PRIMARY, { summary: 'Dentist', start: { dateTime: '2026-12-01T10:00:00Z', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T11:00:00Z', timeZone: 'UTC' } });
    const gate = gateEventLists(google);
    const holder = await db.transaction();
    let slowRun: Promise<unknown> = Promise.resolve();
    let fastRun: Promise<unknown> = Promise.resolve();
    try {
      await holder.raw('SELECT pg_advisory_xact_lock(4242)');
      // The slow worker has locked the first row and waits to commit its lease.
      slowRun = syncDispatcher(server, 'slow-worker').runOnce();
      for (let i = 0; i < 500 && !(await db('pg_locks').where({ locktype: 'advisory', granted: false }).first()); i++) await new Promise((r) => setTimeout(r, 10));
      // The fast worker skips that locked row and leases the second: the first's lease is not committed yet.
      fastRun = syncDispatcher(server, 'fast-worker').runOnce();
      expect(await gate.untilHeld(1), 'the fast worker asks Google').to.equal(true);
      await holder.commit();
      // The slow worker's lease commits and it goes on to sync the same calendar.
      const outcome = await Promise.race([slowRun, gate.untilHeld(2, 3_000).then((asked) => (asked ? 'asked the provider too' : 'still waiting'))]);
      expect(outcome, 'the second sync of the calendar does not run beside the first').to.deep.include({ claimed: 1, failed: 1 });
      expect(gate.held).to.equal(1);
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
      gate.releaseAll();
      await Promise.all([slowRun, fastRun]);
    }
    expect(await fastRun).to.include({ claimed: 1, sent: 1 });
    const [waiting] = await db('outbox').where({ channel: CALENDAR_SYNC_CHANNEL, status: 'pending' }).select('last_error', 'attempts');
    expect(waiting, 'the slow worker\'s sync waits to run again').to.include({ attempts: 1 });
    expect(waiting.last_error).to.match(/another sync of this calendar is running/);
    clock.advance(1_000);
    expect(await runQueuedSyncs(server)).to.include({ claimed: 1, sent: 1 });
    expect(await queuedSyncs(server)).to.deep.equal([]);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).not.to.include('2026-12-01T10:00:00.000Z');
  });
});

describe('core/calendars/syncClaims: one sync of a calendar at a time, whoever starts it', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  let token: string;
  let calendarId: string;
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const dentist = { summary: 'Dentist', start: { dateTime: '2026-12-01T10:00:00Z', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T11:00:00Z', timeZone: 'UTC' } };
  const blocked = async (start: string) => !(await slotStarts(server, 'ada', 'intro', start.slice(0, 10))).includes(start);

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    let host: { token: string };
    ({ google, server, call, host, calendarId } = await startWithGoogle(clock));
    token = host.token;
    await runQueuedSyncs(server);
  });
  after(async () => {
    await server?.close();
    await google?.stop();
  });
  afterEach(() => {
    google.holdEventLists = null;
  });

  it('a manual sync or the 5-minute job that finds a queued sync running reads nothing and says running; the queued one finishes', async () => {
    const gate = gateEventLists(google);
    expect(await google.push(GOOGLE_PRIMARY)).to.deep.equal([204]);
    const worker = runQueuedSyncs(server);
    try {
      expect(await gate.untilHeld(1)).to.equal(true);
      const asked = gate.untilHeld(2, 5_000).then((yes) => (yes ? 'asked the provider' : 'still waiting'));
      const manual = await Promise.race([call('POST', '/api/calendars/sync', { token }), asked]);
      expect(manual, 'the manual sync answers without asking Google').to.have.property('status', 200);
      expect((manual as { body: { results: unknown } }).body.results).to.deep.equal([{ calendarId, status: 'running', changed: false, full: false }]);
      expect(await Promise.race([server.deps.services.calendars.syncAll(), asked])).to.deep.equal([{ calendarId, status: 'running', changed: false, full: false }]);
      expect(gate.held).to.equal(1);
    } finally {
      gate.releaseAll();
    }
    expect(await worker).to.include({ claimed: 1, sent: 1 });
    expect(await queuedSyncs(server)).to.deep.equal([]);
  });

  it('a queued sync waits while a manual sync of its calendar runs, then runs after it', async () => {
    const gate = gateEventLists(google);
    const manual = call('POST', '/api/calendars/sync', { token });
    try {
      expect(await gate.untilHeld(1)).to.equal(true);
      google.putEvent(GOOGLE_PRIMARY, dentist);
      expect(await google.push(GOOGLE_PRIMARY)).to.deep.equal([204]);
      expect(await runQueuedSyncs(server), 'not claimed while the calendar syncs').to.include({ claimed: 0 });
      expect(await queuedSyncs(server)).to.deep.equal([[calendarId, false]]);
    } finally {
      gate.releaseAll();
    }
    expect((await manual).body.results).to.deep.equal([{ calendarId, status: 'synced', changed: false, full: false }]);
    expect(await blocked('2026-12-01T10:00:00.000Z'), 'the manual sync read before the change').to.equal(false);
    expect(await runQueuedSyncs(server)).to.include({ claimed: 1, sent: 1 });
    expect(await blocked('2026-12-01T10:00:00.000Z')).to.equal(true);
  });

  it('a batch dropped because a sync that outlived its claim moved the calendar on is read again: a sync is queued and sees the change', async () => {
    const gate = gateEventLists(google);
    google.putEvent(GOOGLE_PRIMARY, { ...dentist, summary: 'Lunch', start: { dateTime: '2026-12-02T12:00:00Z', timeZone: 'UTC' }, end: { dateTime: '2026-12-02T13:00:00Z', timeZone: 'UTC' } });
    // The 5-minute job reads Google (the lunch), then its process stalls past its claim.
    const stalled = server.deps.services.calendars.syncAll();
    let worker: Promise<unknown> = Promise.resolve();
    try {
      expect(await gate.untilHeld(1)).to.equal(true);
      clock.advance(SYNC_CLAIM_MS + 1_000);
      google.putEvent(GOOGLE_PRIMARY, { ...dentist, summary: 'Call', start: { dateTime: '2026-12-02T09:00:00Z', timeZone: 'UTC' }, end: { dateTime: '2026-12-02T10:00:00Z', timeZone: 'UTC' } });
      expect(await google.push(GOOGLE_PRIMARY)).to.deep.equal([204]);
      // The push's sync takes the calendar over and reads the change, from the cursor the stalled one read from.
      worker = runQueuedSyncs(server);
      expect(await gate.untilHeld(2)).to.equal(true);
      gate.releaseFirst();
      expect(await stalled).to.deep.equal([{ calendarId, status: 'synced', changed: true, full: false }]);
    } finally {
      gate.releaseAll();
    }
    // Its batch came from a cursor the stalled sync has since moved: dropped, and read again.
    expect(await worker).to.include({ claimed: 2, sent: 2 });
    expect(await blocked('2026-12-02T09:00:00.000Z')).to.equal(true);
    expect(await blocked('2026-12-02T12:00:00.000Z')).to.equal(true);
    expect(await queuedSyncs(server)).to.deep.equal([]);
  });

  it('a settings change that finds a sync running queues one to run after it', async () => {
    const gate = gateEventLists(google);
    expect(await google.push(GOOGLE_PRIMARY)).to.deep.equal([204]);
    const worker = runQueuedSyncs(server);
    try {
      expect(await gate.untilHeld(1)).to.equal(true);
      const { id: connectionId } = await server.deps.db('connected_calendars').where({ id: calendarId }).first('connection_id as id');
      const res = await call('PATCH', `/api/calendars/${connectionId}/calendars/${calendarId}`, { token, body: { checkConflicts: true } });
      expect(res.status, res.text).to.equal(200);
      expect(await queuedSyncs(server)).to.deep.equal([
        [calendarId, true],
        [calendarId, false],
      ]);
    } finally {
      gate.releaseAll();
    }
    expect(await worker, 'the dispatcher that ran the first goes on to the second').to.include({ claimed: 2, sent: 2 });
  });

  it('a long sync keeps its calendar: its claim is renewed while it runs, and given back at the end', async () => {
    const ctx = server.deps.services.calendars.context;
    let finish!: () => void;
    const long = withSyncClaim(ctx, calendarId, () => new Promise<void>((ok) => (finish = ok)), { renewEveryMs: 10 });
    try {
      for (let i = 0; i < 2; i++) {
        clock.advance(SYNC_CLAIM_MS - 1_000);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Past the claim's first end: renewed, so another sync still finds the calendar taken.
      expect(await syncCalendar(ctx, calendarId)).to.include({ status: 'running' });
    } finally {
      finish?.();
      await long;
    }
    expect(await server.deps.db('connected_calendars').where({ id: calendarId }).first('sync_claimed_by', 'sync_claimed_until')).to.deep.equal({ sync_claimed_by: null, sync_claimed_until: null });
    expect(await syncCalendar(ctx, calendarId)).to.include({ status: 'synced' });
  });
});

describe('core/calendars/syncClaims: renewals on PostgreSQL while the calendar\'s row is locked', () => {
  let db: Knex;
  let calendarId: string;

  before(async function () {
    // A renewal waits on a row locked by another connection: PGlite has one.
    if (!usingPostgres()) this.skip();
    this.timeout(120_000);
    db = (await resetTestDb()).knex;
    const user = await insertUser(db, { username: 'renewals' });
    const [connection] = await db('calendar_connections').insert({ user_id: user.id, provider: 'google', account: 'r@x.org', credentials: 'sealed' }).returning('id');
    const [calendar] = await db('connected_calendars').insert({ connection_id: connection.id, user_id: user.id, external_id: 'r@x.org', name: 'Work' }).returning('id');
    calendarId = calendar.id;
  });

  it('a renewal waiting on the lock is not joined by more, and withSyncClaim ends only once it is done', async () => {
    const ctx = { db, clock: createFixedClock('2026-11-30T08:00:00Z'), logger: silentLogger };
    const renewal = /^update "connected_calendars" set "sync_claimed_until"/;
    const inFlight = new Set<string>();
    let renewals = 0;
    const started = (query: { sql: string; __knexQueryUid: string }) => {
      if (!renewal.test(query.sql)) return;
      renewals += 1;
      inFlight.add(query.__knexQueryUid);
    };
    const ended = (_: unknown, query: { __knexQueryUid: string }) => inFlight.delete(query.__knexQueryUid);
    db.on('query', started).on('query-response', ended).on('query-error', ended);
    const holder = await db.transaction();
    try {
      const outcome = await withSyncClaim(
        ctx,
        calendarId,
        async () => {
          // Another transaction locks the row (a settings change, say) for about 20 renewal periods.
          await holder('connected_calendars').where({ id: calendarId }).forUpdate().first('id');
          await new Promise((r) => setTimeout(r, 200));
          setTimeout(() => void holder.commit(), 100);
          return 'synced';
        },
        { renewEveryMs: 10 },
      );
      expect(outcome).to.equal('synced');
      expect(inFlight.size, 'renewals still running after the claim was given back').to.equal(0);
    } finally {
      db.off('query', started).off('query-response', ended).off('query-error', ended);
      if (!holder.isCompleted()) await holder.rollback();
    }
    // At most one before the lock was taken, and the one that waited on it.
    expect(renewals).to.be.within(1, 2);
    expect(await db('connected_calendars').where({ id: calendarId }).first('sync_claimed_by', 'sync_claimed_until')).to.deep.equal({ sync_claimed_by: null, sync_claimed_until: null });
  });
});
