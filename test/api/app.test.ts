import { expect } from 'chai';
import type { RunningServer } from '../../server/compose.js';
import { createFixedClock } from '../../core/clock.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, startTestServer } from '../helpers/server.js';
import { createEventType, createHost } from '../helpers/scheduling.js';

describe('security headers on every response', function () {
  // Setup starts a server and registers users: slow when the machine is loaded.
  this.timeout(120_000);
  let plain: RunningServer;
  let proxied: RunningServer;
  let feedPath: string;

  before(async () => {
    await resetTestDb();
    // A fixed clock: the booking form is shown only for a start still offered (a week ahead here).
    const clock = createFixedClock('2026-11-24T08:00:00Z');
    plain = await startTestServer({ clock });
    proxied = await startTestServer({ clock, env: { TRUST_PROXY: 'on' } });
    const call = apiClient(plain.url);
    const host = await createHost(call, 'hdr');
    await createEventType(call, host.token, { slug: 'intro' });
    feedPath = new URL((await call('GET', '/api/me/feed', { token: host.token })).body.url).pathname;
  });
  after(async () => {
    await plain?.close();
    await proxied?.close();
  });

  const get = (server: RunningServer, path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers, redirect: 'manual' });

  it('X-Content-Type-Options: nosniff on JSON, problems, pages, feeds, assets and 304s', async () => {
    const first = await get(plain, feedPath);
    const responses = [
      await get(plain, '/health'),
      await get(plain, '/api/nothing'),
      await get(plain, '/hdr'),
      await get(plain, '/nobody-at-all'),
      first,
      await get(plain, feedPath, { 'if-none-match': first.headers.get('etag')! }),
      await get(plain, '/assets/app.css'),
      await fetch(`${plain.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
    ];
    expect(responses.map((r) => r.status)).to.deep.equal([200, 404, 200, 404, 200, 304, 200, 400]);
    for (const res of responses) expect(res.headers.get('x-content-type-options'), res.url).to.equal('nosniff');
  });

  it('a Content-Security-Policy on every HTML response, error pages included', async () => {
    for (const path of ['/hdr', '/hdr/intro', '/nobody-at-all', '/hdr/intro/book?start=nonsense&timezone=UTC', '/verify-email?token=x']) {
      const res = await get(plain, path);
      expect(res.headers.get('content-type'), path).to.match(/^text\/html/);
      expect(res.headers.get('content-security-policy'), path).to.include("default-src 'none'").and.include("frame-ancestors 'none'");
    }
  });

  it('HSTS and Secure cookies when served over TLS behind a trusted proxy (X-Forwarded-Proto: https)', async () => {
    const overTls = await get(proxied, '/hdr/intro/book?start=2026-12-01T10:00:00.000Z&timezone=UTC', { 'x-forwarded-proto': 'https' });
    expect(overTls.headers.get('strict-transport-security')).to.match(/^max-age=\d{8,}; includeSubDomains$/);
    expect(overTls.headers.getSetCookie().join('\n')).to.match(/yava_csrf=[^;]+;.*secure/i);
    expect((await get(proxied, '/health', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).to.match(/^max-age=/);
    const overHttp = await get(proxied, '/health');
    expect(overHttp.headers.get('strict-transport-security')).to.equal(null);
  });

  it('ignores X-Forwarded-Proto without TRUST_PROXY: no HSTS, no Secure cookie', async () => {
    const spoofed = await get(plain, '/hdr/intro/book?start=2026-12-01T10:00:00.000Z&timezone=UTC', { 'x-forwarded-proto': 'https' });
    expect(spoofed.headers.get('strict-transport-security')).to.equal(null);
    expect(spoofed.headers.getSetCookie().join('\n')).to.include('yava_csrf=').and.not.match(/secure/i);
  });
});
