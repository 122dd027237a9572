import { expect } from 'chai';
import type { RunningServer } from '../../server/compose.js';
import { createFixedClock } from '../../core/clock.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, type ApiCall, startTestServer } from '../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../helpers/scheduling.js';
import { hiddenValue, pageClient } from './routes/pages/helpers.js';

/** Instants JavaScript can hold but no calendar should: each once gave a 500. */
const EXTREMES = ['+275760-09-13T00:00:00Z', '-271821-04-20T00:00:00Z', '+010000-01-01T00:00:00Z'];
/** Days no calendar has, which Date.parse rolls over into the next month (30 Feb → 2 Mar): each once booked another day. */
const NO_SUCH_DAY = ['2027-02-30T09:00:00Z', '2026-11-31T09:00:00Z', '2027-02-29T09:00:00+01:00'];

describe('instants outside the years -9999..9999, or on days that do not exist, are a 400 everywhere they are read', function () {
  // Setup starts a server and registers users: slow when the machine is loaded.
  this.timeout(120_000);
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  let meetingId: string;
  let manageToken: string;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'edge');
    await createEventType(call, host.token, { slug: 'intro' });
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'edge', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee() } });
    expect(booked.status, booked.text).to.equal(201);
    meetingId = booked.body.id;
    manageToken = booked.body.manageToken;
  });
  after(() => server?.close());

  for (const instant of [...EXTREMES, ...NO_SUCH_DAY]) {
    it(`API: ${instant}`, async () => {
      const checks = [
        await call('POST', '/api/meetings/schedule', { body: { user: 'edge', eventType: 'intro', start: instant, invitee: invitee() } }),
        await call('POST', '/api/meetings', { token: host.token, body: { usernames: [], start: instant, durationMinutes: 30, title: 'Far' } }),
        await call('POST', `/api/meetings/${meetingId}/reschedule?token=${manageToken}`, { body: { start: instant } }),
        await call('GET', `/api/meetings?from=${encodeURIComponent(instant)}`, { token: host.token }),
        await call('GET', `/api/meetings?to=${encodeURIComponent(instant)}`, { token: host.token }),
        await call('POST', '/api/parse', { body: { text: 'tomorrow 3pm', now: instant } }),
        await call('POST', '/api/requests/00000000-0000-4000-8000-000000000000/book', { token: host.token, body: { start: instant } }),
      ];
      for (const res of checks) expectProblem(res, 400, 'validation_failed');
    });

    it(`booking page: ${instant}`, async () => {
      const client = pageClient(server.url);
      const q = `start=${encodeURIComponent(instant)}&timezone=UTC`;
      const form = await client.get('/edge/intro/book?start=2026-11-25T10:00:00.000Z&timezone=UTC');
      expect(form.status).to.equal(200);
      const csrf = hiddenValue(form.text, '_csrf');
      const pages = [
        await client.get(`/edge/intro/book?${q}`),
        await client.post('/edge/intro/book', { _csrf: csrf, start: instant, timezone: 'UTC', name: 'Ivy', email: 'ivy@example.com' }),
        await client.get(`/meetings/${meetingId}/reschedule/confirm?token=${manageToken}&${q}`),
        await client.post(`/meetings/${meetingId}/reschedule`, { _csrf: csrf, token: manageToken, start: instant, timezone: 'UTC' }),
      ];
      for (const [i, res] of pages.entries()) {
        expect(res.status, `page ${i}: ${/<main[\s\S]*?<\/main>/.exec(res.text)?.[0]}`).to.equal(400);
        expect(res.headers.get('content-type')).to.match(/^text\/html/);
      }
    });
  }
});
