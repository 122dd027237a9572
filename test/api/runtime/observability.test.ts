import { expect } from 'chai';
import type { RunningServer } from '../../../server/compose.js';
import { resetTestDb } from '../../helpers/db.js';
import { apiClient, capturedLogs, startTestServer, type ApiCall } from '../../helpers/server.js';
import { createEventType, createHost, invitee } from '../../helpers/scheduling.js';

/** The value of one sample line `name{labels} value` in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{')) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe('observability: /metrics, /ready, request ids', function () {
  this.timeout(30_000);
  let server: RunningServer;
  let call: ApiCall;
  const start = `${new Date().getUTCFullYear() + 1}-03-02T10:00:00Z`;

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ env: { METRICS_TOKEN: 'metrics-token-for-tests' } });
    call = apiClient(server.url);
    const host = await createHost(call, 'metrics-host');
    await createEventType(call, host.token, { slug: 'm', maxDaysAhead: 800 });
  });
  after(() => server?.close());

  const scrape = async () => {
    const res = await call('GET', '/metrics', { headers: { authorization: 'Bearer metrics-token-for-tests' } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('wants METRICS_TOKEN when it is set', async () => {
    const refused = await call('GET', '/metrics');
    expect(refused.status).to.equal(401);
    expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(refused.headers.get('www-authenticate')).to.match(/^Bearer/);
    expect((await call('GET', '/metrics', { headers: { authorization: 'Bearer wrong' } })).status).to.equal(401);
  });

  it('counts bookings by outcome, 409s by route, and times requests by route template', async () => {
    const ok = await call('POST', '/api/meetings/schedule', { body: { user: 'metrics-host', eventType: 'm', start, invitee: invitee(1) } });
    expect(ok.status).to.equal(201);
    const taken = await call('POST', '/api/meetings/schedule', { body: { user: 'metrics-host', eventType: 'm', start, invitee: invitee(2) } });
    expect(taken.status).to.equal(409);
    const bad = await call('POST', '/api/meetings/schedule', { body: { user: 'metrics-host', eventType: 'm', start: 'soon', invitee: invitee(3) } });
    expect(bad.status).to.equal(400);
    await call('GET', `/api/meetings/${ok.body.id}`, { headers: {} });
    const text = await scrape();
    expect(sample(text, 'yava_bookings_total', { outcome: 'created', via: 'api' })).to.equal(1);
    expect(sample(text, 'yava_bookings_total', { outcome: 'conflict', via: 'api' })).to.equal(1);
    expect(sample(text, 'yava_bookings_total', { outcome: 'rejected', via: 'api' })).to.equal(1);
    expect(sample(text, 'yava_http_conflicts_total', { route: '/api/meetings/schedule' })).to.equal(1);
    expect(sample(text, 'yava_http_request_duration_seconds_count', { method: 'POST', route: '/api/meetings/schedule', status: '2xx' })).to.equal(1);
    expect(sample(text, 'yava_http_request_duration_seconds_bucket', { route: '/api/meetings/schedule', status: '4xx', le: '+Inf' })).to.equal(2);
    // Raw ids never become label values.
    expect(text).not.to.include(ok.body.id);
    expect(text).to.include('route="/api/meetings/:id"');
  });

  it('labels a request refused before its handler (a non-admin on /api/admin/*) with the matched route template', async () => {
    const plain = await createHost(call, 'plain-host');
    const refused = await call('POST', '/api/admin/users/metrics-host/suspend', { token: plain.token, body: {} });
    expect(refused.status).to.equal(403);
    const text = await scrape();
    expect(sample(text, 'yava_http_request_duration_seconds_count', { method: 'POST', route: '/api/admin/users/:user/suspend', status: '4xx' })).to.equal(1);
    expect(text).not.to.include('route="/api/admin"');
  });

  it('reports the outbox: pending messages, dead letters, and the lag of the oldest due one', async () => {
    const db = server.deps.db;
    await db('outbox').update({ next_attempt_at: new Date(Date.now() - 90_000) });
    const [first] = await db('outbox').select('id').limit(1);
    await db('outbox').where({ id: first.id }).update({ status: 'dead' });
    const text = await scrape();
    expect(sample(text, 'yava_outbox_messages', { status: 'dead' })).to.equal(1);
    expect(sample(text, 'yava_outbox_messages', { status: 'pending' })).to.be.greaterThan(0);
    const lag = Number(/^yava_outbox_lag_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1]);
    expect(lag).to.be.within(85, 200);
  });

  it('reports calendar sync lag per provider (the least recently synced conflict calendar) and connections needing reconnect', async () => {
    const db = server.deps.db;
    const { id: userId } = await db('users').where({ username: 'metrics-host' }).first('id');
    const connect = async (provider: string, account: string, status: string, syncedSecondsAgo: number[]) => {
      const [conn] = await db('calendar_connections').insert({ user_id: userId, provider, account, status, credentials: 'sealed' }).returning('id');
      for (const [i, ago] of syncedSecondsAgo.entries()) {
        await db('connected_calendars').insert({ connection_id: conn.id, user_id: userId, external_id: `${account}-${i}`, name: `cal ${i}`, check_conflicts: true, last_synced_at: new Date(Date.now() - ago * 1000) });
      }
    };
    await connect('google', 'a@example.com', 'active', [30, 600]);
    await connect('caldav', 'c@example.com', 'active', [5]);
    await connect('microsoft', 'm@example.com', 'needs_reconnect', [9000]);
    const text = await scrape();
    expect(sample(text, 'yava_calendar_sync_lag_seconds', { provider: 'google' })).to.be.within(595, 700);
    expect(sample(text, 'yava_calendar_sync_lag_seconds', { provider: 'caldav' })).to.be.within(4, 100);
    expect(text, 'a connection needing reconnect is not counted as lagging').not.to.match(/yava_calendar_sync_lag_seconds\{[^}]*provider="microsoft"/);
    expect(sample(text, 'yava_calendar_connections_needing_reconnect', { provider: 'microsoft' })).to.equal(1);
  });

  it("carries a booking's request id through the outbox into the dispatcher's log line for its email", async () => {
    const at = `${new Date().getUTCFullYear() + 1}-03-03T10:00:00Z`;
    const res = await call('POST', '/api/meetings/schedule', { body: { user: 'metrics-host', eventType: 'm', start: at, invitee: invitee(7) }, headers: { 'x-request-id': 'trace-booking-77' } });
    expect(res.status).to.equal(201);
    const rows = await server.deps.db('outbox').where({ booking_id: res.body.id });
    expect(rows.length).to.be.greaterThan(0);
    expect(rows.map((r) => r.request_id)).to.satisfy((ids: string[]) => ids.every((id) => id === 'trace-booking-77'));
    await server.deps.db('outbox').whereNot({ booking_id: res.body.id }).orWhereNull('booking_id').update({ status: 'sent' });
    await server.deps.services.notify.createDispatcher().drain();
    const delivered = capturedLogs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'outbox message delivered' && l.requestId === 'trace-booking-77');
    expect(delivered.map((l) => l.outboxId).sort()).to.deep.equal(rows.map((r) => r.id).sort());
  });

  it('echoes a request id and logs it with the request', async () => {
    const res = await call('GET', '/health', { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(res.headers.get('x-request-id')).to.equal('trace-abc-123');
    const line = capturedLogs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'trace-abc-123');
    expect(line).to.include({ msg: 'request', path: '/health', status: 200 });
  });

  it('/ready fails while draining (SIGTERM)', async () => {
    const other = await startTestServer();
    try {
      const c = apiClient(other.url);
      expect((await c('GET', '/ready')).body).to.deep.equal({ status: 'ready', database: 'ok', redis: 'not configured' });
      other.drain();
      const res = await c('GET', '/ready');
      expect(res.status).to.equal(503);
      expect(res.body.status).to.equal('draining');
    } finally {
      await other.close();
    }
  });

  it('/ready fails when the configured Redis is down, and passes when it answers', async () => {
    const down = await startTestServer({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    const up = await startTestServer({ env: { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `yava-test-${process.pid}:` } });
    try {
      const res = await apiClient(down.url)('GET', '/ready');
      expect(res.status).to.equal(503);
      expect(res.body).to.deep.equal({ status: 'unavailable', database: 'ok', redis: 'unreachable' });
      expect((await apiClient(up.url)('GET', '/ready')).body).to.deep.equal({ status: 'ready', database: 'ok', redis: 'ok' });
    } finally {
      await Promise.all([down.close(), up.close()]);
    }
  });
});
