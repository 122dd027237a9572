import { expect } from 'chai';
import { OAUTH_FLOW_RETENTION_MS } from '../../core/calendars/oauth.js';
import { PUSH_DELIVERY_RETENTION_MS } from '../../core/calendars/pushes.js';
import { HOST_INVITATION_COOLDOWN_MS } from '../../core/booking/hostInvitationCooldown.js';
import { createFixedClock } from '../../core/clock.js';
import type { RunningServer } from '../../server/compose.js';
import { resetTestDb } from '../helpers/db.js';
import { startTestServer } from '../helpers/server.js';

describe('core/services (createServices)', () => {
  let server: RunningServer;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
  });
  after(() => server.close());

  it('purges idempotency keys older than 24 hours on the dispatcher schedule (at start, then hourly)', async () => {
    const db = server.deps.db;
    const row = (key: string, created: string) => ({ scope: 'meetings.schedule:anonymous:127.0.0.1', key, request_hash: 'h', response_status: 201, response_body: '{}', created_at: new Date(created) });
    await db('idempotency_keys').insert([row('stale', '2026-11-23T09:00:00Z'), row('live', '2026-11-24T09:00:00Z')]);
    await server.deps.services.notify.startDispatcher();
    try {
      const deadline = Date.now() + 15_000;
      while ((await db('idempotency_keys').where({ key: 'stale' }).first()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await db('idempotency_keys').select('key')).map((r: { key: string }) => r.key)).to.deep.equal(['live']);
    } finally {
      await server.deps.services.notify.stopDispatcher();
    }
  });

  it('forgets calendar pushes handled over a week ago on the dispatcher schedule (at start, then hourly); newer ones stay to stop redeliveries', async () => {
    const db = server.deps.db;
    const ago = (ms: number) => new Date(clock.now().getTime() - ms);
    await db('calendar_push_deliveries').insert([
      { provider: 'google', delivery_id: 'channel-1:7', created_at: ago(PUSH_DELIVERY_RETENTION_MS + 60_000) },
      { provider: 'google', delivery_id: 'channel-1:8', created_at: ago(PUSH_DELIVERY_RETENTION_MS - 60_000) },
      { provider: 'google', delivery_id: 'channel-2:1', created_at: ago(60_000) },
    ]);
    await server.deps.services.notify.startDispatcher();
    try {
      const deadline = Date.now() + 15_000;
      while ((await db('calendar_push_deliveries').where({ delivery_id: 'channel-1:7' }).first()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await db('calendar_push_deliveries').orderBy('delivery_id').select('delivery_id')).map((r: { delivery_id: string }) => r.delivery_id)).to.deep.equal(['channel-1:8', 'channel-2:1']);
    } finally {
      await server.deps.services.notify.stopDispatcher();
    }
  });

  it('forgets calendar connect attempts a day after they expired (at start, then hourly); newer ones stay for the CLI waiting on them', async () => {
    const db = server.deps.db;
    const [user] = await db('users').insert({ email: 'purge-oauth@x.org', username: 'purge-oauth', name: 'P', password_hash: 'x', timezone: 'UTC' }).returning('id');
    const ago = (ms: number) => new Date(clock.now().getTime() - ms);
    const attempt = (hash: string, expires: Date) => ({ state_hash: hash, user_id: user.id, provider: 'google', code_verifier: 'sealed', expires_at: expires });
    await db('calendar_oauth_states').insert([attempt('old', ago(OAUTH_FLOW_RETENTION_MS + 60_000)), attempt('recent', ago(OAUTH_FLOW_RETENTION_MS - 60_000)), attempt('open', ago(-60_000))]);
    await server.deps.services.notify.startDispatcher();
    try {
      const deadline = Date.now() + 15_000;
      while ((await db('calendar_oauth_states').where({ state_hash: 'old' }).first()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await db('calendar_oauth_states').where({ user_id: user.id }).orderBy('state_hash').select('state_hash')).map((r: { state_hash: string }) => r.state_hash)).to.deep.equal(['open', 'recent']);
    } finally {
      await server.deps.services.notify.stopDispatcher();
    }
  });

  it('forgets declines and leaves of hosting once their 7-day cool-down is over (at start, then hourly); newer ones stay to hold invitations back', async () => {
    const db = server.deps.db;
    const users: string[] = (await db('users').insert(['purge-owner', 'purge-old', 'purge-new'].map((username) => ({ email: `${username}@x.org`, username, name: username, password_hash: 'x', timezone: 'UTC' }))).returning('id')).map((r: { id: string }) => r.id);
    const desk = await server.deps.services.scheduling.createEventType(users[0]!, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin' });
    const ago = (ms: number) => new Date(clock.now().getTime() - ms);
    await db('event_type_host_refusals').insert([
      { event_type_id: desk.id, user_id: users[1], reason: 'declined', refused_at: ago(HOST_INVITATION_COOLDOWN_MS + 60_000) },
      { event_type_id: desk.id, user_id: users[2], reason: 'left', refused_at: ago(HOST_INVITATION_COOLDOWN_MS - 60_000) },
    ]);
    await server.deps.services.notify.startDispatcher();
    try {
      const deadline = Date.now() + 15_000;
      while ((await db('event_type_host_refusals').where({ user_id: users[1] }).first()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await db('event_type_host_refusals').pluck('user_id')).to.deep.equal([users[2]]);
    } finally {
      await server.deps.services.notify.stopDispatcher();
    }
  });
});
