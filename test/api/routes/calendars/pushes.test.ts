import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { FINISHED_SYNC_RETENTION_MS, purgeFinishedSyncs } from '../../../../core/calendars/syncQueue.js';
import { createFixedClock } from '../../../../core/clock.js';
import type { GoogleFake } from '../../../fakes/google.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient } from '../../../helpers/server.js';
import { bookIntro, gateEventLists, GOOGLE_PRIMARY as PRIMARY, queuedSyncs, runQueuedSyncs, slotStarts, startWithGoogle } from './helpers.js';

const at = (iso: string) => ({ dateTime: iso, timeZone: 'UTC' });

/** Holds Google's events lists until released: `asked` resolves once one is waiting. */
function holdEventLists(google: GoogleFake) {
  let asked!: () => void;
  let release!: () => void;
  const gate = new Promise<void>((ok) => (release = ok));
  const waiting = new Promise<void>((ok) => (asked = ok));
  google.holdEventLists = () => {
    asked();
    return gate;
  };
  return {
    asked: waiting,
    release() {
      google.holdEventLists = null;
      release();
    },
  };
}

const eventLists = (google: GoogleFake) => google.requests.filter((r) => /^GET \/calendar\/v3\/calendars\/[^/]+\/events$/.test(r)).length;

describe('POST /webhooks/google: answered at once, synced by the worker', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let calendarId: string;
  const clock = createFixedClock('2026-11-30T08:00:00Z');

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    ({ google, server, calendarId } = await startWithGoogle(clock));
    await runQueuedSyncs(server);
  });
  after(async () => {
    await server?.close();
    await google?.stop();
  });

  it('a verified push answers before its sync asks the slow provider; the sync then runs on the dispatcher and picks up the change', async () => {
    google.putEvent(PRIMARY, { summary: 'Dentist', start: at('2026-12-01T10:00:00Z'), end: at('2026-12-01T11:00:00Z') });
    const held = holdEventLists(google);
    const order: string[] = [];
    try {
      const pushed = google.push(PRIMARY).then((statuses) => order.push(`answered ${statuses.join()}`));
      void held.asked.then(() => order.push('provider asked'));
      // Whichever comes first: the push's answer, or the provider asked for events (a sync began).
      await Promise.race([pushed, held.asked]);
      expect(await queuedSyncs(server)).to.deep.equal([[calendarId, false]]);
      expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).to.include('2026-12-01T10:00:00.000Z');
      const worker = runQueuedSyncs(server);
      await held.asked;
      order.push('provider answers');
      held.release();
      expect(await worker).to.include({ claimed: 1, sent: 1 });
      await pushed;
    } finally {
      held.release();
    }
    expect(order).to.deep.equal(['answered 204', 'provider asked', 'provider answers']);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).not.to.include('2026-12-01T10:00:00.000Z');
    expect(await queuedSyncs(server)).to.deep.equal([]);
  });

  it('many pushes while a sync waits, at once or one by one, cause one sync', async () => {
    const lists = eventLists(google);
    expect(await Promise.all([1, 2, 3].map(() => google.push(PRIMARY)))).to.deep.equal([[204], [204], [204]]);
    expect(await google.push(PRIMARY)).to.deep.equal([204]);
    expect(await queuedSyncs(server)).to.deep.equal([[calendarId, false]]);
    expect(await runQueuedSyncs(server)).to.include({ claimed: 1, sent: 1 });
    expect(eventLists(google) - lists).to.equal(1);
  });

  it('a push during a running sync queues one more, run only after it, so the change it announces is not lost', async () => {
    expect(await google.push(PRIMARY)).to.deep.equal([204]);
    const held = holdEventLists(google);
    let running: Promise<unknown> = Promise.resolve();
    try {
      running = runQueuedSyncs(server);
      // The provider has made its answer (without what follows) and is slow to send it.
      await held.asked;
      google.putEvent(PRIMARY, { summary: 'Call', start: at('2026-12-02T09:00:00Z'), end: at('2026-12-02T10:00:00Z') });
      expect(await google.push(PRIMARY)).to.deep.equal([204]);
      expect(await google.push(PRIMARY)).to.deep.equal([204]);
      expect(await queuedSyncs(server), 'the running sync, and one waiting').to.deep.equal([
        [calendarId, true],
        [calendarId, false],
      ]);
      // Another worker leaves the waiting sync alone while the calendar's sync runs.
      const other = server.deps.services.notify.createDispatcher({ senders: { calendar_sync: server.deps.services.calendars.syncSender }, workerId: 'other-worker' });
      expect(await other.claimBatch()).to.deep.equal([]);
    } finally {
      held.release();
      await running;
    }
    // The dispatcher that ran the first sync went on to the second: it saw the new event.
    expect(await queuedSyncs(server)).to.deep.equal([]);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-02')).not.to.include('2026-12-02T09:00:00.000Z');
  });

  it('a push with a wrong channel token answers 401 as before and queues nothing', async () => {
    expect(await google.push(PRIMARY, { token: 'forged-token' })).to.deep.equal([401]);
    const anonymous = await fetch(`${server.url}/webhooks/google`, { method: 'POST' });
    expect(anonymous.status).to.equal(400);
    expect(await queuedSyncs(server)).to.deep.equal([]);
  });

  it('a failed sync is retried with backoff, and a push in the meantime brings the retry forward', async () => {
    // Google fails (500): the row waits for its retry, half an hour away.
    google.holdEventLists = () => Promise.reject(new Error('backend error'));
    try {
      expect(await google.push(PRIMARY)).to.deep.equal([204]);
      const slowRetries = server.deps.services.notify.createDispatcher({ senders: { calendar_sync: server.deps.services.calendars.syncSender }, backoffBaseMs: 3_600_000, backoffMaxMs: 3_600_000, random: () => 0 });
      expect(await slowRetries.drain()).to.include({ claimed: 1, failed: 1 });
    } finally {
      google.holdEventLists = null;
    }
    const [row] = await server.deps.db('outbox').where({ channel: 'calendar_sync', status: 'pending' }).select('next_attempt_at', 'last_error');
    expect(new Date(row.next_attempt_at).getTime()).to.equal(clock.now().getTime() + 1_800_000);
    expect(row.last_error, 'Google\'s reason').to.include('backend error');
    expect(await runQueuedSyncs(server), 'not due yet').to.include({ claimed: 0 });
    expect(await google.push(PRIMARY)).to.deep.equal([204]);
    expect(await queuedSyncs(server), 'the push joined the sync waiting to be retried').to.deep.equal([[calendarId, false]]);
    expect(await runQueuedSyncs(server)).to.include({ claimed: 1, sent: 1 });
  });

  it('finished syncs leave the outbox a week after they were queued; a waiting one stays', async () => {
    const { db } = server.deps;
    expect(await google.push(PRIMARY)).to.deep.equal([204]);
    const finished = await db('outbox').where({ channel: 'calendar_sync' }).whereIn('status', ['sent', 'dead']).count({ n: '*' }).first();
    await db('outbox').where({ channel: 'calendar_sync' }).update({ created_at: new Date(clock.now().getTime() - FINISHED_SYNC_RETENTION_MS - 1) });
    expect(await purgeFinishedSyncs(db, clock.now())).to.equal(Number(finished!.n)).and.be.greaterThan(0);
    expect(await queuedSyncs(server)).to.deep.equal([[calendarId, false]]);
    expect(await db('outbox').where({ channel: 'calendar_sync' }).whereNot({ status: 'pending' })).to.deep.equal([]);
    await runQueuedSyncs(server);
  });
});

