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

describe('a method no route of a path takes (405, 501)', function () {
  this.timeout(120_000);
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  const send = (method: string, path: string, accept = '*/*') => apiClient(server.url)(method, path, { headers: { accept } });
  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  it('answers 405 as problem+json naming the allowed methods, and keeps the Allow header', async () => {
    for (const [method, path, allow] of [['DELETE', '/api/meetings/abc', 'HEAD, GET, PATCH'], ['PUT', '/api/me', 'HEAD, GET, PATCH'], ['DELETE', '/health', 'HEAD, GET']] as const) {
      const res = await send(method, path);
      expect(res.status, path).to.equal(405);
      expect(res.headers.get('content-type'), path).to.equal('application/problem+json');
      expect(res.headers.get('allow'), path).to.equal(allow);
      expect(res.body, path).to.include({ status: 405, title: 'Method Not Allowed', code: 'method_not_allowed', instance: path });
      expect(res.body.detail, path).to.equal(`${method} is not allowed on ${path}: it allows ${allow} (see the Allow header)`);
      expect(res.body.details, path).to.deep.equal({ method, allowed: allow.split(', ') });
    }
  });

  it('answers a method the server does not know with 501 problem+json, and no empty Allow for a path nothing serves', async () => {
    const known = await send('PROPFIND', '/api/me');
    expect(known.status).to.equal(501);
    expect(known.headers.get('allow')).to.equal('HEAD, GET, PATCH');
    expect(known.body).to.include({ code: 'method_not_implemented', detail: 'This server does not implement the PROPFIND method; /api/me allows HEAD, GET, PATCH' });
    const unknown = await send('PROPFIND', '/api/nothing/here');
    expect(unknown.headers.get('content-type')).to.equal('application/problem+json');
    expect(unknown.headers.get('allow')).to.equal(null);
  });

  it('shows a browser an HTML error page for a page path, and gives programs problem+json there', async () => {
    const page = await send('POST', '/somebody', BROWSER);
    expect(page.status).to.equal(405);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(page.headers.get('allow')).to.equal('HEAD, GET');
    expect(page.headers.get('content-security-policy')).to.include("default-src 'none'");
    expect(page.text).to.include('Method not allowed').and.include('does not take a POST request (it takes HEAD, GET)').and.include('noindex');
    expect((await send('POST', '/somebody')).body).to.include({ code: 'method_not_allowed' });
    expect((await send('DELETE', '/api/me', BROWSER)).headers.get('content-type')).to.equal('application/problem+json');
  });

  it('a worker process (only /health, /ready, /metrics) answers a wrong method there the same way', async () => {
    const worker = await startTestServer({ role: 'worker' });
    try {
      const res = await apiClient(worker.url)('DELETE', '/health');
      expect(res.status).to.equal(405);
      expect(res.headers.get('content-type')).to.equal('application/problem+json');
      expect(res.headers.get('allow')).to.equal('HEAD, GET');
      expect((await apiClient(worker.url)('GET', '/api/me')).status, 'no API on a worker').to.equal(404);
    } finally {
      await worker.close();
    }
  });

  it('still answers OPTIONS with 200 and the Allow header', async () => {
    const res = await send('OPTIONS', '/api/me');
    expect(res.status).to.equal(200);
    expect(res.headers.get('allow')).to.equal('HEAD, GET, PATCH');
  });
});
