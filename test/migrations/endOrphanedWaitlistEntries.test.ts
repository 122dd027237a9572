import { expect } from 'chai';
import * as migration from '../../migrations/20261207090000_end_orphaned_waitlist_entries.js';
import { invitee, setUpBookingWorld, type BookingWorld } from '../core/booking/helpers.js';

describe('migration end_orphaned_waitlist_entries: lines of sessions canceled before the canceled status', () => {
  let w: BookingWorld;
  let classId: string;
  // Sessions are booked and canceled with a notifier that leaves their lines alone, as the code before 20261206090000 did.
  const session = async (start: string, n: number) => (await w.booking.scheduleBooking({ user: 'ada', eventType: 'class', start, invitee: invitee(`G${n}`, `g${n}@x.org`) })).booking.id;
  const cancel = (id: string) => w.booking.cancelBooking(id, { reason: 'ill' }, { userId: w.users.ada });
  const entry = (email: string, start: string, status = 'waiting', bookingId: string | null = null) =>
    w.db('waitlist_entries').insert({ event_type_id: classId, start_at: new Date(start), name: email, email, timezone: 'UTC', status, booking_id: bookingId, ...(status === 'offered' ? { offer_token_hash: `hash-${email}`, offered_at: new Date(), offer_expires_at: new Date(Date.now() + 3_600_000) } : {}) });
  const statuses = async () => Object.fromEntries((await w.db('waitlist_entries').select('email', 'status')).map((e: { email: string; status: string }) => [e.email, e.status]));

  beforeEach(async () => {
    w = await setUpBookingWorld();
    classId = (await w.scheduling.createEventType(w.users.ada, { slug: 'class', title: 'Class', kind: 'group', seats: 1, durationMinutes: 60 })).id;
  });

  it('ends the waiting and offered entries of a canceled session; those already over stay as they were', async () => {
    const t = '2026-11-25T10:00:00Z';
    const s = await session(t, 1);
    await entry('waiting@x.org', t);
    await entry('offered@x.org', t, 'offered', s);
    await entry('left@x.org', t, 'left');
    await entry('expired@x.org', t, 'expired', s);
    await cancel(s);
    await migration.up(w.db);
    expect(await statuses()).to.deep.equal({ 'waiting@x.org': 'canceled', 'offered@x.org': 'canceled', 'left@x.org': 'left', 'expired@x.org': 'expired' });
  });

  it('leaves a line that has a live session at its time: one booked after the cancel, or one never canceled', async () => {
    const [t1, t2] = ['2026-11-25T10:00:00Z', '2026-11-25T12:00:00Z'];
    await cancel(await session(t1, 1));
    await session(t1, 2);
    await session(t2, 3);
    await entry('rebooked@x.org', t1);
    await entry('live@x.org', t2);
    await migration.up(w.db);
    expect(await statuses()).to.deep.equal({ 'rebooked@x.org': 'waiting', 'live@x.org': 'waiting' });
  });

  it("keeps an offer whose own session moved away and lives on (the seat it holds is that session's) though a session at its old time was canceled, and an entry with no session at its time", async () => {
    const [t, moved] = ['2026-11-25T10:00:00Z', '2026-11-26T10:00:00Z'];
    const s = await session(t, 1);
    await entry('offered@x.org', t, 'offered', s);
    await w.booking.rescheduleBooking(s, { start: moved }, { userId: w.users.ada });
    await cancel(await session(t, 2));
    await entry('nosession@x.org', '2026-11-27T10:00:00Z');
    await migration.up(w.db);
    expect(await statuses()).to.deep.equal({ 'offered@x.org': 'offered', 'nosession@x.org': 'waiting' });
  });
});
