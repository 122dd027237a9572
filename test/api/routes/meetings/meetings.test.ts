import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, verifyEmail, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';

describe('meetings API', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let host: Awaited<ReturnType<typeof createHost>>;
  const book = (body: Record<string, unknown>, headers: Record<string, string> = {}, token?: string) =>
    call('POST', '/api/meetings/schedule', { body: { user: 'mhost', eventType: 'intro', invitee: invitee(), ...body }, headers, token });

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'mhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'intro', title: 'Intro call', durationMinutes: 30, bufferAfterMinutes: 10, location: 'https://meet.example/ada' });
    await createEventType(call, host.token, { slug: 'approval', title: 'Needs approval', durationMinutes: 30, requiresApproval: true });
    await createEventType(call, host.token, { slug: 'soft', title: 'Soft hold', durationMinutes: 30, requiresApproval: true, pendingHoldsSlot: false });
  });
  after(() => server.close());

  describe('POST /api/meetings/schedule', () => {
    it('books a free slot: 201 with hosts, attendees, a manage token and an ICS uid', async () => {
      const res = await book({ start: '2026-11-25T09:00:00Z', notes: 'hello' });
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.include({ status: 'scheduled', start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z', title: 'Intro call', sequence: 0, location: 'https://meet.example/ada' });
      expect(res.body.hosts).to.deep.equal([{ username: 'mhost', name: host.user.name, timezone: 'UTC' }]);
      expect(res.body.attendees).to.deep.equal([{ name: 'Guest 1', email: 'guest1@example.org', timezone: 'Europe/Paris' }]);
      expect(res.body.manageToken).to.match(/^yava_mt_/);
      expect(res.body.icalUid).to.equal(`${res.body.id}@yava`);
      expect(res.body.links.manage).to.include(res.body.manageToken);
      const stored = await server.deps.db('booking_attendees').where({ booking_id: res.body.id }).first();
      expect(stored.manage_token_hash).to.have.length(64);
      expect(stored.manage_token_hash).not.to.include(res.body.manageToken);
      const hosts = await server.deps.db('booking_hosts').where({ booking_id: res.body.id });
      expect(hosts).to.have.length(1);
      expect(hosts[0].active).to.equal(true);
    });

    it('answers 409 slot_unavailable with a reason, a sentence saying why and the nearest free times', async () => {
      const refused = async (body: Record<string, unknown>, reason: string) => {
        const res = await book(body);
        expectProblem(res, 409, 'slot_unavailable');
        expect(res.body.reason, res.body.detail).to.equal(reason);
        expect(res.body.detail).to.match(/^That .+\. (Nearest free times: .+ \(Europe\/Paris\)|No free time nearby; try another day)\.$/);
        for (const alternative of res.body.alternatives) expect(alternative).to.have.keys('start', 'end');
        return res.body as { detail: string; alternatives: Array<{ start: string }> };
      };
      await refused({ start: '2026-11-25T09:00:00Z' }, 'taken');
      // The 10-minute buffer after 09:30 blocks 09:30.
      await refused({ start: '2026-11-25T09:30:00Z' }, 'taken');
      await refused({ start: '2026-11-25T20:00:00Z' }, 'outside_hours');
      await refused({ start: '2026-11-28T10:00:00Z' }, 'outside_hours'); // Saturday
      const offGrid = await refused({ start: '2026-11-25T10:10:00Z' }, 'off_grid');
      expect(offGrid.alternatives.map((a) => a.start)).to.include('2026-11-25T10:00:00.000Z');
      await refused({ start: '2026-11-24T09:00:00Z' }, 'in_past');
      await refused({ start: '2027-06-01T09:00:00Z' }, 'beyond_horizon');
      await createEventType(call, host.token, { slug: 'strict', durationMinutes: 30, minimumNoticeMinutes: 240, dailyLimit: 1 });
      await refused({ eventType: 'strict', start: '2026-11-24T12:00:00Z' }, 'too_soon');
      expect((await book({ eventType: 'strict', start: '2026-12-09T09:00:00Z' })).status).to.equal(201);
      await refused({ eventType: 'strict', start: '2026-12-09T13:00:00Z' }, 'limit_reached');
    });

    it('answers unknown users and event types with 404 and bad bodies with 400', async () => {
      expectProblem(await book({ user: 'ghost', start: '2026-11-25T11:00:00Z' }), 404, 'user_not_found');
      expectProblem(await book({ eventType: 'ghost', start: '2026-11-25T11:00:00Z' }), 404, 'event_type_not_found');
      expectProblem(await book({ user: undefined, team: 'ghost', start: '2026-11-25T11:00:00Z' }), 404, 'team_not_found');
      expectProblem(await book({ start: 'tomorrow' }), 400, 'validation_failed');
      expectProblem(await book({ start: '2026-11-25T11:00:00' }), 400, 'validation_failed');
      expectProblem(await book({ start: '2026-11-25T11:00:00Z', invitee: { name: 'x', email: 'nope', timezone: 'UTC' } }), 400, 'validation_failed');
      expectProblem(await book({ start: '2026-11-25T11:00:00Z', invitee: { name: 'x', email: 'x@y.org', timezone: 'Mars/Base' } }), 400, 'validation_failed');
    });

    it('records who booked when a Bearer token is sent', async () => {
      const other = await registerUser(call);
      const res = await book({ start: '2026-11-25T11:00:00Z' }, {}, other.accessToken);
      expect(res.status).to.equal(201);
      const row = await server.deps.db('bookings').where({ id: res.body.id }).first();
      expect(row.created_by_user_id).to.equal(other.user.id);
    });

    it('replays the first response for a retried Idempotency-Key and refuses the key with another body', async () => {
      const headers = { 'Idempotency-Key': 'retry-1' };
      const first = await book({ start: '2026-11-26T09:00:00Z' }, headers);
      expect(first.status).to.equal(201);
      const again = await book({ start: '2026-11-26T09:00:00Z' }, headers);
      expect(again.status).to.equal(201);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      const { manageToken: t1, links: l1, ...rest1 } = first.body;
      const { manageToken: t2, links: l2, ...rest2 } = again.body;
      expect(rest2).to.deep.equal(rest1);
      // The replay is the first response: the same manage token (the one in the invitee's e-mail), still working.
      expect(t2).to.equal(t1);
      expect(l2).to.deep.equal(l1);
      expect((await call('GET', `/api/meetings/${first.body.id}?token=${t1}`)).status).to.equal(200);
      expect(await server.deps.db('bookings').where({ start_at: new Date('2026-11-26T09:00:00Z') }).count('* as n').first()).to.deep.include({ n: 1 });
      expectProblem(await book({ start: '2026-11-26T10:00:00Z' }, headers), 409, 'idempotency_conflict');
    });

    it('scopes anonymous Idempotency-Keys by client address: another address gets no replay', async () => {
      const proxied = await startTestServer({ clock, env: { TRUST_PROXY: 'true' } });
      try {
        const c = apiClient(proxied.url);
        const send = (address: string) =>
          c('POST', '/api/meetings/schedule', { body: { user: 'mhost', eventType: 'intro', start: '2026-11-26T15:00:00Z', invitee: invitee(8) }, headers: { 'Idempotency-Key': 'shared-key', 'X-Forwarded-For': address } });
        const first = await send('203.0.113.1');
        expect(first.status, first.text).to.equal(201);
        expectProblem(await send('203.0.113.2'), 409, 'slot_unavailable');
        const again = await send('203.0.113.1');
        expect(again.status).to.equal(201);
        expect(again.headers.get('idempotent-replayed')).to.equal('true');
        expect(again.body.manageToken).to.equal(first.body.manageToken);
      } finally {
        await proxied.close();
      }
    });

    it('rate-limits bookings per address', async () => {
      const limited = await startTestServer({ clock, env: { RATE_LIMIT: 'on', RATE_LIMIT_BOOKING_PER_MINUTE: '2' } });
      try {
        const c = apiClient(limited.url);
        const body = { user: 'mhost', eventType: 'intro', start: '2026-11-20T09:00:00Z', invitee: invitee() };
        await c('POST', '/api/meetings/schedule', { body });
        await c('POST', '/api/meetings/schedule', { body });
        expectProblem(await c('POST', '/api/meetings/schedule', { body }), 429, 'rate_limited');
      } finally {
        await limited.close();
      }
    });
  });

  describe('GET /api/meetings/:id', () => {
    it('shows the meeting to a host, to the manage token holder, in the viewer zone, and to nobody else', async () => {
      const made = await book({ start: '2026-11-27T13:00:00Z' });
      const byHost = await call('GET', `/api/meetings/${made.body.id}?timezone=America/New_York`, { token: host.token });
      expect(byHost.status).to.equal(200);
      expect(byHost.body.local).to.deep.equal({ start: '2026-11-27T08:00:00-05:00', end: '2026-11-27T08:30:00-05:00', timezone: 'America/New_York' });
      expect(byHost.body.eventType).to.deep.include({ slug: 'intro', title: 'Intro call' });
      expect(byHost.body.statusHistory).to.have.length(1);
      expect(byHost.body.statusHistory[0]).to.include({ from: null, to: 'scheduled' });
      const byToken = await call('GET', `/api/meetings/${made.body.id}?token=${made.body.manageToken}`);
      expect(byToken.status).to.equal(200);
      expect(byToken.body.local.timezone).to.equal('Europe/Paris');
      // The invitee's links work as given (the same path on this test server).
      const follow = (link: string) => fetch(`${server.url}${new URL(link).pathname}${new URL(link).search}`);
      expect((await follow(byToken.body.links.manage)).status).to.equal(200);
      const ics = await follow(byToken.body.links.ics);
      expect(ics.status, byToken.body.links.ics).to.equal(200);
      expect(ics.headers.get('content-type')).to.match(/^text\/calendar/);
      const icsText = await ics.text();
      expect(icsText).to.include('BEGIN:VEVENT');
      // The event's own URL (what a calendar app links to) opens the meeting without a login.
      const eventUrl = /^URL;VALUE=URI:(.+)$/m.exec(icsText.replace(/\r\n[ \t]/g, ''))![1]!.trim();
      expect((await follow(eventUrl)).status, eventUrl).to.equal(200);
      const stranger = await registerUser(call);
      // Someone else's meeting answers as a missing one: an id proves nothing to an outsider.
      expectProblem(await call('GET', `/api/meetings/${made.body.id}`, { token: stranger.accessToken }), 404, 'booking_not_found');
      expectProblem(await call('GET', `/api/meetings/${made.body.id}?token=yava_mt_wrongwrongwrong`), 404, 'booking_not_found');
      expectProblem(await call('GET', `/api/meetings/${made.body.id}`), 401, 'unauthorized');
      expectProblem(await call('GET', '/api/meetings/00000000-0000-4000-8000-000000000000', { token: host.token }), 404, 'booking_not_found');
      expectProblem(await call('GET', '/api/meetings/not-a-uuid', { token: host.token }), 404, 'booking_not_found');
    });
  });

  describe('reschedule and cancel', () => {
    it('a host reschedules: same id and uid, sequence + 1, the old slot frees', async () => {
      const made = await book({ start: '2026-11-30T09:00:00Z' });
      const res = await call('POST', `/api/meetings/${made.body.id}/reschedule`, { token: host.token, body: { start: '2026-11-30T10:00:00Z' } });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ id: made.body.id, icalUid: made.body.icalUid, sequence: 1, start: '2026-11-30T10:00:00.000Z' });
      const hosts = await server.deps.db('booking_hosts').where({ booking_id: made.body.id }).select(server.deps.db.raw('lower(busy) as s'));
      expect(new Date(hosts[0].s).toISOString()).to.equal('2026-11-30T10:00:00.000Z');
      expect((await book({ start: '2026-11-30T09:00:00Z' })).status).to.equal(201);
      // Moving by one step, overlapping its own old buffer, is fine: it does not collide with itself.
      const again = await call('POST', `/api/meetings/${made.body.id}/reschedule`, { token: host.token, body: { start: '2026-11-30T10:30:00Z' } });
      expect(again.body).to.include({ sequence: 2, start: '2026-11-30T10:30:00.000Z' });
      expect(await server.deps.db('booking_hosts').where({ booking_id: made.body.id }).count('* as n').first()).to.deep.include({ n: 1 });
    });

    it('a refused reschedule names the nearest free times in the asked timezone, not the host\'s profile zone', async () => {
      const made = await book({ start: '2026-12-10T09:00:00Z' });
      const res = await call('POST', `/api/meetings/${made.body.id}/reschedule`, { token: host.token, body: { start: '2026-12-10T10:10:00Z', timezone: 'Asia/Kolkata' } });
      expectProblem(res, 409, 'slot_unavailable');
      expect(res.body.detail).to.match(/Nearest free times: .+ \(Asia\/Kolkata\)\.$/);
      const bad = await call('POST', `/api/meetings/${made.body.id}/reschedule`, { token: host.token, body: { start: '2026-12-10T10:10:00Z', timezone: 'Nowhere/Atlantis' } });
      expectProblem(bad, 400, 'validation_failed');
      expect(bad.body.errors).to.deep.equal([{ field: 'timezone', message: 'unknown time zone "Nowhere/Atlantis"; use an IANA name such as Europe/Berlin' }]);
    });

    it('an invitee reschedules and cancels with the manage token; a taken target is 409', async () => {
      const made = await book({ start: '2026-12-01T09:00:00Z' });
      await book({ start: '2026-12-01T11:00:00Z', invitee: invitee(2) });
      const path = `/api/meetings/${made.body.id}`;
      expectProblem(await call('POST', `${path}/reschedule?token=${made.body.manageToken}`, { body: { start: '2026-12-01T11:00:00Z' } }), 409, 'slot_unavailable');
      const moved = await call('POST', `${path}/reschedule?token=${made.body.manageToken}`, { body: { start: '2026-12-01T13:00:00Z' } });
      expect(moved.status).to.equal(200);
      const canceled = await call('POST', `${path}/cancel?token=${made.body.manageToken}`, { body: { reason: 'conflict' } });
      expect(canceled.status).to.equal(200);
      expect(canceled.body).to.include({ status: 'canceled', canceledBy: 'attendee:guest1@example.org', cancelReason: 'conflict' });
      expect(canceled.body.statusHistory.map((h: any) => h.to)).to.deep.equal(['scheduled', 'scheduled', 'canceled']);
      const rows = await server.deps.db('booking_hosts').where({ booking_id: made.body.id });
      expect(rows.every((r: any) => r.active === false)).to.equal(true);
      // The slot is free again.
      expect((await book({ start: '2026-12-01T13:00:00Z', invitee: invitee(3) })).status).to.equal(201);
      // Canceled is final.
      expectProblem(await call('POST', `${path}/cancel?token=${made.body.manageToken}`, { body: {} }), 409, 'invalid_transition');
      expectProblem(await call('POST', `${path}/reschedule`, { token: host.token, body: { start: '2026-12-01T15:00:00Z' } }), 409, 'invalid_transition');
    });

    it('a host cancels with a reason; others cannot', async () => {
      const made = await book({ start: '2026-12-02T09:00:00Z' });
      const stranger = await registerUser(call);
      expectProblem(await call('POST', `/api/meetings/${made.body.id}/cancel`, { token: stranger.accessToken, body: {} }), 404, 'booking_not_found');
      expectProblem(await call('POST', `/api/meetings/${made.body.id}/cancel`, { body: {} }), 401, 'unauthorized');
      const res = await call('POST', `/api/meetings/${made.body.id}/cancel`, { token: host.token, body: { reason: 'sick' } });
      expect(res.body).to.include({ status: 'canceled', canceledBy: 'host:mhost', cancelReason: 'sick' });
    });
  });

  describe('approval', () => {
    it('creates pending bookings that hold the slot; a host approves; attendees cannot', async () => {
      const made = await book({ eventType: 'approval', start: '2026-12-03T09:00:00Z' });
      expect(made.body.status).to.equal('pending');
      expectProblem(await book({ eventType: 'approval', start: '2026-12-03T09:00:00Z', invitee: invitee(2) }), 409, 'slot_unavailable');
      expectProblem(await call('POST', `/api/meetings/${made.body.id}/approve?token=${made.body.manageToken}`), 403, 'forbidden');
      const approved = await call('POST', `/api/meetings/${made.body.id}/approve`, { token: host.token });
      expect(approved.body.status).to.equal('scheduled');
      expect(approved.body.statusHistory.map((h: any) => `${h.from}->${h.to}`)).to.deep.equal(['null->pending', 'pending->scheduled']);
      expectProblem(await call('POST', `/api/meetings/${made.body.id}/approve`, { token: host.token }), 409, 'invalid_transition');
      expectProblem(await call('POST', `/api/meetings/${made.body.id}/decline`, { token: host.token, body: {} }), 409, 'invalid_transition');
    });

    it('with pendingHoldsSlot=false two requests wait for one slot; approving one makes the other un-approvable', async () => {
      const a = await book({ eventType: 'soft', start: '2026-12-03T13:00:00Z' });
      const b = await book({ eventType: 'soft', start: '2026-12-03T13:00:00Z', invitee: invitee(2) });
      expect([a.status, b.status]).to.deep.equal([201, 201]);
      expect((await server.deps.db('booking_hosts').where({ booking_id: a.body.id }).first()).active).to.equal(false);
      expect((await call('POST', `/api/meetings/${a.body.id}/approve`, { token: host.token })).status).to.equal(200);
      expectProblem(await call('POST', `/api/meetings/${b.body.id}/approve`, { token: host.token }), 409, 'slot_unavailable');
      const declined = await call('POST', `/api/meetings/${b.body.id}/decline`, { token: host.token, body: { reason: 'taken' } });
      expect(declined.body).to.include({ status: 'rejected', cancelReason: 'taken' });
    });
  });

  describe('complete and no-show', () => {
    it('allows scheduled → completed | no_show only after the end, by a host', async () => {
      const made = await book({ start: '2026-12-04T09:00:00Z' });
      const made2 = await book({ start: '2026-12-04T11:00:00Z', invitee: invitee(2) });
      expectProblem(await call('POST', `/api/meetings/${made.body.id}/complete`, { token: host.token }), 409, 'invalid_transition');
      clock.set('2026-12-04T12:00:00Z');
      try {
        // The first session expired while the clock moved; log in again.
        const login = await call('POST', '/api/auth/login', { body: { email: 'mhost@example.com', password: 'correct horse battery staple' } });
        host.token = login.body.accessToken;
        expectProblem(await call('POST', `/api/meetings/${made.body.id}/complete?token=${made.body.manageToken}`), 403, 'forbidden');
        expect((await call('POST', `/api/meetings/${made.body.id}/complete`, { token: host.token })).body.status).to.equal('completed');
        expect((await call('POST', `/api/meetings/${made2.body.id}/no-show`, { token: host.token })).body.status).to.equal('no_show');
        expectProblem(await call('POST', `/api/meetings/${made.body.id}/cancel`, { token: host.token, body: {} }), 409, 'invalid_transition');
      } finally {
        clock.set('2026-11-24T10:00:00Z');
      }
    });
  });

  describe('GET /api/meetings and /api/meetings/load', () => {
    it('lists my meetings as host and as attendee (by e-mail), paginated by cursor', async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await call('GET', `/api/meetings?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: host.token });
        expect(res.status).to.equal(200);
        expect(res.body.meetings.length).to.be.at.most(3);
        all.push(...res.body.meetings.map((m: any) => m.start));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(all.length).to.be.greaterThan(5);
      expect([...all].sort()).to.deep.equal(all);
      const scheduledOnly = await call('GET', '/api/meetings?status=scheduled&limit=100', { token: host.token });
      expect(scheduledOnly.body.meetings.every((m: any) => m.status === 'scheduled')).to.equal(true);
      const ranged = await call('GET', '/api/meetings?from=2026-11-25&to=2026-11-25&limit=100', { token: host.token });
      expect(ranged.body.meetings.map((m: any) => m.start.slice(0, 10))).to.satisfy((d: string[]) => d.length > 0 && d.every((x) => x === '2026-11-25'));
      const guest = await registerUser(call, { email: 'guest7@example.org' });
      await book({ start: '2026-12-07T09:00:00Z', invitee: invitee(7) });
      // Meetings booked with an email show up once the account has verified that email.
      expect((await call('GET', '/api/meetings', { token: guest.accessToken })).body.meetings).to.deep.equal([]);
      await verifyEmail(server, 'guest7@example.org');
      const mine = await call('GET', '/api/meetings', { token: guest.accessToken });
      expect(mine.body.meetings.map((m: any) => m.start)).to.deep.equal(['2026-12-07T09:00:00.000Z']);
      const past = await call('GET', '/api/meetings?scope=past', { token: guest.accessToken });
      expect(past.body.meetings).to.deep.equal([]);
      expectProblem(await call('GET', '/api/meetings?cursor=bogus', { token: host.token }), 400, 'validation_failed');
      expectProblem(await call('GET', '/api/meetings?scope=sideways', { token: host.token }), 400, 'validation_failed');
      expectProblem(await call('GET', '/api/meetings'), 401, 'unauthorized');
    });

    it('gives the daily load in a zone', async () => {
      const res = await call('GET', '/api/meetings/load?from=2026-11-25&to=2026-11-27&timezone=UTC', { token: host.token });
      expect(res.status).to.equal(200);
      expect(res.body.timezone).to.equal('UTC');
      expect(res.body.days.map((d: any) => d.date)).to.deep.equal(['2026-11-25', '2026-11-26', '2026-11-27']);
      // 25th: 09:00 and 11:00 bookings (30 min each).
      expect(res.body.days[0]).to.deep.equal({ date: '2026-11-25', count: 2, busyMinutes: 60 });
      expectProblem(await call('GET', '/api/meetings/load?from=xx', { token: host.token }), 400, 'validation_failed');
    });
  });

  describe('POST /api/meetings (ad hoc)', () => {
    it('books a collective meeting with named users when all are free, else 409', async () => {
      const other = await createHost(call, 'adhoc-b', { timezone: 'UTC' });
      const res = await call('POST', '/api/meetings', { token: other.token, body: { usernames: ['mhost'], start: '2026-12-08T14:00:00Z', durationMinutes: 45, title: 'Sync' } });
      expect(res.status, res.text).to.equal(201);
      expect(res.body.hosts.map((h: any) => h.username)).to.deep.equal(['adhoc-b', 'mhost']);
      expect(await server.deps.db('booking_hosts').where({ booking_id: res.body.id }).count('* as n').first()).to.deep.include({ n: 2 });
      expectProblem(await call('POST', '/api/meetings', { token: other.token, body: { usernames: ['mhost'], start: '2026-12-08T14:30:00Z', durationMinutes: 30, title: 'Again' } }), 409, 'slot_unavailable');
      expectProblem(await call('POST', '/api/meetings', { token: other.token, body: { usernames: ['ghost'], start: '2026-12-08T10:00:00Z', durationMinutes: 30, title: 'X' } }), 404, 'user_not_found');
    });
  });
});
