import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, expectProblem, invitee, type createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { consentFlow, deliverOutbox, startCalendarServer } from '../calendars/helpers.js';

const PRIMARY = 'ada@gmail.com';

describe('series: POST /api/meetings/schedule with recurrence, cancel and reschedule with scope', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const weekly = (start: string, count: number, extra: Record<string, unknown> = {}) =>
    call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'sync', start, invitee: invitee(), recurrence: { frequency: 'weekly', count }, ...extra } });

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    google = await startGoogleFake();
    google.addCalendar(PRIMARY, 'Ada', { primary: true, timeZone: 'UTC' });
    ({ server, call, host } = await startCalendarServer(clock, {
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_AUTH_URL: `${google.url}/o/oauth2/v2/auth`,
      GOOGLE_OAUTH_URL: `${google.url}/`,
      GOOGLE_API_URL: `${google.url}/`,
    }));
    await createEventType(call, host.token, { slug: 'sync', title: 'Sync', durationMinutes: 30, allowsSeries: true, seriesMaxOccurrences: 10 });
    expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
  });
  after(async () => {
    await server?.close();
    await google?.stop();
  });

  it('the event type says whether it allows series and how many meetings', async () => {
    const res = await call('GET', '/api/event-types', { token: host.token });
    const sync = res.body.eventTypes.find((e: { slug: string }) => e.slug === 'sync');
    expect(sync).to.include({ allowsSeries: true, seriesMaxOccurrences: 10 });
  });

  it('refuses a series of one meeting: 400 naming recurrence.until', async () => {
    const res = await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'sync', start: '2027-02-02T10:00:00Z', invitee: invitee(), recurrence: { frequency: 'weekly', until: '2027-02-02' } } });
    expectProblem(res, 400, 'validation_failed');
    expect(res.text).to.include('recurrence.until');
  });

  it('a 6-week series with week 4 taken: 409 naming week 4, or 201 with 5 meetings when allowPartial', async () => {
    const taken = await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'sync', start: '2026-12-22T10:00:00Z', invitee: invitee(9) } });
    expect(taken.status, taken.text).to.equal(201);
    const refused = await weekly('2026-12-01T10:00:00Z', 6);
    expectProblem(refused, 409, 'slot_unavailable');
    expect(refused.body.detail).to.include('Week 4, 2026-12-22 10:00 UTC is taken');
    expect(refused.body.reason).to.equal('series_conflict');
    expect(refused.body.details.conflicts.map((c: { index: number }) => c.index)).to.deep.equal([4]);
    const partial = await weekly('2026-12-01T10:00:00Z', 6, { allowPartial: true });
    expect(partial.status, partial.text).to.equal(201);
    expect(partial.body.meetings.map((m: { index: number }) => m.index)).to.deep.equal([1, 2, 3, 5, 6]);
    expect(partial.body.meetings[0].manageToken).to.match(/^yava_mt_/);
    expect(partial.body.conflicts.map((c: { label: string }) => c.label)).to.deep.equal(['week 4']);
    expect(partial.body.series).to.include({ rrule: 'FREQ=WEEKLY;INTERVAL=1;COUNT=6', timezone: 'UTC', count: 6 });
    const series = await call('GET', `/api/meetings/${partial.body.meetings[0].id}/series`, { token: host.token });
    expect(series.status).to.equal(200);
    expect(series.body.occurrences.map((o: { index: number }) => o.index)).to.deep.equal([1, 2, 3, 5, 6]);
  });

  it('refuses a recurrence on an event type without series, and allowPartial without recurrence', async () => {
    expectProblem(await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'intro', start: '2026-12-02T10:00:00Z', invitee: invitee(), recurrence: { frequency: 'weekly', count: 3 } } }), 400, 'validation_failed');
    expectProblem(await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'sync', start: '2026-12-02T10:00:00Z', invitee: invitee(), allowPartial: true } }), 400, 'validation_failed');
    expectProblem(await weekly('2026-12-02T10:00:00Z', 11), 400, 'validation_failed');
  });

  it('cancelling the series leaves no occurrence and no calendar event behind', async () => {
    const booked = await weekly('2027-01-05T14:00:00Z', 4);
    expect(booked.status, booked.text).to.equal(201);
    const ids: string[] = booked.body.meetings.map((m: { id: string }) => m.id);
    const uids = new Set<string>(booked.body.meetings.map((m: { icalUid: string }) => m.icalUid));
    await deliverOutbox(server);
    const ours = () => google.liveEvents(PRIMARY).filter((e) => uids.has(e.iCalUID!));
    expect(ours()).to.have.length(4);
    const token = booked.body.meetings[1].manageToken;
    const canceled = await call('POST', `/api/meetings/${ids[1]}/cancel?token=${token}`, { body: { scope: 'series', reason: 'done' } });
    expect(canceled.status, canceled.text).to.equal(200);
    expect(canceled.body.meetings.map((m: { status: string }) => m.status)).to.deep.equal(['canceled', 'canceled', 'canceled', 'canceled']);
    await deliverOutbox(server);
    expect(ours()).to.deep.equal([]);
    expect(await server.deps.db('bookings').whereIn('id', ids).whereNot({ status: 'canceled' })).to.deep.equal([]);
    expect(await server.deps.db('booking_hosts').whereIn('booking_id', ids).where({ active: true })).to.deep.equal([]);
  });

  it('"this and following": cancel from week 3, move from week 2 to the next day', async () => {
    const booked = await weekly('2026-12-02T11:00:00Z', 4);
    expect(booked.status, booked.text).to.equal(201);
    const ids: string[] = booked.body.meetings.map((m: { id: string }) => m.id);
    const cut = await call('POST', `/api/meetings/${ids[2]}/cancel`, { token: host.token, body: { scope: 'following' } });
    expect(cut.status, cut.text).to.equal(200);
    expect(cut.body.series.occurrences.map((o: { status: string }) => o.status)).to.deep.equal(['scheduled', 'scheduled', 'canceled', 'canceled']);
    const moved = await call('POST', `/api/meetings/${ids[1]}/reschedule`, { token: host.token, body: { start: '2026-12-10T11:00:00Z', scope: 'following' } });
    expect(moved.status, moved.text).to.equal(200);
    expect(moved.body.meetings.map((m: { start: string }) => m.start)).to.deep.equal(['2026-12-10T11:00:00.000Z']);
  });

  it('a refused "this and following" move names each meeting at its time in the zone the request gives', async () => {
    const booked = await weekly('2026-12-03T13:00:00Z', 2);
    expect(booked.status, booked.text).to.equal(201);
    const taken = await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'sync', start: '2026-12-11T13:00:00Z', invitee: invitee(8) } });
    expect(taken.status, taken.text).to.equal(201);
    const refused = await call('POST', `/api/meetings/${booked.body.meetings[0].id}/reschedule`, { token: host.token, body: { start: '2026-12-04T13:00:00Z', scope: 'following', timezone: 'Asia/Tokyo' } });
    expectProblem(refused, 409, 'slot_unavailable');
    expect(refused.body.detail).to.include('Meeting 2, 2026-12-11 22:00 Asia/Tokyo is taken');
  });
});
