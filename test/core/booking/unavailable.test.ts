import { expect } from 'chai';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/unavailable: errors that say why', () => {
  let w: BookingWorld;
  // "strict": 30 min, starts every 30 min, 2 hours' notice, 14 days ahead, one a day. Clock: Tue 24 Nov 10:00 UTC.
  const book = (start: string, eventType = 'strict', email = 'g@x.org') => w.booking.scheduleBooking({ user: 'ada', eventType, start, invitee: invitee('G', email, 'Europe/Paris') });
  const refusal = async (start: string) => {
    const error = await expectCode(book(start), 'slot_unavailable');
    return { reason: error.details.reason, alternatives: error.details.alternatives as Array<{ start: string; end: string }>, message: error.message };
  };
  before(async () => {
    w = await setUpBookingWorld();
    await w.scheduling.createEventType(w.users.ada, { slug: 'strict', title: 'Strict', durationMinutes: 30, minimumNoticeMinutes: 120, maxDaysAhead: 14, dailyLimit: 1 });
  });

  it('in_past: a time already gone, with the first free times from now', async () => {
    const r = await refusal('2026-11-24T09:00:00Z');
    expect(r.reason).to.equal('in_past');
    expect(r.alternatives.map((a) => a.start)).to.deep.equal(['2026-11-24T12:00:00.000Z', '2026-11-24T12:30:00.000Z', '2026-11-24T13:00:00.000Z']);
    expect(r.message).to.equal('That time has already passed. Nearest free times: Tue 24 Nov 13:00, 13:30 or 14:00 (Europe/Paris).');
  });

  it('too_soon: inside the minimum notice, naming it', async () => {
    const r = await refusal('2026-11-24T11:00:00Z');
    expect(r.reason).to.equal('too_soon');
    expect(r.message).to.match(/^That time is too soon: this needs at least 2 hours notice\. Nearest free times: Tue 24 Nov 13:00/);
  });

  it('beyond_horizon: past maxDaysAhead, offering the last days that can be booked', async () => {
    const r = await refusal('2026-12-15T10:00:00Z');
    expect(r.reason).to.equal('beyond_horizon');
    expect(r.message).to.match(/^That time is too far ahead: this can be booked at most 14 days in advance\./);
    expect(r.alternatives.length).to.equal(3);
    for (const a of r.alternatives) expect(Date.parse(a.start)).to.be.below(Date.parse('2026-12-08T10:00:00Z'));
  });

  it('off_grid: 09:07 between the offered starts, with the starts around it', async () => {
    const r = await refusal('2026-11-25T09:07:00Z');
    expect(r.reason).to.equal('off_grid');
    expect(r.alternatives.map((a) => a.start)).to.deep.equal(['2026-11-25T09:00:00.000Z', '2026-11-25T09:30:00.000Z', '2026-11-25T10:00:00.000Z']);
    expect(r.message).to.equal('That time is not one of the offered starts (every 30 minutes). Nearest free times: Wed 25 Nov 10:00, 10:30 or 11:00 (Europe/Paris).');
  });

  it("outside_hours: after the host's working day", async () => {
    const r = await refusal('2026-11-25T20:00:00Z');
    expect(r.reason).to.equal('outside_hours');
    expect(r.message).to.match(/^That time is outside the host's working hours\. Nearest free times: Wed 25 Nov 16:30, 17:00 or 17:30 \(Europe\/Paris\)\.$/);
  });

  it('taken and limit_reached: another booking in the way, or the day already full', async () => {
    await book('2026-11-26T09:00:00Z');
    expect((await refusal('2026-11-26T09:00:00Z')).reason).to.equal('taken');
    const full = await refusal('2026-11-26T11:00:00Z');
    expect(full.reason).to.equal('limit_reached');
    expect(full.message).to.match(/^That day is full: a daily or weekly limit of meetings is reached\. Nearest free times: /);
    for (const a of full.alternatives) expect(a.start.slice(0, 10)).to.not.equal('2026-11-26');
  });

  it('explains an ad-hoc booking in the organizer zone, naming someone outside their hours', async () => {
    const error = await expectCode(w.booking.scheduleAdHocBooking({ organizerUserId: w.users.bob, usernames: ['cy'], start: '2026-11-30T09:00:00Z', durationMinutes: 30, title: 'x', source: 'cli' }), 'slot_unavailable');
    expect(error.details.reason).to.equal('outside_hours');
    expect(error.message).to.match(/^That time is outside the working hours of someone in the meeting\. Nearest free times: Mon 30 Nov 15:00, 15:30 or 16:00 \(Europe\/Berlin\)\.$/);
  });

  it('explains a refused reschedule in the asking invitee zone', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-27T09:00:00Z', invitee: invitee('T', 't@x.org', 'Asia/Tokyo') });
    const error = await expectCode(w.booking.rescheduleBooking(made.booking.id, { start: '2026-11-27T09:10:00Z' }, { manageToken: made.manageToken }), 'slot_unavailable');
    expect(error.details.reason).to.equal('off_grid');
    expect(error.message).to.include('(Asia/Tokyo)');
  });

  it('names a time the autumn change repeats by its offset, so the two 02:00s read differently', async () => {
    await w.scheduling.saveSchedule(w.users.bob, { timezone: 'Europe/Paris', weekly: [{ day: 'sun', start: '01:00', end: '04:00' }], overrides: [] });
    await w.scheduling.createEventType(w.users.bob, { slug: 'night', title: 'Night', durationMinutes: 30, maxDaysAhead: 400 });
    const error = await expectCode(w.booking.scheduleBooking({ user: 'bob', eventType: 'night', start: '2027-10-31T00:07:00Z', invitee: invitee('N', 'n@x.org', 'Europe/Paris') }), 'slot_unavailable');
    expect(error.details.reason).to.equal('off_grid');
    expect(error.message, error.message).to.include('Nearest free times: Sun 31 Oct 01:30, 02:00 CEST or 02:30 CEST (Europe/Paris).');
  });
});
