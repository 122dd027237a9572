import { expect } from 'chai';
import type { BookingDetails } from '../../../core/booking/types.js';
import type { ListBookingsInput } from '../../../core/booking/listBookings.js';
import { createFixedClock } from '../../../core/clock.js';
import { findDescribedMeetings, listUpcomingMeetings, toUpcomingMeeting } from '../../../core/requests/upcomingMeetings.js';

describe('core/requests/upcomingMeetings', () => {
  const clock = createFixedClock('2026-11-24T10:00:00.000Z');
  const person = (userId: string, username: string, name: string) => ({ userId, username, name, email: `${username}@example.com`, timezone: 'UTC' });
  const ada = person('u-ada', 'ada', 'Ada');
  const meeting = (id: string, start: string, others: ReturnType<typeof person>[], attendees: BookingDetails['attendees'] = []) =>
    ({ id, title: `Meeting ${id}`, start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString(), hosts: [ada, ...others], attendees }) as unknown as BookingDetails;
  const withAlice = meeting('a', '2026-11-25T14:00:00.000Z', [person('u-alice', 'alice', 'Alice Chen')]);
  const withBob = meeting('b', '2026-11-26T09:00:00.000Z', [person('u-bob', 'bsmith', 'Bob')]);
  const guest = meeting('c', '2026-11-27T14:00:00.000Z', [], [{ userId: null, name: 'Maria Park', email: 'maria@example.org' }] as unknown as BookingDetails['attendees']);

  function fakeBooking(bookings: BookingDetails[], nextCursor: string | null = null) {
    const asked: Array<{ userId: string; input: ListBookingsInput | undefined }> = [];
    const listBookings = async (userId: string, input?: ListBookingsInput) => {
      asked.push({ userId, input });
      return { bookings, nextCursor };
    };
    return { asked, booking: { listBookings } };
  }

  it('reads a meeting as the viewer sees it: the others by name, username and email, never the viewer', () => {
    expect(toUpcomingMeeting(withAlice, ada.userId)).to.deep.equal({ id: 'a', title: 'Meeting a', start: withAlice.start, end: withAlice.end, withNames: ['Alice Chen'], withHandles: ['alice', 'alice@example.com'] });
    expect(toUpcomingMeeting(guest, ada.userId)).to.deep.include({ withNames: ['Maria Park'], withHandles: ['maria@example.org'] });
  });

  it('lists the meetings still on from now, or in the window a request names, and says when more come after', async () => {
    const { asked, booking } = fakeBooking([withAlice], 'page-2');
    const all = await listUpcomingMeetings({ booking, clock }, ada.userId, { timezone: 'Europe/Paris' });
    expect(all).to.deep.include({ more: true });
    expect(asked[0]).to.deep.equal({ userId: ada.userId, input: { scope: 'upcoming', status: ['scheduled', 'pending'], from: clock.now().toISOString(), timezone: 'Europe/Paris', limit: 25 } });
    await listUpcomingMeetings({ booking, clock }, ada.userId, { timezone: 'Europe/Paris', within: { start: '2026-11-25T00:00:00.000+01:00', end: '2026-11-26T00:00:00.000+01:00' }, limit: 3 });
    expect(asked[1]!.input).to.deep.include({ from: '2026-11-25T00:00:00.000+01:00', to: '2026-11-26T00:00:00.000+01:00', limit: 3 });
  });

  it('finds the meetings words describe among the upcoming ones (who, when), and none from words that narrow nothing', async () => {
    const { booking } = fakeBooking([withAlice, withBob, guest]);
    const find = async (words: string) => (await findDescribedMeetings({ booking, clock }, ada.userId, words, { timezone: 'Europe/Paris' })).map((m) => m.id);
    expect(await find('cancel my meeting with alice')).to.deep.equal(['a']);
    expect(await find('my meeting with bsmith')).to.deep.equal(['b']);
    expect(await find('the 3pm with maria')).to.deep.equal(['c']);
    expect(await find('my meeting on thursday')).to.deep.equal(['b']);
    expect(await find('cancel the thing')).to.deep.equal([]);
  });
});
