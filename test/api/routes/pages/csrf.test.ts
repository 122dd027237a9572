import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { CSRF_TTL_MS } from '../../../../api/routes/pages/csrf.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer } from '../../../helpers/server.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import { hiddenValue, pageClient } from './helpers.js';

describe('booking page CSRF: tokens expire, and forms from other sites are refused', function () {
  // Setup starts a server and registers users: slow when the machine is loaded.
  this.timeout(120_000);
  let server: RunningServer;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const formPath = '/csrf/intro/book?start=2026-11-25T10:00:00.000Z&timezone=UTC';

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    const call = apiClient(server.url);
    const host = await createHost(call, 'csrf');
    await createEventType(call, host.token, { slug: 'intro' });
  });
  after(() => server?.close());
  beforeEach(() => clock.set('2026-11-24T08:00:00Z'));

  /** Loads the form, then posts it with `headers` (e.g. Origin); returns the status and page. */
  async function submit(headers: Record<string, string>, afterLoad?: () => void, loadFrom = formPath) {
    const client = pageClient(server.url);
    const page = await client.get(loadFrom);
    expect(page.status).to.equal(200);
    afterLoad?.();
    const form = { _csrf: hiddenValue(page.text, '_csrf'), start: '2026-11-25T10:00:00.000Z', timezone: 'UTC', name: 'Ivy', email: 'ivy@example.com' };
    const res = await fetch(`${server.url}/csrf/intro/book`, {
      method: 'POST',
      headers: { cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    return { status: res.status, text: await res.text() };
  }

  it('refuses a form posted from another origin (Origin, or Referer without Origin)', async () => {
    const fromOrigin = await submit({ origin: 'https://evil.example' });
    expect(fromOrigin.status).to.equal(403);
    expect(fromOrigin.text).to.include('sent from another site');
    expect((await submit({ referer: 'https://evil.example/attack.html' })).status).to.equal(403);
    expect(await server.deps.db('bookings').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
  });

  it(`refuses a token older than ${CSRF_TTL_MS / 3_600_000} hours`, async () => {
    const stale = await submit({}, () => clock.set(new Date(Date.parse('2026-11-24T08:00:00Z') + CSRF_TTL_MS + 60_000)));
    expect(stale.status).to.equal(403);
    expect(stale.text).to.include('This form has expired');
  });

  it('accepts a fresh token sent from this origin', async () => {
    const ok = await submit({ origin: server.url, referer: `${server.url}${formPath}` });
    expect(ok.status, ok.text.slice(0, 400)).to.equal(303);
    // What a browser sends under our no-referrer policy: Origin null, no Referer; the token decides.
    // (The form comes from another time's page: the form of a taken time is no longer shown.)
    const again = await submit({ origin: 'null' }, () => clock.set('2026-11-24T08:01:00Z'), formPath.replace('T10:00', 'T10:30'));
    expect(again.status).to.equal(409); // past the CSRF check: the slot was just taken above
  });
});
