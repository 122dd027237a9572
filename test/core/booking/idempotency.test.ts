import { expect } from 'chai';
import { idempotencyScope, purgeExpiredIdempotencyKeys, requestHash } from '../../../core/booking/idempotency.js';
import { createBookingService } from '../../../core/booking/index.js';
import { hashSecret } from '../../../core/auth/secrets.js';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

const HOUR = 3_600_000;

describe('core/booking/idempotency', () => {
  describe('requestHash', () => {
    it('ignores the order of object keys but not of arrays or values', () => {
      expect(requestHash({ a: 1, b: { c: 2, d: [1, 2] } })).to.equal(requestHash({ b: { d: [1, 2], c: 2 }, a: 1 }));
      expect(requestHash({ a: [1, 2] })).to.not.equal(requestHash({ a: [2, 1] }));
      expect(requestHash({ a: 1 })).to.not.equal(requestHash({ a: '1' }));
    });
  });

  describe('idempotencyScope', () => {
    it("scopes a user's keys by the user and an anonymous caller's by the address", () => {
      expect(idempotencyScope('meetings.schedule', { userId: 'u1', address: '203.0.113.9' })).to.equal('meetings.schedule:user:u1');
      expect(idempotencyScope('meetings.schedule', { address: '203.0.113.9' })).to.equal('meetings.schedule:anonymous:203.0.113.9');
      expect(idempotencyScope('meetings.schedule', {})).to.equal('meetings.schedule:anonymous:unknown');
    });
  });

  describe('scheduleBooking with an idempotency key', () => {
    let w: BookingWorld;
    const count = async (table: string) => Number((await w.db(table).count<Array<{ n: string | number }>>('* as n'))[0]!.n);
    beforeEach(async () => {
      w = await setUpBookingWorld();
    });

    it('replays the first response, manage token included, without changing anything', async () => {
      const input = { user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee(), idempotencyKey: 'k-1', callerAddress: '203.0.113.1' };
      const first = await w.booking.scheduleBooking(input);
      const before = { bookings: await count('bookings'), history: await count('booking_status_history'), changes: w.changes.length, attendee: await w.db('booking_attendees').where({ booking_id: first.booking.id }).first() };
      w.clock.advance(HOUR);
      const again = await w.booking.scheduleBooking(input);
      expect(again.replayed).to.equal(true);
      expect(again.manageToken).to.equal(first.manageToken);
      expect(again.booking).to.deep.equal(first.booking);
      expect(await count('bookings')).to.equal(before.bookings);
      expect(await count('booking_status_history')).to.equal(before.history);
      expect(w.changes.length).to.equal(before.changes);
      const attendee = await w.db('booking_attendees').where({ booking_id: first.booking.id }).first();
      expect(attendee.manage_token_hash).to.equal(before.attendee.manage_token_hash).and.equal(hashSecret(first.manageToken));
    });

    it('keeps the manage token sealed: the key row never holds it in the clear', async () => {
      const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee(), idempotencyKey: 'k-seal' });
      const row = await w.db('idempotency_keys').where({ key: 'k-seal' }).first();
      expect(JSON.stringify(row.response_body)).to.not.include(made.manageToken);
      // Another process with another key cannot open it, and says so instead of issuing a new token.
      const elsewhere = createBookingService({ db: w.db, clock: w.clock });
      await expectCode(elsewhere.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee(), idempotencyKey: 'k-seal' }), 'idempotency_conflict');
      expect((await w.db('booking_attendees').where({ booking_id: made.booking.id }).first()).manage_token_hash).to.equal(hashSecret(made.manageToken));
    });

    it('refuses the same key with another body', async () => {
      await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee(), idempotencyKey: 'k-1' });
      await expectCode(w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T11:00:00Z', invitee: invitee(), idempotencyKey: 'k-1' }), 'idempotency_conflict');
    });

    it('does not replay to another anonymous address or to a logged-in user', async () => {
      const input = { user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee(), idempotencyKey: 'shared' };
      await w.booking.scheduleBooking({ ...input, callerAddress: '203.0.113.1' });
      // Same key and body from elsewhere is a new request: the slot is taken, nothing is handed out.
      await expectCode(w.booking.scheduleBooking({ ...input, callerAddress: '203.0.113.2' }), 'slot_unavailable');
      await expectCode(w.booking.scheduleBooking({ ...input, callerAddress: '203.0.113.1', createdByUserId: w.users.bob }), 'slot_unavailable');
      expect((await w.booking.scheduleBooking({ ...input, callerAddress: '203.0.113.1' })).replayed).to.equal(true);
    });

    it('forgets a key after 24 hours: the same key then starts a new request', async () => {
      await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee(), idempotencyKey: 'k-old' });
      w.clock.advance(24 * HOUR + 1000);
      const fresh = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T11:00:00Z', invitee: invitee(), idempotencyKey: 'k-old' });
      expect(fresh.replayed).to.equal(false);
      expect(fresh.booking.start).to.equal('2026-11-26T11:00:00.000Z');
    });
  });

  describe('purgeExpiredIdempotencyKeys', () => {
    it('deletes keys older than 24 hours and keeps the rest', async () => {
      const w = await setUpBookingWorld();
      const now = w.clock.now();
      const row = (key: string, ageMs: number) => ({ scope: 's', key, request_hash: 'h', response_status: 201, response_body: '{}', created_at: new Date(now.getTime() - ageMs) });
      await w.db('idempotency_keys').insert([row('old', 25 * HOUR), row('edge', 24 * HOUR), row('young', 23 * HOUR)]);
      expect(await purgeExpiredIdempotencyKeys(w.db, now)).to.equal(2);
      expect((await w.db('idempotency_keys').select('key')).map((r: { key: string }) => r.key)).to.deep.equal(['young']);
    });
  });
});
