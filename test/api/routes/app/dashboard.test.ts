import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { csrfOfPage, signedInWebClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('dashboard pages (/app, /app/meetings/:id, /app/week, /app/heatmap, settings)', () => {
  // Tuesday 24 Nov 2026, 08:00 UTC; the host works 09–17 in Berlin.
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let web: Awaited<ReturnType<typeof signedInWebClient>>;
  let pendingId: string;
  let bookedId: string;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    const host = await createHost(call, 'dana', { timezone: 'Europe/Berlin' });
    await createEventType(call, host.token, { slug: 'intro', title: 'Intro call' });
    await createEventType(call, host.token, { slug: 'vip', title: 'VIP call', requiresApproval: true });
    const book = (eventType: string, start: string, name: string, timezone: string) =>
      call('POST', '/api/meetings/schedule', { body: { user: 'dana', eventType, start, invitee: { name, email: `${name.toLowerCase()}@example.org`, timezone } } });
    pendingId = (await book('vip', '2026-11-25T09:00:00Z', 'Penny', 'America/New_York')).body.id;
    bookedId = (await book('intro', '2026-11-24T13:00:00Z', 'Tokyo', 'Asia/Tokyo')).body.id;
    web = await signedInWebClient(server.url, 'dana@example.com');
  });
  after(async () => {
    await server?.close();
  });

  it('shows today\u2019s agenda and the request to approve, and approves it', async () => {
    const home = await web.request('GET', '/app');
    expect(home.status).to.equal(200);
    const today = home.text.slice(home.text.indexOf('id="today"'), home.text.indexOf('id="requests"'));
    expect(today).to.include('Intro call').and.include('14:00');
    expect(home.text).to.include(`/app/meetings/${pendingId}/approve`);
    const approved = await web.request('POST', `/app/meetings/${pendingId}/approve`, { form: { _csrf: csrfOfPage(home.text) } });
    expect(approved.headers.get('location')).to.equal('/app?done=approved');
    expect((await server.deps.db('bookings').where({ id: pendingId }).first()).status).to.equal('scheduled');
    const after = await web.request('GET', '/app?done=approved');
    expect(after.text).to.include('No requests waiting');
  });

  it('filters meetings by status', async () => {
    const canceledOnly = await web.request('GET', '/app?scope=upcoming&status=canceled');
    expect(canceledOnly.text).to.include('No meetings here');
    const scheduled = await web.request('GET', '/app?scope=upcoming&status=scheduled');
    expect(scheduled.text).to.include(`/app/meetings/${bookedId}`);
    // The plain Upcoming list leaves canceled meetings to their own filter.
    const gone = (await call('POST', '/api/meetings/schedule', { body: { user: 'dana', eventType: 'intro', start: '2026-11-30T10:00:00Z', invitee: { name: 'Gone', email: 'gone@example.org', timezone: 'UTC' } } })).body;
    expect((await call('POST', `/api/meetings/${gone.id}/cancel?token=${gone.manageToken}`, { body: {} })).status).to.equal(200);
    expect((await web.request('GET', '/app?scope=upcoming')).text).to.include(`/app/meetings/${bookedId}`).and.not.include(`/app/meetings/${gone.id}`);
    expect((await web.request('GET', '/app?scope=upcoming&status=canceled')).text).to.include(`/app/meetings/${gone.id}`);
  });

  it('summarises a meeting in the viewer\u2019s and the attendee\u2019s zone, and refuses a stale form with 412', async () => {
    const page = await web.request('GET', `/app/meetings/${bookedId}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Tuesday 24 November 2026, 14:00–14:30 (Europe/Berlin)').and.include('Tuesday 24 November 2026, 22:00–22:30 (Asia/Tokyo)');
    const version = Number(/name="version" value="(\d+)"/.exec(page.text)![1]);
    const saved = await web.request('POST', `/app/meetings/${bookedId}/notes`, { form: { _csrf: csrfOfPage(page.text), version: String(version), hostNotes: 'Ask about the budget' } });
    expect(saved.status).to.equal(303);
    const stale = await web.request('POST', `/app/meetings/${bookedId}/cancel`, { form: { _csrf: csrfOfPage(page.text), version: String(version) } });
    expect(stale.status).to.equal(412);
    expect(stale.text).to.include('changed since you loaded it');
    expect((await server.deps.db('bookings').where({ id: bookedId }).first()).status).to.equal('scheduled');
  });

  it('reschedules from the summary page', async () => {
    const picker = await web.request('GET', `/app/meetings/${bookedId}/reschedule`);
    const start = /name="start" value="([^"]+)"/.exec(picker.text)![1]!;
    const version = /name="version" value="(\d+)"/.exec(picker.text)![1]!;
    const moved = await web.request('POST', `/app/meetings/${bookedId}/reschedule`, { form: { _csrf: csrfOfPage(picker.text), version, start } });
    expect(moved.headers.get('location')).to.equal(`/app/meetings/${bookedId}?done=rescheduled`);
    expect(new Date((await server.deps.db('bookings').where({ id: bookedId }).first()).start_at).toISOString()).to.equal(new Date(start).toISOString());
    // The same form sent again (the back button): nothing changes, and the page says so.
    const page = await web.request('GET', `/app/meetings/${bookedId}`);
    const current = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    const again = await web.request('POST', `/app/meetings/${bookedId}/reschedule`, { form: { _csrf: csrfOfPage(page.text), version: current, start } });
    expect(again.headers.get('location')).to.equal(`/app/meetings/${bookedId}?done=unchanged`);
    expect((await web.request('GET', again.headers.get('location')!)).text).to.include('nothing changed, nobody was told');
  });

  it('offers times in the weeks around a meeting far ahead, and later or earlier weeks on request', async () => {
    const far = (await call('POST', '/api/meetings/schedule', { body: { user: 'dana', eventType: 'intro', start: '2026-12-16T10:00:00Z', invitee: { name: 'Far', email: 'far@example.org', timezone: 'UTC' } } })).body.id;
    const starts = (text: string) => [...text.matchAll(/name="start" value="([^"]+)"/g)].map((m) => m[1]!.slice(0, 10));
    const around = await web.request('GET', `/app/meetings/${far}/reschedule`);
    expect(around.text).to.include('13 Dec–19 Dec 2026');
    expect(new Set(starts(around.text))).to.include('2026-12-15').and.include('2026-12-17').and.not.include('2026-11-25');
    const later = /href="([^"]+)">Later →/.exec(around.text)![1]!;
    expect(starts((await web.request('GET', later)).text)).to.include('2026-12-21');
    const earlier = /href="([^"]+)">← Earlier/.exec(around.text)![1]!;
    expect(starts((await web.request('GET', earlier)).text)).to.include('2026-12-07');
    // Never before today, whatever is asked.
    const past = await web.request('GET', `/app/meetings/${far}/reschedule?from=2026-01-01`);
    expect(past.text).to.include('24 Nov–30 Nov 2026').and.not.include('← Earlier');
  });

  it('lays out the week with meetings and free time, and the busy/free heatmap', async () => {
    const week = await web.request('GET', '/app/week?from=2026-11-23');
    expect(week.status).to.equal(200);
    expect((week.text.match(/class="day/g) ?? []).length).to.equal(7);
    expect(week.text).to.include('VIP call').and.include('Free 09:00');
    expect(week.text).to.include('data-key="next" href="/app/week?from=2026-11-30"');
    const heat = await web.request('GET', '/app/heatmap');
    expect(heat.status).to.equal(200);
    expect(heat.text).to.match(/class="heat-[1-3]"/);
  });

  it('leaves past hours out of the week\u2019s free time and shows the time a calendar holds', async () => {
    const { db } = server.deps;
    const dana = (await db('users').where({ username: 'dana' }).first()).id;
    // Tuesday 12:30 Berlin; the calendar holds Wednesday 25 Nov 10:00–11:00 Berlin.
    clock.set('2026-11-24T11:30:00Z');
    await db('external_busy').insert({ user_id: dana, source: 'google', external_id: 'week-page', busy: db.raw("tstzrange('2026-11-25T09:00:00Z', '2026-11-25T10:00:00Z')") });
    try {
      const week = await web.request('GET', '/app/week?from=2026-11-23');
      const day = (date: string) => week.text.split('<section class="day').find((part) => part.includes(date)) ?? '';
      expect(day('Monday 23 Nov')).to.include('Past').and.not.include('Free');
      expect(day('Tuesday 24 Nov')).to.not.match(/Free (09|10|11):/);
      expect(day('Wednesday 25 Nov')).to.include('Busy in your calendar 10:00–11:00').and.include('Free 09:00–10:00').and.include('Free 11:00');
      // In the order they happen: 09:00 free, 10:00 calendar, 11:00 free.
      const wednesday = day('Wednesday 25 Nov');
      expect(wednesday.indexOf('Free 09:00')).to.be.below(wednesday.indexOf('Busy in your calendar')).and.below(wednesday.indexOf('Free 11:00'));
    } finally {
      clock.set('2026-11-24T08:00:00Z');
      await db('external_busy').where({ external_id: 'week-page' }).delete();
    }
  });

  it('saves working hours and an event type from their forms', async () => {
    const hours = await web.request('GET', '/app/hours');
    const res = await web.request('POST', '/app/hours', { form: { _csrf: csrfOfPage(hours.text), timezone: 'Europe/Berlin', mon_start: '08:00', mon_end: '12:00', tue_start: '', tue_end: '' } });
    expect(res.headers.get('location')).to.equal('/app/hours?saved=1');
    const schedule = await server.deps.services.scheduling.getSchedule((await server.deps.db('users').where({ username: 'dana' }).first()).id);
    expect(schedule.weekly).to.deep.equal([{ day: 'mon', start: '08:00', end: '12:00' }]);
    // Every range of a day is on the form, so saving it unchanged keeps them (it once kept only the first).
    const uidOf = async () => (await server.deps.db('users').where({ username: 'dana' }).first()).id as string;
    const split = [{ day: 'wed', start: '09:00', end: '12:00' }, { day: 'wed', start: '13:00', end: '17:00' }] as const;
    await server.deps.services.scheduling.saveSchedule(await uidOf(), { timezone: 'Europe/Berlin', weekly: [...split] });
    const form = await web.request('GET', '/app/hours');
    const fields = Object.fromEntries([...form.text.matchAll(/name="([a-z]{3}_(?:start|end)(?:_\d)?)" type="time" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    expect(fields).to.include({ wed_start: '09:00', wed_end: '12:00', wed_start_2: '13:00', wed_end_2: '17:00', wed_start_3: '' });
    await web.request('POST', '/app/hours', { form: { _csrf: csrfOfPage(form.text), timezone: 'Europe/Berlin', ...fields, fri_start: '10:00', fri_end: '11:00', fri_start_2: '14:00', fri_end_2: '15:00' } });
    expect((await server.deps.services.scheduling.getSchedule(await uidOf())).weekly).to.deep.equal([
      ...split,
      { day: 'fri', start: '10:00', end: '11:00' },
      { day: 'fri', start: '14:00', end: '15:00' },
    ]);
    // A zone that does not exist: nothing saved, the form comes back with what was typed and the error.
    const refused = await web.request('POST', '/app/hours', { form: { _csrf: csrfOfPage(form.text), timezone: 'Mars/Base', ...fields, sat_start: '10:00', sat_end: '12:00' } });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.include('value="Mars/Base"').and.include('id="sat_start" name="sat_start" type="time" value="10:00"').and.include('aria-invalid="true"');
    expect((await server.deps.services.scheduling.getSchedule(await uidOf())).weekly.some((r) => r.day === 'sat')).to.equal(false);
    const types = await web.request('GET', '/app/event-types');
    const id = /action="\/app\/event-types\/([0-9a-f-]+)"/.exec(types.text)![1]!;
    await web.request('POST', `/app/event-types/${id}`, { form: { _csrf: csrfOfPage(types.text), title: 'First chat', durationMinutes: '45', isPublic: 'on' } });
    const row = await server.deps.db('event_types').where({ id }).first();
    expect(row).to.include({ title: 'First chat', duration_minutes: 45, is_public: true, requires_approval: false });
  });

  it('shows notification preferences and billing history; admins suspend and restore users, others get 403', async () => {
    const notifications = (await web.request('GET', '/app/notifications')).text;
    expect(notifications).to.include('type="checkbox"').and.include('value="sms:reminder"').and.include('value="email:host_invitation"');
    // The invitation to host is only e-mailed: no box for it on SMS, push or chat, where it would change nothing.
    expect(notifications).not.to.match(/value="(sms|push|chat):host_invitation"/);
    expect(notifications).to.include('host invitation is not sent by sms');
    expect((await web.request('GET', '/app/billing')).text).to.include('No payments yet');
    const dana = await server.deps.db('users').where({ username: 'dana' }).first('id');
    const party = { name: 'Dana', email: 'dana@example.com', timezone: 'Asia/Tokyo' };
    await server.deps.db('invoices').insert({ host_user_id: dana.id, number: 1, seller: JSON.stringify(party), buyer: JSON.stringify(party), description: 'Coaching', subtotal_minor: 12000, total_minor: 12000, currency: 'JPY', issued_at: new Date('2026-11-23T20:00:00Z') });
    const history = (await web.request('GET', '/app/billing')).text;
    expect(history, 'yen have no minor unit; the day is the seller\'s').to.include('<td>2026-11-24</td><td>Coaching</td><td>JPY 12,000</td>');
    await server.deps.db('invoices').where({ host_user_id: dana.id }).delete();
    // dana registered first, so dana is the admin.
    expect((await web.request('GET', '/app/admin')).text).to.include('@dana');
    await createHost(call, 'otto', { timezone: 'UTC' });
    const other = await signedInWebClient(server.url, 'otto@example.com');
    expect((await other.request('GET', '/app/admin')).status, 'not for users').to.equal(403);
    const adminPage = await web.request('GET', '/app/admin?q=otto');
    const suspended = await web.request('POST', '/app/admin/users/otto/suspend', { form: { _csrf: csrfOfPage(adminPage.text), reason: 'Spam' } });
    expect(suspended.headers.get('location')).to.equal('/app/admin?done=suspended');
    expect((await other.request('GET', '/app')).status, 'a suspended account is signed out').to.equal(303);
    expect((await server.deps.db('audit_log').where({ action: 'user.suspend' }).count({ n: '*' }).first())!.n).to.not.equal(0);
    await web.request('POST', '/app/admin/users/otto/restore', { form: { _csrf: csrfOfPage(adminPage.text) } });
    expect((await server.deps.db('users').where({ username: 'otto' }).first()).suspended_at).to.equal(null);
  });

  it('lists connected calendars and passes a connect request to core/calendars (which says what is not configured)', async () => {
    const page = await web.request('GET', '/app/calendars');
    expect(page.text).to.include('No calendar connected yet');
    const res = await web.request('POST', '/app/calendars/connect', { form: { _csrf: csrfOfPage(page.text), provider: 'google' } });
    expect(res.status).to.equal(501);
    expect(res.text).to.include('GOOGLE_CLIENT_ID');
  });

  it('shows when a calendar last synced in the reader\u2019s zone, and why its last sync failed', async () => {
    const { db } = server.deps;
    const dana = (await db('users').where({ username: 'dana' }).first()).id;
    const [conn] = await db('calendar_connections')
      .insert({ user_id: dana, provider: 'caldav', account: 'dana@dav.example', credentials: 'sealed', last_synced_at: new Date('2026-11-24T07:05:00Z'), last_error: 'the server answered 503' })
      .returning('id');
    try {
      const page = await web.request('GET', '/app/calendars');
      expect(page.text).to.include('Last synced Tue 24 Nov, 08:05 (Europe/Berlin)');
      expect(page.text).to.include('The last sync failed: the server answered 503.');
      await db('calendar_connections').where({ id: conn.id }).update({ last_error: null });
      expect((await web.request('GET', '/app/calendars')).text).not.to.include('The last sync failed');
    } finally {
      await db('calendar_connections').where({ id: conn.id }).delete();
    }
  });
});
