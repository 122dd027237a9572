import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';

describe('event types, teams, round robin, collective, daily limits', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let owner: Awaited<ReturnType<typeof createHost>>;

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    owner = await createHost(call, 'et-owner');
  });
  after(() => server.close());

  describe('/api/event-types', () => {
    it('creates with defaults (201), lists, reads, patches and deletes', async () => {
      const res = await call('POST', '/api/event-types', { token: owner.token, body: { slug: 'chat', title: 'Chat', durationMinutes: 25 } });
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.include({
        slug: 'chat', title: 'Chat', kind: 'one_on_one', durationMinutes: 25, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minimumNoticeMinutes: 0,
        slotStepMinutes: null, maxDaysAhead: 60, dailyLimit: null, requiresApproval: false, pendingHoldsSlot: true, isPublic: true, owner: 'et-owner', team: null,
      });
      expect(res.body.hosts).to.deep.equal(['et-owner']);
      const id = res.body.id;
      expect((await call('GET', '/api/event-types', { token: owner.token })).body.eventTypes.map((e: any) => e.slug)).to.include('chat');
      expect((await call('GET', `/api/event-types/${id}`, { token: owner.token })).body.slug).to.equal('chat');
      const patched = await call('PATCH', `/api/event-types/${id}`, { token: owner.token, body: { title: 'Long chat', durationMinutes: 50, dailyLimit: 2, requiresApproval: true } });
      expect(patched.body).to.include({ title: 'Long chat', durationMinutes: 50, dailyLimit: 2, requiresApproval: true });
      expect((await call('DELETE', `/api/event-types/${id}`, { token: owner.token })).status).to.equal(204);
      expectProblem(await call('GET', `/api/event-types/${id}`, { token: owner.token }), 404, 'event_type_not_found');
      // The slug is free again after deletion.
      expect((await call('POST', '/api/event-types', { token: owner.token, body: { slug: 'chat', title: 'Chat', durationMinutes: 25 } })).status).to.equal(201);
    });

    it('refuses a duplicate slug (409 slug_taken), bad fields (400), strangers (404) and anonymous callers (401)', async () => {
      await createEventType(call, owner.token, { slug: 'dup' });
      expectProblem(await call('POST', '/api/event-types', { token: owner.token, body: { slug: 'dup', title: 'x', durationMinutes: 30 } }), 409, 'slug_taken');
      expectProblem(await call('POST', '/api/event-types', { token: owner.token, body: { slug: 'Bad Slug!', title: 'x', durationMinutes: 30 } }), 400, 'validation_failed');
      expectProblem(await call('POST', '/api/event-types', { token: owner.token, body: { slug: 'z', title: 'x', durationMinutes: 0 } }), 400, 'validation_failed');
      expectProblem(await call('POST', '/api/event-types', { token: owner.token, body: { slug: 'z', title: 'x', durationMinutes: 30, kind: 'party' } }), 400, 'validation_failed');
      expectProblem(await call('POST', '/api/event-types', { token: owner.token, body: { slug: 'z', title: 'x', durationMinutes: 30, hosts: ['ghost'] } }), 404, 'user_not_found');
      const other = await registerUser(call);
      const mine = await createEventType(call, owner.token, { slug: 'private-one' });
      expectProblem(await call('GET', `/api/event-types/${mine.id}`, { token: other.accessToken }), 404, 'event_type_not_found');
      expectProblem(await call('PATCH', `/api/event-types/${mine.id}`, { token: other.accessToken, body: { title: 'x' } }), 404, 'event_type_not_found');
      expectProblem(await call('DELETE', `/api/event-types/${mine.id}`, { token: other.accessToken }), 404, 'event_type_not_found');
      expectProblem(await call('GET', '/api/event-types'), 401, 'unauthorized');
      expectProblem(await call('PATCH', `/api/event-types/${mine.id}`, { token: owner.token, body: { slug: 'dup' } }), 409, 'slug_taken');
    });
  });

  describe('teams', () => {
    let a: any, b: any;
    before(async () => {
      a = await createHost(call, 'rr-a');
      b = await createHost(call, 'rr-b');
      await createHost(call, 'rr-c');
    });

    it('POST /api/teams creates a team with members (creator is admin, members hosts); slug_taken and unknown users are refused', async () => {
      const res = await call('POST', '/api/teams', { token: a.token, body: { slug: 'support', name: 'Support', members: [{ username: 'rr-b', priority: 1 }, { username: 'rr-c', weight: 200 }] } });
      expect(res.status, res.text).to.equal(201);
      expect(res.body.members.map((m: any) => [m.username, m.role, m.priority, m.weight])).to.deep.equal([
        ['rr-a', 'admin', 0, 100],
        ['rr-b', 'host', 1, 100],
        ['rr-c', 'host', 0, 200],
      ]);
      expectProblem(await call('POST', '/api/teams', { token: a.token, body: { slug: 'support', name: 'Again', members: [] } }), 409, 'slug_taken');
      expectProblem(await call('POST', '/api/teams', { token: a.token, body: { slug: 'other', name: 'X', members: [{ username: 'ghost' }] } }), 404, 'user_not_found');
      expect((await call('GET', '/api/teams', { token: b.token })).body.teams.map((t: any) => t.slug)).to.deep.equal(['support']);
      expectProblem(await call('GET', '/api/teams/support', { token: owner.token }), 404, 'team_not_found');
      // Only admins create team event types (outsiders do not learn the team exists); hosts must be members.
      expectProblem(await call('POST', '/api/event-types', { token: owner.token, body: { slug: 'x', title: 'x', durationMinutes: 30, teamSlug: 'support' } }), 404, 'team_not_found');
      expectProblem(await call('POST', '/api/event-types', { token: b.token, body: { slug: 'x', title: 'x', durationMinutes: 30, teamSlug: 'support' } }), 403, 'forbidden');
      expectProblem(await call('POST', '/api/event-types', { token: a.token, body: { slug: 'x', title: 'x', durationMinutes: 30, teamSlug: 'support', kind: 'round_robin', hosts: ['et-owner'] } }), 400, 'validation_failed');
    });

    it('round robin: priority first, then fewest recent bookings per weight; the reason is recorded; slots list free hosts', async () => {
      const et = await createEventType(call, a.token, { slug: 'help', teamSlug: 'support', kind: 'round_robin', hosts: ['rr-a', 'rr-c', 'rr-b'] });
      expect(et.team).to.equal('support');
      const slots = await call('GET', '/api/availability?team=support&eventType=help&from=2026-11-25&to=2026-11-25&timezone=UTC');
      expect(slots.status).to.equal(200);
      expect(slots.body.slots[0].hosts).to.have.members(['rr-a', 'rr-b', 'rr-c']);
      const bookAt = (start: string, n: number) => call('POST', '/api/meetings/schedule', { body: { team: 'support', eventType: 'help', start, invitee: invitee(n) } });
      // rr-b has priority 1: it takes the first slot.
      const first = await bookAt('2026-11-25T09:00:00Z', 1);
      expect(first.status, first.text).to.equal(201);
      expect(first.body.hosts.map((h: any) => h.username)).to.deep.equal(['rr-b']);
      expect(first.body.assignmentReason).to.match(/^round robin: priority 1/);
      // rr-b stays first by priority while free; at the same time the others share.
      const parallel = await bookAt('2026-11-25T09:00:00Z', 2);
      const third = await bookAt('2026-11-25T09:00:00Z', 3);
      const names = [parallel.body.hosts[0].username, third.body.hosts[0].username].sort();
      expect(names).to.deep.equal(['rr-a', 'rr-c']);
      expectProblem(await bookAt('2026-11-25T09:00:00Z', 4), 409, 'slot_unavailable');
      const rows = await server.deps.db('bookings').whereNotNull('assignment_reason').select('assignment_reason');
      expect(rows).to.have.length(3);
      // Free hosts per slot now exclude everyone at 09:00.
      const after = await call('GET', '/api/availability?team=support&eventType=help&from=2026-11-25&to=2026-11-25&timezone=UTC');
      expect(after.body.slots[0].start).to.equal('2026-11-25T09:30:00.000Z');
    });

    it('round robin weighs recent bookings: weight 200 takes twice the share', async () => {
      const res = await call('POST', '/api/teams', { token: a.token, body: { slug: 'weighted', name: 'W', members: [{ username: 'rr-b' }, { username: 'rr-c', weight: 200 }] } });
      expect(res.status).to.equal(201);
      await createEventType(call, a.token, { slug: 'w', teamSlug: 'weighted', kind: 'round_robin', hosts: ['rr-b', 'rr-c'] });
      const picks: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await call('POST', '/api/meetings/schedule', { body: { team: 'weighted', eventType: 'w', start: `2026-11-26T${String(9 + i).padStart(2, '0')}:00:00Z`, invitee: invitee(10 + i) } });
        expect(r.status, r.text).to.equal(201);
        picks.push(r.body.hosts[0].username);
      }
      expect(picks.filter((p) => p === 'rr-c')).to.have.length(4);
      expect(picks.filter((p) => p === 'rr-b')).to.have.length(2);
    });

    it('collective: every host must be free, and the booking holds every host', async () => {
      await createEventType(call, a.token, { slug: 'panel', teamSlug: 'support', kind: 'collective', hosts: ['rr-a', 'rr-b'] });
      const slots = await call('GET', '/api/availability?team=support&eventType=panel&from=2026-11-27&to=2026-11-27&timezone=UTC');
      expect(slots.body.slots[0].hosts).to.deep.equal(['rr-a', 'rr-b']);
      const made = await call('POST', '/api/meetings/schedule', { body: { team: 'support', eventType: 'panel', start: '2026-11-27T10:00:00Z', invitee: invitee() } });
      expect(made.status, made.text).to.equal(201);
      expect(made.body.hosts.map((h: any) => h.username)).to.deep.equal(['rr-a', 'rr-b']);
      expect(await server.deps.db('booking_hosts').where({ booking_id: made.body.id, active: true }).count('* as n').first()).to.deep.include({ n: 2 });
      // rr-b is now busy at 10:00 for any of its event types.
      await createEventType(call, b.token, { slug: 'solo' });
      expectProblem(await call('POST', '/api/meetings/schedule', { body: { user: 'rr-b', eventType: 'solo', start: '2026-11-27T10:00:00Z', invitee: invitee() } }), 409, 'slot_unavailable');
      // A host busy elsewhere removes the collective slot.
      await call('POST', '/api/meetings/schedule', { body: { user: 'rr-b', eventType: 'solo', start: '2026-11-27T11:00:00Z', invitee: invitee() } });
      const later = await call('GET', '/api/availability?team=support&eventType=panel&from=2026-11-27&to=2026-11-27&timezone=UTC');
      expect(later.body.slots.map((s: any) => s.start.slice(11, 16))).not.to.include.members(['10:00', '11:00']);
    });
  });

  describe('daily limits', () => {
    it("the event type's daily limit per host closes the day", async () => {
      const h = await createHost(call, 'limit-host');
      await createEventType(call, h.token, { slug: 'l2', dailyLimit: 2 });
      await createEventType(call, h.token, { slug: 'other' });
      const bookAt = (slug: string, start: string) => call('POST', '/api/meetings/schedule', { body: { user: 'limit-host', eventType: slug, start, invitee: invitee() } });
      expect((await bookAt('l2', '2026-11-25T09:00:00Z')).status).to.equal(201);
      expect((await bookAt('other', '2026-11-25T10:00:00Z')).status).to.equal(201);
      expect((await bookAt('l2', '2026-11-25T11:00:00Z')).status).to.equal(201);
      expectProblem(await bookAt('l2', '2026-11-25T12:00:00Z'), 409, 'slot_unavailable');
      const slots = await call('GET', '/api/availability?user=limit-host&eventType=l2&from=2026-11-25&to=2026-11-26&timezone=UTC');
      expect(slots.body.slots.every((s: any) => s.start.startsWith('2026-11-26'))).to.equal(true);
      // Other event types are not limited by it.
      expect((await bookAt('other', '2026-11-25T13:00:00Z')).status).to.equal(201);
    });

    it("the user's daily meeting limit counts every event type", async () => {
      const h = await createHost(call, 'busy-bee');
      await call('PATCH', '/api/me', { token: h.token, body: { dailyMeetingLimit: 2 } });
      await createEventType(call, h.token, { slug: 'one' });
      await createEventType(call, h.token, { slug: 'two' });
      const bookAt = (slug: string, start: string) => call('POST', '/api/meetings/schedule', { body: { user: 'busy-bee', eventType: slug, start, invitee: invitee() } });
      expect((await bookAt('one', '2026-11-25T09:00:00Z')).status).to.equal(201);
      expect((await bookAt('two', '2026-11-25T10:00:00Z')).status).to.equal(201);
      expectProblem(await bookAt('one', '2026-11-25T11:00:00Z'), 409, 'slot_unavailable');
      expectProblem(await bookAt('two', '2026-11-25T12:00:00Z'), 409, 'slot_unavailable');
      expect((await bookAt('two', '2026-11-26T12:00:00Z')).status).to.equal(201);
    });
  });
});
