import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { BookingChange } from '../../../../core/notify/types.js';
import { waitlistSessionFollower } from '../../../../core/waitlist/index.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';

describe('the waitlist of a session whose time changes', () => {
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  let session: string;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const start = '2026-11-25T14:00:00.000Z';
  const wait = (n: number, timezone = 'Europe/Paris') => call('POST', '/api/waitlist', { body: { user: 'wmhost', eventType: 'class', start, invitee: { ...invitee(n), timezone } } });
  const line = async () => (await server.deps.db('waitlist_entries').orderBy('seq').select('email', 'status')).map((e: { email: string; status: string }) => `${e.email} ${e.status}`);
  /** Reports a change as a move path does, in its own transaction (the host's calendar: core/calendars/followHostChanges.ts). */
  const report = (change: BookingChange) => server.deps.db.transaction((trx) => waitlistSessionFollower({ clock, maxAttempts: 3 }).bookingChanged(trx, change));

  before(async function () {
    this.timeout(300_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'wmhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'class', title: 'Class', kind: 'group', seats: 1, durationMinutes: 60 });
    const seat = await call('POST', '/api/meetings/schedule', { body: { user: 'wmhost', eventType: 'class', start, invitee: invitee(1) } });
    expect(seat.status, seat.text).to.equal(201);
    session = seat.body.id;
    for (const n of [2, 3]) expect((await wait(n, n === 3 ? 'Asia/Tokyo' : 'Europe/Paris')).status).to.equal(201);
  });
  after(() => server.close());

  it("a change naming the session's own times (its calendar echoing our write) leaves the line alone", async () => {
    await report({ type: 'rescheduled', bookingId: session, previousStart: start, previousEnd: '2026-11-25T15:00:00.000Z', actor: 'host calendar' });
    expect(await line()).to.deep.equal(['guest2@example.org waiting', 'guest3@example.org waiting']);
  });

  it('a change of the end only (the host made the session longer in their calendar) keeps the line where it is', async () => {
    await server.deps.db('bookings').where({ id: session }).update({ end_at: new Date('2026-11-25T16:00:00Z'), sequence: server.deps.db.raw('sequence + 1') });
    await report({ type: 'rescheduled', bookingId: session, previousStart: start, previousEnd: '2026-11-25T15:00:00.000Z', actor: 'host calendar' });
    expect(await line()).to.deep.equal(['guest2@example.org waiting', 'guest3@example.org waiting']);
  });
});
