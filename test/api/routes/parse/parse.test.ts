import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('POST /api/parse', () => {
  let server: RunningServer;
  let call: ApiCall;
  before(async () => {
    server = await startTestServer();
    call = apiClient(server.url);
  });
  after(() => server.close());

  it('turns a sentence into an Intent resolved in the given zone', async () => {
    const res = await call('POST', '/api/parse', { body: { text: '30 min with @alice tomorrow at 3pm', timezone: 'Europe/Berlin', now: '2026-11-24T09:00:00Z' } });
    expect(res.status).to.equal(200);
    expect(res.body.action).to.equal('book');
    expect(res.body.durationMinutes).to.equal(30);
    expect(res.body.attendees).to.deep.include({ handle: 'alice' });
    expect(res.body.start).to.equal('2026-11-25T15:00:00.000+01:00');
    expect(res.body.timezone).to.equal('Europe/Berlin');
  });

  it('asks for what is missing instead of guessing', async () => {
    const res = await call('POST', '/api/parse', { body: { text: 'book a call with bob', timezone: 'UTC', now: '2026-11-24T09:00:00Z' } });
    expect(res.status).to.equal(200);
    expect(res.body.start).to.equal(null);
    expect(res.body.missing).to.include('start');
  });

  it('rejects an unknown zone, a bad now and unknown fields with field errors', async () => {
    const zone = await call('POST', '/api/parse', { body: { text: 'tomorrow 3pm', timezone: 'Nowhere/City' } });
    expect(zone.status).to.equal(400);
    expect(zone.body.code).to.equal('validation_failed');
    const now = await call('POST', '/api/parse', { body: { text: 'tomorrow 3pm', now: 'yesterday' } });
    expect(now.status).to.equal(400);
    expect(now.body.errors[0].field).to.equal('now');
    const extra = await call('POST', '/api/parse', { body: { text: 'x', when: 'now' } });
    expect(extra.body.errors[0]).to.deep.equal({ field: 'when', message: 'unknown field' });
  });
});
