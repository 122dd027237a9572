import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';
import { pageClient } from './helpers.js';

describe('GET /:username/:slug/book: a start no longer offered', () => {
  let server: RunningServer;
  // Tuesday 24 November 2026; the host works Monday to Friday, 09:00–17:00 in Berlin.
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const form = (start: string) => pageClient(server.url).get(`/hela/intro/book?${new URLSearchParams({ start, timezone: 'Europe/Berlin' })}`);

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const host = await registerUser(apiClient(server.url), { name: 'Hela Host', username: 'hela', timezone: 'Europe/Berlin' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
    await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T10:00:00Z', invitee: { name: 'Ann', email: 'ann@example.com', timezone: 'UTC' } });
  });
  after(() => server.close());

  it('shows the form for a start the picker offers', async () => {
    const res = await form('2026-11-25T09:00:00.000Z');
    expect(res.status).to.equal(200);
    expect(res.text).to.include('Confirm booking');
  });

  it('shows the form for a slot that ends after midnight in the visitor\'s zone (the picker lists it)', async () => {
    await server.deps.services.scheduling.createEventType((await server.deps.db('users').where({ username: 'hela' }).first('id')).id, { slug: 'consult', title: 'Consult', durationMinutes: 45 });
    // 15:45–16:30 in Berlin is 23:45–00:30 in Tokyo.
    const offered = await pageClient(server.url).get('/hela/consult?timezone=Asia/Tokyo&date=2026-11-25');
    expect(offered.text).to.include('start=2026-11-25T14%3A45%3A00.000Z');
    const res = await pageClient(server.url).get(`/hela/consult/book?${new URLSearchParams({ start: '2026-11-25T14:45:00.000Z', timezone: 'Asia/Tokyo' })}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.include('Confirm booking');
  });

  for (const [what, start, day, says] of [
    ['already booked', '2026-11-25T10:00:00.000Z', 'Wednesday 25 November', 'Sorry, that time was just taken. Here are the times still free.'],
    ['off the slot grid', '2026-11-25T09:07:00.000Z', 'Wednesday 25 November', 'That time is not one of the offered starts (every 30 minutes). Here are the times still free.'],
    ['on a day without working hours', '2026-11-28T10:00:00.000Z', 'Saturday 28 November', 'That time is outside the host&#39;s working hours. Here are the times still free.'],
    ['in the past', '2026-11-23T10:00:00.000Z', 'Tuesday 24 November', 'That time has already passed. Here are the times still free.'],
  ] as const) {
    it(`shows the day\u2019s free times with the refusal instead of the form for a start ${what}`, async () => {
      const res = await form(start);
      expect(res.status).to.equal(409);
      expect(res.text).to.not.include('Confirm booking').and.not.include('name="email"');
      expect(res.text).to.include(`<h2 id="slots-heading">${day}</h2>`);
      expect(res.text).to.include(says);
    });
  }
});
