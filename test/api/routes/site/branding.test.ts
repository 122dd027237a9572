import { expect } from 'chai';
import { request } from 'node:http';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { createCustomDomains } from '../../../../core/site/customDomains.js';
import { createDomainProbes } from '../../../../core/site/domainProbes.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

/** A GET as a browser on another host name sends it (fetch cannot set Host). */
function getWithHost(base: string, host: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    })
      .on('error', reject)
      .end();
  });
}

describe('branding and custom domains', () => {
  let server: RunningServer;
  let call: ReturnType<typeof apiClient>;
  let token: string;
  let userId: string;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    const host = await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: 'UTC' });
    token = host.accessToken;
    userId = host.user.id;
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
  });
  after(() => server.close());

  it('PUT /api/me/branding: the booking page takes the colour (as a stylesheet), the logo and the picture', async () => {
    const saved = await call('PUT', '/api/me/branding', { token, body: { brandColor: '#7A1FA2', logoUrl: 'https://cdn.example.com/logo.png', avatarUrl: 'https://cdn.example.com/hela.jpg' } });
    expect(saved.body).to.deep.equal({ brandColor: '#7a1fa2', logoUrl: 'https://cdn.example.com/logo.png', avatarUrl: 'https://cdn.example.com/hela.jpg', hideBranding: false });
    const page = await (await fetch(`${server.url}/hela/intro?timezone=UTC`)).text();
    expect(page).to.include('<link rel="stylesheet" href="/assets/brand.css?color=7a1fa2">').and.include('src="https://cdn.example.com/logo.png"').and.include('<img class="avatar" src="https://cdn.example.com/hela.jpg"');
    expect(page).to.include('Powered by Yava');
    expect(await (await fetch(`${server.url}/assets/brand.css?color=7a1fa2`)).text()).to.include('--accent:#7a1fa2;--accent-fg:#fff');
    expect((await call('PUT', '/api/me/branding', { token, body: { brandColor: 'purple' } })).status).to.equal(400);
    expect((await call('PUT', '/api/me/branding', { token, body: { logoUrl: 'javascript:alert(1)' } })).status).to.equal(400);
  });

  it('hides Yava branding where the plan has white label; e-mails of the host\u2019s meetings carry the brand', async () => {
    await call('PUT', '/api/me/branding', { token, body: { hideBranding: true } });
    const page = await (await fetch(`${server.url}/hela/intro?timezone=UTC`)).text();
    expect(page).not.to.include('Powered by Yava');
    expect(page).to.include('<title>Intro call</title>');
    const form = await (await fetch(`${server.url}/hela/intro/book?start=2026-11-25T10:00:00Z&timezone=UTC`)).text();
    expect(form, 'the booking form too').not.to.include('Powered by Yava');
    expect(form).to.include('brand.css?color=7a1fa2');
    await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ina', email: 'ina@example.org', timezone: 'UTC' } });
    const [mail] = await server.deps.db('outbox').where({ channel: 'email' }).whereRaw("payload->>'to' = ?", ['ina@example.org']).select('payload');
    const payload = typeof mail.payload === 'string' ? JSON.parse(mail.payload) : mail.payload;
    expect(payload.html).to.include('src="https://cdn.example.com/logo.png"').and.include('color:#7a1fa2').and.include('— Hela Host');
    expect(payload.text).to.include('— Hela Host').and.not.include('— Yava');
  });

  it('PUT /api/teams/:slug/branding: a team admin sets the team’s brand; a non-member is told no such team', async () => {
    await server.deps.services.scheduling.createTeam(userId, { slug: 'acme', name: 'Acme', members: [] });
    const saved = await call('PUT', '/api/teams/acme/branding', { token, body: { brandColor: '#00695C', hideBranding: true } });
    expect(saved.body).to.deep.equal({ brandColor: '#00695c', logoUrl: null, hideBranding: true });
    const other = await registerUser(call, { name: 'Olga Other', username: 'olga', timezone: 'UTC' });
    expect((await call('PUT', '/api/teams/acme/branding', { token: other.accessToken, body: { brandColor: '#000000' } })).status).to.equal(404);
  });

  it('refuses white label on a plan without it (402 plan_required)', async () => {
    const free = await startTestServer({ clock, env: { YAVA_DEFAULT_PLAN: 'free' } });
    try {
      const res = await apiClient(free.url)('PUT', '/api/me/branding', { token, body: { hideBranding: true } });
      expect(res.status).to.equal(402);
      expect(res.body.code).to.equal('plan_required');
    } finally {
      await free.close();
    }
  });

  it('a custom domain, verified over HTTP by pointing it here, serves the owner\u2019s pages at its root', async () => {
    const added = await call('POST', '/api/domains', { token, body: { domain: 'Book.Example.com' } });
    expect(added.status).to.equal(201);
    expect(added.body).to.include({ domain: 'book.example.com', verified: false });
    expect(added.body.txtRecord.value).to.equal(`yava-verification=${added.body.verificationToken}`);
    expect((await getWithHost(server.url, 'book.example.com', '/')).status, 'unverified: not their site yet').to.equal(200);
    // The real HTTP probe, sent to this server as if DNS pointed book.example.com here.
    const port = Number(new URL(server.url).port);
    const domains = createCustomDomains({ db: server.deps.db, clock, probes: { txt: async () => null, http: createDomainProbes({ connectTo: { host: '127.0.0.1', port } }).http } });
    expect((await domains.verify(userId, 'book.example.com')).verified).to.equal(true);
    const failing = createCustomDomains({ db: server.deps.db, clock, probes: { txt: async () => ['yava-verification=wrong'], http: async () => null } });
    expect(await failing.verify(userId, 'book.example.com').catch((e) => e.code)).to.equal('unprocessable');

    // One address per page on the domain: the sitemap, canonical, og:url and JSON-LD agree (/ and /intro).
    const home = await getWithHost(server.url, 'book.example.com', '/');
    expect(home.text).to.include('<h1>Hela Host</h1>');
    expect(home.text).to.include('<link rel="canonical" href="http://book.example.com/">').and.include('<meta property="og:url" content="http://book.example.com/">');
    const intro = await getWithHost(server.url, 'book.example.com', '/intro?timezone=UTC');
    expect(intro.status).to.equal(200);
    expect(intro.text).to.include('<link rel="canonical" href="http://book.example.com/intro">').and.include('<meta property="og:url" content="http://book.example.com/intro">');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(intro.text)![1]!);
    expect(ld.provider.url).to.equal('http://book.example.com/');
    const sitemap = await getWithHost(server.url, 'book.example.com', '/sitemap.xml');
    const locs = [...sitemap.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).to.deep.equal(['http://book.example.com/', 'http://book.example.com/intro']);
    expect((await call('POST', '/api/domains', { token, body: { domain: 'book.example.com' } })).status).to.equal(409);
    expect((await call('GET', '/api/domains', { token })).body.domains).to.have.length(1);
  });

  it('a domain claimed by two accounts is settled by DNS only, and DNS takes a domain over from a claim proved over HTTP', async () => {
    const port = Number(new URL(server.url).port);
    const viaHttp = createDomainProbes({ connectTo: { host: '127.0.0.1', port } }).http;
    const withTxt = (value: string) => createCustomDomains({ db: server.deps.db, clock, probes: { txt: async () => [value], http: viaHttp } });
    const pointedHere = createCustomDomains({ db: server.deps.db, clock, probes: { txt: async () => null, http: viaHttp } });
    const mallory = await registerUser(call, { name: 'Mallory', username: 'mallory' });
    const owner = await registerUser(call, { name: 'Dora Owner', username: 'dora' });

    // Mallory claims a domain that points here before its owner does: the owner can still claim it.
    const first = await call('POST', '/api/domains', { token: mallory.accessToken, body: { domain: 'shop.example.org' } });
    expect(first.status).to.equal(201);
    expect(first.body.contested).to.equal(false);
    const second = await call('POST', '/api/domains', { token: owner.accessToken, body: { domain: 'shop.example.org' } });
    expect(second.status, second.text).to.equal(201);
    expect(second.body.contested).to.equal(true);
    // With two claims the server answers neither token, so pointing the domain here settles nothing.
    const file = await getWithHost(server.url, 'shop.example.org', '/.well-known/yava-verification.txt');
    expect(file.text).not.to.include(first.body.verificationToken).and.not.to.include(second.body.verificationToken);
    const refused = await pointedHere.verify(mallory.user.id, 'shop.example.org').catch((e) => e);
    expect(refused.code).to.equal('unprocessable');
    expect(refused.details).to.deep.include({ reason: 'domain_not_verified', contested: true });
    expect(refused.message).to.include('another account claims shop.example.org too');
    // The owner proves it by DNS: theirs, and Mallory's claim ends.
    const settled = await withTxt(second.body.txtRecord.value).verify(owner.user.id, 'shop.example.org');
    expect(settled).to.include({ verified: true, verifiedVia: 'dns', contested: false });
    expect((await call('GET', '/api/domains', { token: mallory.accessToken })).body.domains).to.deep.equal([]);
    expect((await call('POST', '/api/domains', { token: mallory.accessToken, body: { domain: 'shop.example.org' } })).status, 'proved by DNS: taken').to.equal(409);

    // Hela's book.example.com was proved over HTTP (the test above): its DNS owner takes it over.
    const claim = await call('POST', '/api/domains', { token: owner.accessToken, body: { domain: 'book.example.com' } });
    expect(claim.status, claim.text).to.equal(201);
    expect((await server.deps.services.site.domains.ownerOf('book.example.com'))!.user, 'still Hela\u2019s until settled').to.equal('hela');
    await withTxt(claim.body.txtRecord.value).verify(owner.user.id, 'book.example.com');
    expect((await server.deps.services.site.domains.ownerOf('book.example.com'))!.user).to.equal('dora');
    expect((await call('GET', '/api/domains', { token })).body.domains).to.deep.equal([]);
  });

  it('looks up no custom domain for API calls and probes made by another host name (the bots call http://api:3000)', async () => {
    const seen: string[] = [];
    const listener = (q: { sql: string }) => seen.push(q.sql);
    server.deps.db.on('query', listener);
    try {
      expect((await getWithHost(server.url, 'api', '/health')).status).to.equal(200);
      expect((await getWithHost(server.url, 'api', '/api/event-types?user=hela')).status).to.be.oneOf([200, 401]);
      expect(seen.filter((sql) => sql.includes('custom_domains'))).to.deep.equal([]);
      // A page on that name is still looked up: it could be someone's domain.
      await getWithHost(server.url, 'api', '/');
      expect(seen.filter((sql) => sql.includes('custom_domains'))).to.have.length(1);
    } finally {
      server.deps.db.off('query', listener);
    }
  });
});
