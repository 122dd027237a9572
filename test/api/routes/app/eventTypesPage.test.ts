import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { csrfOfPage, signedInWebClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer } from '../../../helpers/server.js';

describe('event types form (GET /app/event-types, POST /app/event-types/:id)', () => {
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let web: Awaited<ReturnType<typeof signedInWebClient>>;
  let id: string;

  const errorOf = (page: string, inputId: string) => new RegExp(`<p class="field-error" id="${inputId}-error">([^<]*)</p>`).exec(page)?.[1];
  const row = async () => server.deps.db('event_types').where({ id }).first();

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const call = apiClient(server.url);
    const host = await createHost(call, 'dana', { timezone: 'Europe/Berlin' });
    await createEventType(call, host.token, { slug: 'intro', title: 'Intro call' });
    web = await signedInWebClient(server.url, 'dana@example.com');
    const page = await web.request('GET', '/app/event-types');
    id = /action="\/app\/event-types\/([0-9a-f-]+)"/.exec(page.text)![1]!;
  });
  after(async () => {
    await server?.close();
  });

  it('marks the duration required, with the bounds the server checks', async () => {
    const page = await web.request('GET', '/app/event-types');
    expect(page.text).to.match(new RegExp(`id="dur-${id}" name="durationMinutes" type="number" required min="5" max="1440"`));
  });

  for (const [typed, message] of [
    ['', 'whole minutes from 5 to 1440'],
    ['soon', 'whole minutes from 5 to 1440'],
    ['2', 'at least 5 minutes'],
    ['2000', 'at most 1440 minutes'],
  ] as const) {
    it(`comes back as the form with what was typed and an error beside the duration (“${typed}”), saving nothing`, async () => {
      const before = await row();
      const page = await web.request('GET', '/app/event-types');
      const res = await web.request('POST', `/app/event-types/${id}`, { form: { _csrf: csrfOfPage(page.text), title: 'Renamed chat', durationMinutes: typed, location: 'Room 4', requiresApproval: 'on' } });
      expect(res.status).to.equal(400);
      expect(res.text).to.include('<h1>Event types</h1>').and.not.include('Not possible');
      expect(errorOf(res.text, `dur-${id}`)).to.include(message).and.not.match(/Too small|NaN|expected number/);
      expect(res.text).to.include(`value="${typed}" aria-invalid="true" aria-describedby="dur-${id}-error"`);
      expect(res.text).to.include('value="Renamed chat"').and.include('value="Room 4"').and.match(/name="requiresApproval" checked/);
      expect(res.text).to.include('role="alert"');
      expect(await row()).to.deep.equal(before);
    });
  }

  it('still saves a valid form', async () => {
    const page = await web.request('GET', '/app/event-types');
    const res = await web.request('POST', `/app/event-types/${id}`, { form: { _csrf: csrfOfPage(page.text), title: 'First chat', durationMinutes: ' 45 ', isPublic: 'on' } });
    expect(res.headers.get('location')).to.equal('/app/event-types?saved=1');
    expect(await row()).to.include({ title: 'First chat', duration_minutes: 45, is_public: true, requires_approval: false });
  });
});
