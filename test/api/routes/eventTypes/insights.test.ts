import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('GET /api/event-types/:id/insights (learned durations)', () => {
  let server: RunningServer;
  let call: ApiCall;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-12-01T08:00:00Z') });
    call = apiClient(server.url);
  });
  after(() => server.close());

  /** A past 30-minute booking whose synced calendar event the host shortened to `actual` minutes. */
  async function pastMeeting(eventTypeId: string, calendarId: string, userId: string, start: number, options: { actual?: number; status?: string; email: string; minutes?: number }) {
    const db = server.deps.db;
    const id = randomUUID();
    const end = start + (options.minutes ?? 30) * MINUTE;
    await db('bookings').insert({ id, event_type_id: eventTypeId, title: 'Intro', start_at: new Date(start), end_at: new Date(end), status: options.status ?? 'completed', ical_uid: `${id}@yava` });
    await db('booking_attendees').insert({ booking_id: id, name: 'Guest', email: options.email, manage_token_hash: randomUUID() });
    if (options.actual !== undefined) {
      const busy = `[${new Date(start).toISOString()},${new Date(start + options.actual * MINUTE).toISOString()})`;
      await db('external_events').insert({ calendar_id: calendarId, user_id: userId, external_id: `ev-${id}`, instance_key: `ev-${id}`, ical_uid: `${id}@yava`, booking_id: id, summary: 'Intro', busy });
    }
  }

  it('learns from synced calendar lengths that intro calls end within 20 minutes, leaving no-shows and follow-ups apart', async () => {
    const h = await createHost(call, 'learner');
    const et = await createEventType(call, h.token, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
    const db = server.deps.db;
    const [conn] = await db('calendar_connections').insert({ user_id: h.user.id, provider: 'google', account: 'learner@example.com', credentials: 'x' }).returning('id');
    const [cal] = await db('connected_calendars').insert({ connection_id: conn.id, user_id: h.user.id, external_id: 'primary', name: 'Work' }).returning('id');
    // Known truth: 30 meetings of 12–20 minutes (seeded), 4 no-shows, one follow-up the next day.
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const base = Date.parse('2026-10-01T09:00:00Z');
    for (let i = 0; i < 30; i++) await pastMeeting(et.id, cal.id, h.user.id, base + i * DAY, { actual: Math.round(12 + 8 * next()), email: `g${i}@example.org` });
    for (let i = 0; i < 4; i++) await pastMeeting(et.id, cal.id, h.user.id, base + i * DAY + 4 * 3_600_000, { status: 'no_show', email: `n${i}@example.org` });
    await pastMeeting(et.id, cal.id, h.user.id, base + 29 * DAY + 26 * 3_600_000, { actual: 15, email: 'g29@example.org' });
    const res = await call('GET', `/api/event-types/${et.id}/insights`, { token: h.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ eventTypeId: et.id, configuredMinutes: 30, meetings: 31, noShows: 4, followUps: 1 });
    expect(res.body.noShowRate).to.be.closeTo(4 / 35, 0.001);
    expect(res.body.durations.median.minutes).to.be.within(16, 21);
    expect(res.body.durations.median.low).to.be.at.most(res.body.durations.median.minutes);
    expect(res.body.suggestion.minutes).to.equal(20);
    expect(res.body.suggestion.message).to.match(/^Your "Intro call" meetings end within 20 min \d+% of the time: consider 20 min instead of 30\.$/);
    expect(res.body.byAttendeeCount).to.deep.equal([{ attendees: '1', meetings: 31, medianMinutes: res.body.byAttendeeCount[0].medianMinutes }]);
  });

  it('has nothing to suggest without history, and hides another host’s event type', async () => {
    const h = await createHost(call, 'fresh');
    const et = await createEventType(call, h.token, { slug: 'new' });
    const res = await call('GET', `/api/event-types/${et.id}/insights`, { token: h.token });
    expect(res.body).to.include({ meetings: 0, suggestion: null, noShowRate: null });
    const other = await createHost(call, 'nosy');
    expectProblem(await call('GET', `/api/event-types/${et.id}/insights`, { token: other.token }), 404, 'event_type_not_found');
    expectProblem(await call('GET', `/api/event-types/${et.id}/insights`), 401, 'unauthorized');
  });
});
