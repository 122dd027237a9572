import { expect } from 'chai';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking per-host limits and approval modes', () => {
  let w: BookingWorld;
  before(async function () {
    this.timeout(120_000);
    w = await setUpBookingWorld();
    await w.scheduling.createEventType(w.users.ada, { slug: 'call', title: 'Call', durationMinutes: 30 });
  });

  it('a weekly limit counts meetings of every event type in the host week and refuses the next with limit_reached', async () => {
    await w.scheduling.updateUserSettings(w.users.ada, { weeklyMeetingLimit: 2 });
    await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee('A', 'a1@x.org') });
    await w.booking.scheduleBooking({ user: 'ada', eventType: 'call', start: '2026-11-26T09:00:00Z', invitee: invitee('A', 'a2@x.org') });
    const refused = await expectCode(w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-27T09:00:00Z', invitee: invitee('A', 'a3@x.org') }), 'slot_unavailable');
    expect(refused.details.reason).to.equal('limit_reached');
    // The week is closed on the listing too; the next ISO week opens.
    const slots = await w.scheduling.listSlots({ user: 'ada', eventType: 'call', from: '2026-11-27', to: '2026-11-30', timezone: 'UTC' });
    expect(slots.slots.length).to.be.greaterThan(0);
    expect(slots.slots.every((s) => s.start.startsWith('2026-11-30'))).to.equal(true);
    await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-30T09:00:00Z', invitee: invitee('A', 'a4@x.org') });
    await w.scheduling.updateUserSettings(w.users.ada, { weeklyMeetingLimit: null });
  });

  it("counts the week in the host's zone, not UTC", async () => {
    // cy works in New York; Monday 30 Nov 03:00Z is Sunday evening there (week 48), so with a
    // limit of 1 it fills week 48 and leaves Monday 30 Nov (week 49) open.
    await w.scheduling.saveSchedule(w.users.cy, { timezone: 'America/New_York', weekly: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day: day as 'mon', start: '09:00', end: '23:00' })) });
    await w.scheduling.createEventType(w.users.cy, { slug: 'late', title: 'Late', durationMinutes: 30 });
    await w.booking.scheduleBooking({ user: 'cy', eventType: 'late', start: '2026-11-30T03:00:00Z', invitee: invitee() });
    await w.scheduling.updateUserSettings(w.users.cy, { weeklyMeetingLimit: 1 });
    const slots = await w.scheduling.listSlots({ user: 'cy', eventType: 'late', from: '2026-11-28', to: '2026-11-30', timezone: 'America/New_York' });
    const days = [...new Set(slots.slots.map((s) => new Date(Date.parse(s.start) - 5 * 3_600_000).toISOString().slice(0, 10)))];
    expect(days).to.deep.equal(['2026-11-30']);
  });

  it('round robin skips a host at their weekly or daily limit', async () => {
    await w.scheduling.saveSchedule(w.users.bob, { timezone: 'UTC', weekly: [{ day: 'wed', start: '09:00', end: '17:00' }, { day: 'thu', start: '09:00', end: '17:00' }] });
    await w.scheduling.createTeam(w.users.bob, { slug: 'limits', name: 'Limits', members: [{ username: 'ada', priority: -5 }] });
    await w.scheduling.createEventType(w.users.bob, { slug: 'rr', title: 'RR', durationMinutes: 30, kind: 'round_robin', teamSlug: 'limits' });
    const book = (start: string, n: number) => w.booking.scheduleBooking({ team: 'limits', eventType: 'rr', start, invitee: invitee('R', `r${n}@x.org`) });
    // bob has the higher priority and takes bookings until his weekly limit of 1 is reached.
    await w.scheduling.updateUserSettings(w.users.bob, { weeklyMeetingLimit: 1 });
    expect((await book('2026-12-02T10:00:00Z', 1)).booking.hosts.map((h) => h.username)).to.deep.equal(['bob']);
    expect((await book('2026-12-03T10:00:00Z', 2)).booking.hosts.map((h) => h.username)).to.deep.equal(['ada']);
    // A daily limit skips him the same way.
    await w.scheduling.updateUserSettings(w.users.bob, { weeklyMeetingLimit: null, dailyMeetingLimit: 1 });
    expect((await book('2026-12-03T11:00:00Z', 3)).booking.hosts.map((h) => h.username)).to.deep.equal(['bob']);
    expect((await book('2026-12-03T12:00:00Z', 4)).booking.hosts.map((h) => h.username)).to.deep.equal(['ada']);
  });

  it('"approval only for first-time invitees": new invitees wait, known ones are booked at once', async () => {
    const et = await w.scheduling.createEventType(w.users.bob, { slug: 'consult', title: 'Consult', durationMinutes: 30, requiresApprovalForNewInvitees: true });
    expect(et).to.include({ requiresApproval: false, requiresApprovalForNewInvitees: true });
    await w.scheduling.updateUserSettings(w.users.bob, { dailyMeetingLimit: null });
    const book = (start: string, email: string) => w.booking.scheduleBooking({ user: 'bob', eventType: 'consult', start, invitee: invitee('N', email) });
    const first = await book('2026-12-02T13:00:00Z', 'New@x.org');
    expect(first.booking.status).to.equal('pending');
    // A declined request does not make them known.
    await w.booking.declineBooking(first.booking.id, {}, { userId: w.users.bob });
    const again = await book('2026-12-02T13:00:00Z', 'new@x.org');
    expect(again.booking.status).to.equal('pending');
    await w.booking.approveBooking(again.booking.id, { userId: w.users.bob });
    expect((await book('2026-12-02T14:00:00Z', 'NEW@x.org')).booking.status).to.equal('scheduled');
    expect((await book('2026-12-02T15:00:00Z', 'other@x.org')).booking.status).to.equal('pending');
    // Known to bob is not known to ada: the first booking with ada still waits.
    await w.scheduling.createEventType(w.users.ada, { slug: 'consult', title: 'Consult', durationMinutes: 30, requiresApprovalForNewInvitees: true });
    expect((await w.booking.scheduleBooking({ user: 'ada', eventType: 'consult', start: '2026-12-04T13:00:00Z', invitee: invitee('N', 'new@x.org') })).booking.status).to.equal('pending');
  });
});
