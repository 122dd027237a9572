import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import { hashSecret, generateSecret } from '../../../../core/auth/secrets.js';
import { setEventTypeNotifications } from '../../../../core/notify/reminders/service.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';
import { emailsTo } from '../calendars/helpers.js';

/**
 * Calendly and Cal.com let an invitee reschedule or cancel from any e-mail about the meeting, not
 * only the first. The database keeps only a hash of the manage token, so later e-mails carry a
 * token recomputed from the server's secret (core/booking/manageTokens.ts) — and fall back to the
 * read-only summary for a token that cannot be recomputed.
 */
describe('manage links in every e-mail to an invitee, not only the first', () => {
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  const linkIn = (text: string, label: string) => new URL(new RegExp(`^${label}: (\\S+)$`, 'm').exec(text)![1]!);
  const open = (url: URL) => fetch(`${server.url}${url.pathname}${url.search}`);
  const payloadsOf = async (bookingId: string, prefix: string) =>
    (await server.deps.db('outbox').where({ booking_id: bookingId }).whereLike('idempotency_key', `${prefix}%`).select('payload')).map((r: { payload: unknown }) =>
      (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { to: string; text: string },
    );

  before(async function () {
    this.timeout(60_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'mlhost', { timezone: 'UTC' });
    const intro = await createEventType(call, host.token, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    await setEventTypeNotifications(server.deps.db, host.user.id, intro.id, { reminders: [{ minutesBefore: 60, channel: 'email' }], followUps: [] });
    await createEventType(call, host.token, { slug: 'class', title: 'Class', kind: 'group', seats: 3, durationMinutes: 60 });
  });
  after(() => server.close());

  it("a reschedule notice and the reminders carry the invitee's own manage token, which opens the page with its actions", async () => {
    const made = await call('POST', '/api/meetings/schedule', { body: { user: 'mlhost', eventType: 'intro', start: '2026-11-26T10:00:00Z', invitee: invitee(1) } });
    expect(made.status, made.text).to.equal(201);
    const { id, manageToken } = made.body as { id: string; manageToken: string };
    const moved = await call('POST', `/api/meetings/${id}/reschedule`, { token: host.token, body: { start: '2026-11-26T11:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);

    const [notice] = await emailsTo(server, invitee(1).email, `email:${id}:rescheduled:`);
    const manage = linkIn(notice!.text, 'View meeting');
    expect(manage.searchParams.get('token'), 'the token told at booking, not a new one').to.equal(manageToken);
    expect(linkIn(notice!.text, 'Reschedule').pathname).to.equal(`/meetings/${id}/reschedule`);
    const page = await open(manage);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('Cancel meeting');

    // The reminder planned for the new time: the invitee's carries the token, the host's does not.
    const reminders = await payloadsOf(id, 'reminder:');
    const toInvitee = reminders.find((r) => r.to === invitee(1).email)!;
    expect(toInvitee.text).to.include(`/meetings/${id}?token=${encodeURIComponent(manageToken)}`);
    const toHost = reminders.find((r) => r.to === host.user.email)!;
    expect(toHost.text).to.include(`/meetings/${id}`).and.not.include('token=');

    // The token still works for the invitee's own actions.
    const canceled = await call('POST', `/api/meetings/${id}/cancel?token=${encodeURIComponent(manage.searchParams.get('token')!)}`, { body: {} });
    expect(canceled.status, canceled.text).to.equal(200);
  });

  it('each attendee of a group session gets their own token when the host moves it, never another seat holder’s', async () => {
    const seats = [];
    for (const n of [2, 3]) {
      const res = await call('POST', '/api/meetings/schedule', { body: { user: 'mlhost', eventType: 'class', start: '2026-11-27T10:00:00Z', invitee: invitee(n) } });
      expect(res.status, res.text).to.equal(201);
      seats.push(res.body as { id: string; manageToken: string });
    }
    const sessionId = seats[0]!.id;
    const moved = await call('POST', `/api/meetings/${sessionId}/reschedule`, { token: host.token, body: { start: '2026-11-27T12:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    for (const [i, n] of [2, 3].entries()) {
      const [notice] = await emailsTo(server, invitee(n).email, `email:${sessionId}:rescheduled:`);
      expect(linkIn(notice!.text, 'View meeting').searchParams.get('token')).to.equal(seats[i]!.manageToken);
    }
  });

  it('a token that cannot be recomputed (issued at random, or under another secret) is never guessed: the read-only summary instead', async () => {
    const made = await call('POST', '/api/meetings/schedule', { body: { user: 'mlhost', eventType: 'intro', start: '2026-11-30T10:00:00Z', invitee: invitee(4) } });
    const id = made.body.id as string;
    await server.deps.db('booking_attendees').where({ booking_id: id }).update({ manage_token_hash: hashSecret(generateSecret('yava_mt_')) });
    const moved = await call('POST', `/api/meetings/${id}/reschedule`, { token: host.token, body: { start: '2026-11-30T11:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    const [notice] = await emailsTo(server, invitee(4).email, `email:${id}:rescheduled:`);
    const view = linkIn(notice!.text, 'View meeting');
    expect(view.searchParams.get('token')).to.equal(null);
    expect(view.searchParams.get('view')).to.be.a('string');
    expect(notice!.text).not.to.match(/^Reschedule:|^Cancel:/m);
    expect((await open(view)).status).to.equal(200);
    const reminder = (await payloadsOf(id, 'reminder:')).find((r) => r.to === invitee(4).email)!;
    expect(reminder.text).to.include('?view=').and.not.include('token=');
  });
});
