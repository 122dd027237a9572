import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { resetTestDb } from '../../../helpers/db.js';
import type { createHost } from '../../../helpers/scheduling.js';
import { createEventType, expectProblem } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { bookIntro, consentFlow, deliverOutbox, emailsTo, startCalendarServer } from '../calendars/helpers.js';

const PRIMARY = 'ada@gmail.com';

describe('conferencing: Google Meet through the Calendar API\u2019s conferenceData (googleapis against the fake)', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-30T08:00:00Z');

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    google = await startGoogleFake();
    google.addCalendar(PRIMARY, 'Ada', { primary: true, timeZone: 'UTC' });
    ({ server, call, host } = await startCalendarServer(clock, { GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret, GOOGLE_AUTH_URL: `${google.url}/o/oauth2/v2/auth`, GOOGLE_OAUTH_URL: `${google.url}/`, GOOGLE_API_URL: `${google.url}/` }));
    expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
  });
  after(async () => {
    await server?.close();
    await google?.stop();
  });

  it('creates one Meet conference on the host\u2019s Google calendar and makes its link the location', async () => {
    const intro = (await call('GET', '/api/event-types', { token: host.token })).body.eventTypes.find((e: { slug: string }) => e.slug === 'intro');
    const set = await call('PUT', `/api/event-types/${intro.id}/location`, { token: host.token, body: { kind: 'google_meet' } });
    expect(set.body).to.deep.equal({ location: { kind: 'google_meet', url: null, autoRecording: false } });
    const booking = await bookIntro(call, '2026-12-01T10:00:00Z');
    await deliverOutbox(server);
    const [event] = google.liveEvents(PRIMARY).filter((e) => e.iCalUID === booking.icalUid) as Array<Record<string, any>>;
    expect(event!.conferenceData.createRequest).to.deep.include({ requestId: `yava-${booking.id}`, conferenceSolutionKey: { type: 'hangoutsMeet' } });
    expect(event!.hangoutLink).to.match(/^https:\/\/meet\.google\.com\/\w{3}-\w{4}-\w{3}$/);
    const meeting = await call('GET', `/api/meetings/${booking.id}`, { token: host.token });
    expect(meeting.body.location).to.equal(event!.hangoutLink);
    // The confirmation left before Google made the link: the invitee gets it in an updated invite.
    const [update] = (await emailsTo(server, 'guest1@example.org', `email:${booking.id}:conference_added:`)) as unknown as Array<{ text: string; ics: string }>;
    expect(update, 'an update with the Meet link').to.not.equal(undefined);
    expect(update!.text).to.include(`Where: ${event!.hangoutLink}`);
    expect(update!.ics).to.include(`LOCATION:${event!.hangoutLink}`);
    // A reschedule patches the same event and keeps the conference (no second one is asked for).
    const moved = await call('POST', `/api/meetings/${booking.id}/reschedule`, { token: host.token, body: { start: '2026-12-01T13:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    await deliverOutbox(server);
    const after = google.liveEvents(PRIMARY).filter((e) => e.iCalUID === booking.icalUid) as Array<Record<string, any>>;
    expect(after).to.have.length(1);
    expect(after[0]!.hangoutLink).to.equal(event!.hangoutLink);
    expect(await server.deps.db('meeting_conferences').where({ booking_id: booking.id }).select('provider', 'join_url')).to.deep.equal([{ provider: 'google_meet', join_url: event!.hangoutLink }]);
  });

  it('asks for no conference for event types without Meet, and refuses Zoom when it is not configured', async () => {
    const other = await createEventType(call, host.token, { slug: 'plain', durationMinutes: 30 });
    const res = await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'plain', start: '2026-12-02T09:00:00Z', invitee: { name: 'P', email: 'p@example.org', timezone: 'UTC' } } });
    await deliverOutbox(server);
    const [event] = google.liveEvents(PRIMARY).filter((e) => e.iCalUID === res.body.icalUid) as Array<Record<string, any>>;
    expect(event).to.not.equal(undefined);
    expect(event!.conferenceData).to.equal(undefined);
    expect(event!.hangoutLink).to.equal(undefined);
    expectProblem(await call('PUT', `/api/event-types/${other.id}/location`, { token: host.token, body: { kind: 'zoom' } }), 501, 'not_configured');
  });
});
