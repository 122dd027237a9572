import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

/**
 * Cal.com's tracker shows reminders sent after people opted out. Notices are planned when a
 * meeting is booked, so a later choice — a kind turned off, an unsubscribe link, quiet hours —
 * must reach the rows already planned, in the same transaction as the choice.
 */
describe('reminders already planned follow later preference changes', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let host: Awaited<ReturnType<typeof registerUser>>;
  let bookingId: string;
  const GUEST = 'ivy@example.org';

  /** The pending reminder rows of the booking: recipient → due instants. */
  const pending = async () => {
    const rows: Array<{ payload: unknown; next_attempt_at: Date }> = await server.deps.db('outbox').where({ booking_id: bookingId, status: 'pending' }).whereLike('idempotency_key', 'reminder:%').orderBy('next_attempt_at');
    const out: Record<string, string[]> = {};
    for (const r of rows) {
      const to = ((typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { to: string }).to;
      (out[to] ??= []).push(new Date(r.next_attempt_at).toISOString());
    }
    return out;
  };
  const prefs = (body: Record<string, unknown>) => call('PUT', '/api/notifications/preferences', { token: host.accessToken, body });

  before(async function () {
    this.timeout(60_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { PUBLIC_URL: 'http://yava.test' } });
    call = apiClient(server.url);
    host = await registerUser(call, { name: 'Hela', username: 'hela', email: 'hela@example.com', timezone: 'Europe/Berlin' });
    const et = await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    const rules = await call('PUT', `/api/event-types/${et.id}/notifications`, { token: host.accessToken, body: { reminders: [{ minutesBefore: 1440, channel: 'email' }, { minutesBefore: 60, channel: 'email' }] } });
    expect(rules.status, rules.text).to.equal(200);
    // Thursday 26 Nov, 10:00 Berlin (09:00Z): reminders at Wed 09:00Z and Thu 08:00Z.
    const made = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: { name: 'Ivy', email: GUEST, timezone: 'UTC' } });
    bookingId = made.booking.id;
  });
  after(() => server.close());

  it('turning e-mail reminders off withdraws the host’s planned ones (not the guest’s); turning them on plans them again', async () => {
    const both = ['2026-11-25T09:00:00.000Z', '2026-11-26T08:00:00.000Z'];
    expect(await pending()).to.deep.equal({ 'hela@example.com': both, [GUEST]: both });
    expect((await prefs({ preferences: [{ channel: 'email', kind: 'reminder', enabled: false }] })).status).to.equal(200);
    expect(await pending()).to.deep.equal({ [GUEST]: both });
    expect((await prefs({ preferences: [{ channel: 'email', kind: 'reminder', enabled: true }] })).status).to.equal(200);
    expect(await pending()).to.deep.equal({ 'hela@example.com': both, [GUEST]: both });
  });

  it('quiet hours set later reach planned reminders: one due in them that would wait until the meeting starts is dropped', async () => {
    expect((await prefs({ quietHours: { start: '08:00', end: '10:00' } })).status).to.equal(200);
    // Wed 10:00 Berlin is 09:00Z; Thu 09:00 Berlin (08:00Z) would wait until 10:00, the meeting's start: dropped.
    expect(await pending()).to.deep.equal({ 'hela@example.com': ['2026-11-25T09:00:00.000Z'], [GUEST]: ['2026-11-25T09:00:00.000Z', '2026-11-26T08:00:00.000Z'] });
    expect((await prefs({ quietHours: null })).status).to.equal(200);
  });

  it("a guest's unsubscribe link withdraws their planned reminders", async () => {
    const [row] = await server.deps.db('outbox').where({ booking_id: bookingId, status: 'pending' }).whereLike('idempotency_key', `reminder:%:${GUEST}:%`);
    const url = new URL((typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload).unsubscribeUrl as string);
    const res = await fetch(`${server.url}${url.pathname}`, { method: 'POST' });
    expect(res.status).to.be.below(400);
    expect(Object.keys(await pending())).to.deep.equal(['hela@example.com']);
  });
});
