import { expect } from 'chai';
import { DAVClient } from 'tsdav';
import type { RunningServer } from '../../../server/compose.js';
import { createFixedClock } from '../../../core/clock.js';
import { setEventTypeNotifications } from '../../../core/notify/reminders/service.js';
import { startRadicale, type RadicaleServer } from '../../fakes/radicale.js';
import { resetTestDb } from '../../helpers/db.js';
import { createEventType, createHost } from '../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../helpers/server.js';
import { deliverOutbox, emailsTo } from '../../api/routes/calendars/helpers.js';

/**
 * A team booking given to another member: the meeting is the same (id, time, invitee), so what
 * must follow is everything that named the host — the e-mails, both hosts' calendars (a real
 * CalDAV server), the reminders, the webhooks and the in-app feed.
 */
describe('assigning a booking to another host tells everyone and moves the calendar event', () => {
  let server: RunningServer;
  let call: ApiCall;
  let dav: RadicaleServer;
  type Host = Awaited<ReturnType<typeof createHost>>;
  let boss: Host, ann: Host, ben: Host;
  const calendars: Record<string, string> = {};
  const guest = { name: 'Gus Guest', email: 'gus@example.org', timezone: 'Europe/Paris' };

  const objectsIn = async (user: string) => {
    const client = new DAVClient({ serverUrl: dav.url, credentials: { username: user, password: `${user}-pw` }, authMethod: 'Basic', defaultAccountType: 'caldav' });
    await client.login();
    return client.fetchCalendarObjects({ calendar: { url: calendars[user]! } as never });
  };
  const pendingReminderRecipients = async (bookingId: string) =>
    (await server.deps.db('outbox').where({ booking_id: bookingId, status: 'pending' }).whereLike('idempotency_key', 'reminder:%').select('payload'))
      .map((r: { payload: unknown }) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).to as string)
      .sort();

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    dav = await startRadicale({ 'as-ann': 'as-ann-pw', 'as-ben': 'as-ben-pw' });
    for (const user of ['as-ann', 'as-ben']) calendars[user] = await dav.makeCalendar(user, `${user}-pw`, 'work', 'Work');
    server = await startTestServer({ clock: createFixedClock('2026-11-24T10:00:00Z'), env: { CALDAV_ALLOW_PRIVATE_URLS: 'on' } });
    call = apiClient(server.url);
    boss = await createHost(call, 'as-boss');
    ann = await createHost(call, 'as-ann');
    ben = await createHost(call, 'as-ben');
    const team = await call('POST', '/api/teams', { token: boss.token, body: { slug: 'as', name: 'AS', members: [{ username: 'as-ann', priority: 5 }, { username: 'as-ben' }] } });
    expect(team.status, team.text).to.equal(201);
    const eventType = await createEventType(call, boss.token, { slug: 'demo', title: 'Demo', teamSlug: 'as', kind: 'round_robin', hosts: ['as-ann', 'as-ben'] });
    await setEventTypeNotifications(server.deps.db, boss.user.id, eventType.id, { reminders: [{ minutesBefore: 60, channel: 'email' }], followUps: [] });
    const ask = await createEventType(call, boss.token, { slug: 'ask', title: 'Ask', teamSlug: 'as', kind: 'round_robin', hosts: ['as-ann', 'as-ben'], requiresApproval: true });
    await setEventTypeNotifications(server.deps.db, boss.user.id, ask.id, { reminders: [{ minutesBefore: 60, channel: 'email' }], followUps: [] });
    for (const host of [ann, ben]) {
      const res = await call('POST', '/api/calendars/connect', { token: host.token, body: { provider: 'caldav', url: dav.url, username: host.username, password: `${host.username}-pw` } });
      expect(res.status, res.text).to.equal(201);
    }
  });
  after(async () => {
    await server?.close();
    await dav?.stop();
  });

  it('e-mails the invitee, the new host and the former one (an ICS CANCEL), moves the event between their calendars, and a sync keeps the booking', async function () {
    this.timeout(60_000);
    const made = await call('POST', '/api/meetings/schedule', { body: { team: 'as', eventType: 'demo', start: '2026-11-26T10:00:00Z', invitee: guest } });
    expect(made.status, made.text).to.equal(201);
    expect(made.body.hosts.map((h: { username: string }) => h.username)).to.deep.equal(['as-ann']);
    const id = made.body.id as string;
    await deliverOutbox(server);
    expect((await objectsIn('as-ann')).map((o) => o.data)).to.have.length(1);
    expect(await objectsIn('as-ben')).to.have.length(0);
    expect(await pendingReminderRecipients(id)).to.deep.equal(['as-ann@example.com', 'gus@example.org']);

    const res = await call('POST', `/api/meetings/${id}/assign`, { token: boss.token, body: { username: 'as-ben', reason: 'Ben speaks French' } });
    expect(res.status, res.text).to.equal(200);

    const key = `email:${id}:reassigned:`;
    const [toGuest] = await emailsTo(server, guest.email, key);
    expect(toGuest!.subject).to.match(/^New host: Demo with /);
    expect(toGuest!.text).to.include(`Your meeting is now with ${ben.user.name} instead of ${ann.user.name}. The time is unchanged.`);
    expect(toGuest!.text, "the admin's reason is for the hosts").not.to.include('Ben speaks French');
    // A later e-mail carries the invitee's manage token again (recomputed), so it can still reschedule or cancel.
    const manage = new URL(/^View meeting: (\S+)$/m.exec(toGuest!.text)![1]!);
    expect(manage.searchParams.get('token')).to.match(/^yava_mt_/);
    expect(toGuest!.text).to.match(/^Reschedule: \S+\/reschedule\?token=yava_mt_/m);
    const page = await fetch(`${server.url}${manage.pathname}${manage.search}`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('Demo').and.include('Cancel meeting');
    const [toBen] = await emailsTo(server, 'as-ben@example.com', key);
    expect(toBen!.subject).to.equal('Assigned to you: Demo with Gus Guest');
    expect(toBen!.text).to.include('Reason: Ben speaks French');
    const [toAnn] = (await emailsTo(server, 'as-ann@example.com', key)) as unknown as Array<{ subject: string; text: string; ics: string; icsMethod: string }>;
    expect(toAnn!.subject).to.equal('Reassigned: Demo with Gus Guest');
    expect(toAnn!.text).to.include(`is now hosted by ${ben.user.name}, so it is off your calendar`);
    expect(toAnn!.text).not.to.match(/^Reschedule:|^Cancel:/m);
    expect(toAnn).to.include({ icsMethod: 'CANCEL' });
    expect(toAnn!.ics).to.include('METHOD:CANCEL').and.to.include(`UID:${made.body.icalUid}`);

    // Reminders: the former host's are withdrawn, the new host gets one, the invitee keeps one.
    expect(await pendingReminderRecipients(id)).to.deep.equal(['as-ben@example.com', 'gus@example.org']);

    await deliverOutbox(server);
    expect(await objectsIn('as-ann'), "the former host's calendar no longer holds it").to.have.length(0);
    const benEvents = await objectsIn('as-ben');
    expect(benEvents).to.have.length(1);
    expect(benEvents[0]!.data).to.include(`UID:${made.body.icalUid}`);
    const synced = await call('POST', '/api/calendars/sync', { token: ann.token });
    expect(synced.status, synced.text).to.equal(200);
    const after = await call('GET', `/api/meetings/${id}`, { token: ben.token });
    expect(after.body).to.include({ status: 'scheduled' });
    expect(after.body.hosts.map((h: { username: string }) => h.username)).to.deep.equal(['as-ben']);
  });

  it("a sync of the former host's calendar that sees the event gone before we recorded removing it does not cancel the meeting", async function () {
    this.timeout(60_000);
    const made = await call('POST', '/api/meetings/schedule', { body: { team: 'as', eventType: 'demo', start: '2026-11-30T10:00:00Z', invitee: guest } });
    expect(made.status, made.text).to.equal(201);
    await deliverOutbox(server);
    const [event] = (await objectsIn('as-ann')).filter((o) => o.data.includes(`UID:${made.body.icalUid}`));
    expect(event, "the event in the first host's calendar").to.exist;
    const res = await call('POST', `/api/meetings/${made.body.id}/assign`, { token: boss.token, body: { username: 'as-ben', reason: 'swap' } });
    expect(res.status, res.text).to.equal(200);
    // The removal reached the provider, and a sync ran before the sender recorded it (a crash in between).
    const removed = await fetch(event!.url, { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('as-ann:as-ann-pw').toString('base64')}` } });
    expect(removed.status).to.be.oneOf([200, 204]);
    const synced = await call('POST', '/api/calendars/sync', { token: ann.token });
    expect(synced.status, synced.text).to.equal(200);
    const after = await call('GET', `/api/meetings/${made.body.id}`, { token: ben.token });
    expect(after.body, 'still booked, now with the new host').to.include({ status: 'scheduled' });
    await deliverOutbox(server);
    expect((await objectsIn('as-ben')).filter((o) => o.data.includes(`UID:${made.body.icalUid}`))).to.have.length(1);
  });

  it('announces booking.reassigned to both hosts (webhook events with previousHosts, in-app notices)', async () => {
    const made = await call('POST', '/api/meetings/schedule', { body: { team: 'as', eventType: 'demo', start: '2026-11-27T10:00:00Z', invitee: guest } });
    expect(made.status, made.text).to.equal(201);
    const res = await call('POST', `/api/meetings/${made.body.id}/assign`, { token: boss.token, body: { username: 'as-ben', reason: 'swap' } });
    expect(res.status, res.text).to.equal(200);
    const events = await server.deps.db('webhook_events').where({ type: 'booking.reassigned' }).whereRaw("body::jsonb #>> '{data,booking,id}' = ?", [made.body.id]).select('user_id', 'body');
    expect(events.map((e: { user_id: string }) => e.user_id).sort()).to.deep.equal([ann.user.id, ben.user.id].sort());
    const body = typeof events[0].body === 'string' ? JSON.parse(events[0].body) : events[0].body;
    expect(body.data.booking.hosts.map((h: { id: string }) => h.id)).to.deep.equal([ben.user.id]);
    expect(body.data.previousHosts.map((h: { id: string }) => h.id)).to.deep.equal([ann.user.id]);
    const notices = await server.deps.db('inapp_notifications').where({ booking_id: made.body.id, kind: 'booking.reassigned' }).select('user_id', 'body');
    expect(notices.map((n: { user_id: string }) => n.user_id).sort()).to.deep.equal([ann.user.id, ben.user.id].sort());
    expect(notices[0].body).to.include(`Now hosted by ${ben.user.name}.`);
  });

  it('a request given to another host stays a request: the e-mails carry no invite and no reminder is planned', async () => {
    const made = await call('POST', '/api/meetings/schedule', { body: { team: 'as', eventType: 'ask', start: '2026-12-01T10:00:00Z', invitee: guest } });
    expect(made.status, made.text).to.equal(201);
    expect(made.body.status).to.equal('pending');
    const res = await call('POST', `/api/meetings/${made.body.id}/assign`, { token: boss.token, body: { username: 'as-ben', reason: 'swap' } });
    expect(res.status, res.text).to.equal(200);
    const mails = (await server.deps.db('outbox').where({ booking_id: made.body.id, channel: 'email' }).whereLike('idempotency_key', `email:${made.body.id}:reassigned:%`).select('payload')).map(
      (r: { payload: unknown }) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { to: string; ics: string | null },
    );
    expect(mails.map((m) => [m.to, m.ics]).sort()).to.deep.equal([['as-ann@example.com', null], ['as-ben@example.com', null], [guest.email, null]]);
    expect(await pendingReminderRecipients(made.body.id), 'no reminders before it is approved').to.deep.equal([]);
  });
});
