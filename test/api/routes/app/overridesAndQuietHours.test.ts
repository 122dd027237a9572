import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { csrfOfPage, signedInWebClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createHost } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('dashboard settings: date overrides (/app/overrides) and quiet hours (/app/quiet-hours)', () => {
  // Tuesday 24 Nov 2026, 23:30 UTC = Wednesday 25 Nov 00:30 in Berlin: "today" is the 25th there.
  const clock = createFixedClock('2026-11-24T23:30:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let dana: Awaited<ReturnType<typeof signedInWebClient>>;
  let otto: Awaited<ReturnType<typeof signedInWebClient>>;
  let danaId: string;

  const overrides = async () => (await server.deps.services.scheduling.getSchedule(danaId)).overrides;
  /** The <p class="field-error"> tied to an input, or undefined. */
  const errorOf = (page: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(page)?.[1];

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    const host = await createHost(call, 'dana', { timezone: 'Europe/Berlin' });
    await createHost(call, 'otto', { timezone: 'UTC' });
    danaId = (await server.deps.db('users').where({ username: 'dana' }).first()).id;
    // Through the API: one past override, one upcoming.
    const put = await call('PUT', '/api/availability/schedule', {
      token: host.token,
      body: { timezone: 'Europe/Berlin', weekly: [{ day: 'mon', start: '09:00', end: '17:00' }], overrides: [{ date: '2026-11-20', intervals: [] }, { date: '2026-12-24', intervals: [{ start: '10:00', end: '12:00' }] }] },
    });
    expect(put.status, put.text).to.equal(200);
    [dana, otto] = [await signedInWebClient(server.url, 'dana@example.com'), await signedInWebClient(server.url, 'otto@example.com')];
  });
  after(async () => {
    await server?.close();
  });

  it('GET /app/overrides lists the overrides from today on in the schedule’s zone, and the navigation leads there', async () => {
    const page = await dana.request('GET', '/app/overrides');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('href="/app/overrides" aria-current="page"').and.include('href="/app/quiet-hours"');
    expect(page.text).to.include('Thursday 24 December 2026').and.include('10:00–12:00');
    expect(page.text, 'past overrides are not listed').not.to.include('20 November');
    expect(page.text).to.include('Europe/Berlin').and.include('Wednesday 25 November 2026 today');
    expect(page.text).to.include('min="2026-11-25"');
    expect(page.text).to.match(/<label class="sr" for="start_0">Range 1 from<\/label><input id="start_0"/);
  });

  it('POST /app/overrides adds a day off and a date with two ranges (today counts), replacing one already there', async () => {
    const page = await dana.request('GET', '/app/overrides');
    const closed = await dana.request('POST', '/app/overrides', { form: { _csrf: csrfOfPage(page.text), date: '2026-11-25', mode: 'closed' } });
    expect(closed.status, closed.text).to.equal(303);
    expect(closed.headers.get('location')).to.equal('/app/overrides?done=added');
    const hours = await dana.request('POST', '/app/overrides', { form: { _csrf: csrfOfPage(page.text), date: '2026-12-24', mode: 'hours', start_0: '13:00', end_0: '15:00', start_1: '08:00', end_1: '09:30', start_2: '', end_2: '' } });
    expect(hours.status, hours.text).to.equal(303);
    expect(await overrides()).to.deep.equal([
      { date: '2026-11-20', intervals: [] },
      { date: '2026-11-25', intervals: [] },
      { date: '2026-12-24', intervals: [{ start: '13:00', end: '15:00' }, { start: '08:00', end: '09:30' }] },
    ]);
    const listed = await dana.request('GET', '/app/overrides?done=added');
    expect(listed.text).to.include('Override saved.').and.include('Wednesday 25 November 2026</th><td>Closed all day');
  });

  it('refuses a form without its CSRF token', async () => {
    const before = await overrides();
    const res = await dana.request('POST', '/app/overrides', { form: { date: '2026-12-30', mode: 'closed' } });
    expect(res.status).to.equal(403);
    const quiet = await dana.request('POST', '/app/quiet-hours', { form: { start: '22:00', end: '07:00' } });
    expect(quiet.status).to.equal(403);
    const del = await dana.request('POST', '/app/overrides/2026-12-24/delete', { form: {} });
    expect(del.status).to.equal(403);
    expect(await overrides()).to.deep.equal(before);
    expect((await server.deps.services.notify.settings.getPreferences(danaId)).quietHours).to.equal(null);
  });

  it('re-renders the form with the error beside its field and everything typed: end before start, past date, overlap, malformed', async () => {
    const before = await overrides();
    const csrf = csrfOfPage((await dana.request('GET', '/app/overrides')).text);
    const post = (form: Record<string, string>) => dana.request('POST', '/app/overrides', { form: { _csrf: csrf, ...form } });

    const reversed = await post({ date: '2026-12-31', mode: 'hours', start_0: '17:00', end_0: '09:00', start_1: '18:00', end_1: '19:00' });
    expect(reversed.status).to.equal(400);
    expect(errorOf(reversed.text, 'end_0')).to.include('17:00–09:00').and.include('end at or before they start');
    expect(reversed.text).to.include('id="end_0" name="end_0" type="time" value="09:00" aria-invalid="true" aria-describedby="end_0-error"');
    expect(reversed.text).to.include('value="2026-12-31"').and.include('value="18:00"').and.include('value="19:00"');
    expect(reversed.text).to.match(/name="mode" value="hours" checked/);
    expect(reversed.text).to.include('role="alert"');

    const past = await post({ date: '2026-11-24', mode: 'closed' });
    expect(past.status).to.equal(400);
    expect(errorOf(past.text, 'date')).to.equal('2026-11-24 has passed (today is 2026-11-25); pick today or a later date');

    const overlap = await post({ date: '2026-12-31', mode: 'hours', start_0: '09:00', end_0: '12:00', start_1: '11:00', end_1: '13:00' });
    expect(overlap.status).to.equal(400);
    expect(errorOf(overlap.text, 'start_1')).to.equal('11:00–13:00 overlaps 09:00–12:00; make them one range or move one');

    const malformed = await post({ date: '2026-02-30', mode: 'hours', start_0: '9am', end_0: '12:00' });
    expect(malformed.status).to.equal(400);
    expect(errorOf(malformed.text, 'date')).to.include('&quot;2026-02-30&quot; is not a date');
    expect(errorOf(malformed.text, 'start_0')).to.include('Invalid time &quot;9am&quot;');
    expect(malformed.text).to.include('value="9am"');

    const contradiction = await post({ date: '2026-12-31', mode: 'closed', start_0: '09:00', end_0: '10:00' });
    expect(errorOf(contradiction.text, 'mode')).to.include('Closed all day');
    const noHours = await post({ date: '2026-12-31', mode: 'hours' });
    expect(errorOf(noHours.text, 'start_0')).to.include('at least one range');
    const half = await post({ date: '2026-12-31', mode: 'hours', start_0: '09:00' });
    expect(errorOf(half.text, 'end_0')).to.include('Invalid time &quot;&quot;');
    expect(await overrides(), 'nothing refused was saved').to.deep.equal(before);
  });

  it('POST /app/overrides/:date/delete removes the viewer’s own override; another user’s stays (404 for them)', async () => {
    const theirs = await otto.request('GET', '/app/overrides');
    expect(theirs.text).not.to.include('24 December');
    const refused = await otto.request('POST', '/app/overrides/2026-12-24/delete', { form: { _csrf: csrfOfPage(theirs.text) } });
    expect(refused.status).to.equal(404);
    expect(refused.text).to.include('There is no date override on 2026-12-24');
    expect((await overrides()).map((o) => o.date)).to.include('2026-12-24');

    const page = await dana.request('GET', '/app/overrides');
    expect(page.text).to.include('action="/app/overrides/2026-12-24/delete"').and.include('Delete<span class="sr"> the override on Thursday 24 December 2026</span>');
    const deleted = await dana.request('POST', '/app/overrides/2026-12-24/delete', { form: { _csrf: csrfOfPage(page.text) } });
    expect(deleted.headers.get('location')).to.equal('/app/overrides?done=deleted');
    expect((await overrides()).map((o) => o.date)).to.deep.equal(['2026-11-20', '2026-11-25']);
    expect((await dana.request('GET', '/app/overrides?done=deleted')).text).to.include('Override deleted.');
  });

  it('quiet hours: shows them off, sets a window past midnight in the viewer’s zone, refuses bad times keeping them, turns them off', async () => {
    const page = await dana.request('GET', '/app/quiet-hours');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('<strong>Off</strong>').and.include('Europe/Berlin').and.include('it is 00:30 there now');
    expect(page.text).to.include('<label for="start">From</label>').and.include('href="/app/quiet-hours" aria-current="page"');
    const csrf = csrfOfPage(page.text);

    const set = await dana.request('POST', '/app/quiet-hours', { form: { _csrf: csrf, start: '22:00', end: '07:00' } });
    expect(set.headers.get('location')).to.equal('/app/quiet-hours?saved=1');
    expect((await server.deps.services.notify.settings.getPreferences(danaId)).quietHours).to.deep.equal({ start: '22:00', end: '07:00' });
    const shown = await dana.request('GET', '/app/quiet-hours?saved=1');
    expect(shown.text).to.include('from 22:00 until 07:00 the next morning (Europe/Berlin)').and.include('Turn quiet hours off');

    const same = await dana.request('POST', '/app/quiet-hours', { form: { _csrf: csrf, start: '08:00', end: '08:00' } });
    expect(same.status).to.equal(400);
    expect(same.text).to.include('<p class="field-error" id="quiet-error">').and.include('They start and end at 08:00');
    expect(same.text).to.include('id="start" name="start" type="time" required value="08:00" aria-invalid="true"');
    const malformed = await dana.request('POST', '/app/quiet-hours', { form: { _csrf: csrf, start: '25:00', end: '07:00' } });
    expect(malformed.status).to.equal(400);
    expect(errorOf(malformed.text, 'start')).to.include('HH:MM');
    expect(errorOf(malformed.text, 'end')).to.equal(undefined);
    expect(malformed.text).to.include('value="25:00"');
    expect((await server.deps.services.notify.settings.getPreferences(danaId)).quietHours, 'refused forms change nothing').to.deep.equal({ start: '22:00', end: '07:00' });

    const off = await dana.request('POST', '/app/quiet-hours', { form: { _csrf: csrf, start: '22:00', end: '07:00', off: 'on' } });
    expect(off.status).to.equal(303);
    expect((await server.deps.services.notify.settings.getPreferences(danaId)).quietHours).to.equal(null);
  });
});