describe('calendar pushes in one process (role all): the dispatcher runs the queued sync at once', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let held: ReturnType<typeof holdEventLists> | undefined;
  const clock = createFixedClock('2026-11-30T08:00:00Z');

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    // The dispatcher's poll is an hour away: only the push's wake-up can run the sync soon.
    ({ google, server } = await startWithGoogle(clock, { OUTBOX_POLL_MS: '3600000' }));
    await runQueuedSyncs(server);
    await server.deps.services.notify.startDispatcher();
  });
  after(async () => {
    held?.release();
    await server?.deps.services.notify.stopDispatcher();
    await server?.close();
    await google?.stop();
  });

  it('a push answers while the provider is still slow to answer the sync it started', async () => {
    held = holdEventLists(google);
    const order: string[] = [];
    try {
      google.putEvent(PRIMARY, { summary: 'Dentist', start: at('2026-12-01T10:00:00Z'), end: at('2026-12-01T11:00:00Z') });
      const pushed = google.push(PRIMARY).then((statuses) => order.push(`answered ${statuses.join()}`));
      // Both happen while the provider holds its answer back (inline, the push would wait for it).
      await Promise.all([pushed, held.asked.then(() => order.push('provider asked'))]);
    } finally {
      held.release();
    }
    expect(order).to.have.members(['answered 204', 'provider asked']);
    // The sync the push queued finishes on its own (no test hook runs it).
    for (let i = 0; i < 200 && (await queuedSyncs(server)).length; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await queuedSyncs(server)).to.deep.equal([]);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).not.to.include('2026-12-01T10:00:00.000Z');
  });

  it('calendar syncs have a dispatcher loop of their own: an e-mail goes out while a slow sync still waits for the provider', async () => {
    const gate = gateEventLists(google);
    const mails = async () => Number((await server.deps.db('dev_mailbox').count({ n: '*' }).first())!.n);
    try {
      expect(await google.push(PRIMARY)).to.deep.equal([204]);
      expect(await gate.untilHeld(1), 'the queued sync asks Google').to.equal(true);
      const before = await mails();
      await bookIntro(apiClient(server.url), '2026-12-01T14:00:00.000Z');
      // The e-mail dispatcher's next poll, now rather than in an hour.
      server.deps.services.notify.wakeDispatcher();
      for (let i = 0; i < 200 && (await mails()) === before; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await mails(), 'the booking confirmation was delivered').to.be.greaterThan(before);
      // The sync still waits for its list (a booking's calendar write may be held behind the same gate too).
      expect(gate.held, 'while the sync still waits').to.be.at.least(1);
      expect(await queuedSyncs(server), 'its row still leased').to.have.length(1);
    } finally {
      gate.releaseAll();
    }
    for (let i = 0; i < 200 && (await queuedSyncs(server)).length; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await queuedSyncs(server)).to.deep.equal([]);
  });
});
