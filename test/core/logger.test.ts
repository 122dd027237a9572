import { expect } from 'chai';
import { redactUrl } from '../../core/logger.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, capturedLogs, registerUser, startTestServer } from '../helpers/server.js';

describe('core/logger redactUrl', () => {
  it('hides the feed token in /ics/ paths and any Yava secret in a path segment', () => {
    expect(redactUrl('/ics/yfeed_AbC-123.ics')).to.equal('/ics/[redacted].ics');
    expect(redactUrl('/ics/anything-else')).to.equal('/ics/[redacted]');
    expect(redactUrl('/verify/yava_ev_secret')).to.equal('/verify/[redacted]');
    expect(redactUrl('/api/meetings/8f1c')).to.equal('/api/meetings/8f1c');
  });

  it('hides the values of secret-bearing query parameters and keeps the others', () => {
    expect(redactUrl('/meetings/42?token=yava_mt_abc&timezone=UTC')).to.equal('/meetings/42?token=[redacted]&timezone=UTC');
    expect(redactUrl('/meetings/42.ics?timezone=UTC&token=x')).to.equal('/meetings/42.ics?timezone=UTC&token=[redacted]');
    expect(redactUrl('/x?manageToken=a&code=b&api_key=c&%74oken=d&date=2026-12-01')).to.equal('/x?manageToken=[redacted]&code=[redacted]&api_key=[redacted]&%74oken=[redacted]&date=2026-12-01');
  });
});

describe('the access log', function () {
  // Setup starts a server and registers users: slow when the machine is loaded.
  this.timeout(120_000);
  it('never carries a feed token or a manage token', async () => {
    await resetTestDb();
    const server = await startTestServer();
    try {
      const call = apiClient(server.url);
      const s = await registerUser(call);
      const feed = await call('GET', '/api/me/feed', { token: s.accessToken });
      const path = new URL(feed.body.url).pathname;
      const token = path.slice('/ics/'.length, -'.ics'.length);
      const from = capturedLogs.length;
      expect((await call('GET', path)).status).to.equal(200);
      expect((await call('GET', '/meetings/00000000-0000-4000-8000-000000000000.ics?token=yava_mt_secretvalue123')).status).to.equal(404);
      const lines = capturedLogs.slice(from).join('');
      expect(lines).to.include('/ics/[redacted].ics').and.include('token=[redacted]');
      expect(lines).not.to.include(token);
      expect(lines).not.to.include('yava_mt_secretvalue123');
    } finally {
      await server.close();
    }
  });
});
