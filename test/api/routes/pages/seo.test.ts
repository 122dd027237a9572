import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

describe('SEO: meta, JSON-LD, preview image, sitemap, robots, slug redirects, noindex', () => {
  let server: RunningServer;
  let call: ReturnType<typeof apiClient>;
  let token: string;
  let eventTypeId: string;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const get = (path: string) => fetch(server.url + path, { redirect: 'manual' }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { PUBLIC_URL: 'https://book.example.org' } });
    call = apiClient(server.url);
    const host = await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: 'UTC' });
    token = host.accessToken;
    eventTypeId = (await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', description: 'A first chat.', durationMinutes: 30 })).id;
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'secret', title: 'Hidden', durationMinutes: 30, isPublic: false });
  });
  after(() => server.close());

  it('gives an event type a title, description, canonical URL, Open Graph and Twitter cards and JSON-LD (Service by a Person)', async () => {
    const { text } = await get('/hela/intro');
    expect(text).to.include('<title>Intro call · Yava</title>').and.include('<meta name="description" content="A first chat.">');
    expect(text).to.include('<link rel="canonical" href="https://book.example.org/hela/intro">');
    expect(text).to.include('<meta property="og:image" content="https://book.example.org/hela/intro/preview.svg">').and.include('<meta name="twitter:card" content="summary_large_image">');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(text)![1]!);
    expect(ld).to.deep.include({ '@type': 'Service', name: 'Intro call', url: 'https://book.example.org/hela/intro' });
    expect(ld.provider).to.deep.include({ '@type': 'Person', name: 'Hela Host' });
    expect(text).not.to.include('noindex');
  });

  it('draws the preview image as SVG', async () => {
    const res = await get('/hela/intro/preview.svg');
    expect(res.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(res.text).to.include('Intro call').and.include('Hela Host').and.include('30 min');
  });

  it('lists public pages in sitemap.xml and points robots.txt at it; private types stay out', async () => {
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.text).to.include('<loc>https://book.example.org/hela</loc>').and.include('<loc>https://book.example.org/hela/intro</loc>').and.not.include('secret');
    const robots = await get('/robots.txt');
    expect(robots.text).to.include('Sitemap: https://book.example.org/sitemap.xml').and.include('Disallow: /meetings/');
  });

  it('keeps manage pages and forms out of search engines (noindex meta and X-Robots-Tag)', async () => {
    const form = await get('/hela/intro/book?start=2026-11-25T09:00:00Z&timezone=UTC');
    expect(form.headers.get('x-robots-tag')).to.equal('noindex, nofollow');
    expect(form.text).to.include('<meta name="robots" content="noindex, nofollow">').and.not.include('og:title');
  });

  it('keeps error pages out of search engines with the X-Robots-Tag header as well as the meta tag', async () => {
    for (const [path, status] of [['/nope', 404], ['/hela/nope', 404], ['/hela/intro?date=2026-13-45', 400], ['/hela/intro/book/too/deep', 404]] as const) {
      const res = await get(path);
      expect(res.status, path).to.equal(status);
      expect(res.text, path).to.include('<meta name="robots" content="noindex, nofollow">');
      expect(res.headers.get('x-robots-tag'), path).to.equal('noindex, nofollow');
    }
  });

  it('answers the old slug of a renamed event type with a 301 to the new one, keeping the query', async () => {
    const renamed = await call('PATCH', `/api/event-types/${eventTypeId}`, { token, body: { slug: 'first-call' } });
    expect(renamed.status).to.equal(200);
    const old = await get('/hela/intro?timezone=UTC');
    expect(old.status).to.equal(301);
    expect(old.headers.get('location')).to.equal('/hela/first-call?timezone=UTC');
    expect((await get('/hela/never-existed')).status).to.equal(404);
  });
});
