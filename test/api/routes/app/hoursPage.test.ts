import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { WeeklyRule } from '../../../../core/availability/types.js';
import type { RunningServer } from '../../../../server/compose.js';
import { csrfOfPage, signedInWebClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createHost } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer } from '../../../helpers/server.js';

/** A valid time string as HTML defines it for `<input type="time">` (HH:MM, optional seconds). */
const VALID_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/;

/**
 * What a browser submits for the page's inputs unchanged: each value as rendered, except that a
 * time input's value that is not a valid time ("24:00") is sanitized to '' (HTML's value
 * sanitization algorithm for type=time).
 */
function submittedValuesOf(page: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [tag] of page.matchAll(/<input\b[^>]*>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const name = attr('name');
    if (!name || name === '_csrf') continue;
    const value = attr('value') ?? '';
    out[name] = attr('type') === 'time' && !VALID_TIME.test(value) ? '' : value;
  }
  return out;
}

describe('POST /app/hours', () => {
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let web: Awaited<ReturnType<typeof signedInWebClient>>;
  let danaId: string;

  const weekly = async () => (await server.deps.services.scheduling.getSchedule(danaId)).weekly;
  const errorOf = (page: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(page)?.[1];

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    await createHost(apiClient(server.url), 'dana', { timezone: 'Europe/Berlin' });
    danaId = (await server.deps.db('users').where({ username: 'dana' }).first()).id;
    web = await signedInWebClient(server.url, 'dana@example.com');
  });
  after(async () => {
    await server?.close();
  });

  it('keeps a range until midnight (24:00) when the form is saved unchanged', async () => {
    const evening: WeeklyRule[] = [{ day: 'mon', start: '09:00', end: '12:00' }, { day: 'mon', start: '18:00', end: '24:00' }, { day: 'tue', start: '00:00', end: '24:00' }];
    await server.deps.services.scheduling.saveSchedule(danaId, { timezone: 'Europe/Berlin', weekly: evening });
    const form = await web.request('GET', '/app/hours');
    const values = submittedValuesOf(form.text);
    expect(values).to.include({ mon_start_2: '18:00', tue_start: '00:00' });
    expect(values.mon_end_2, 'the browser keeps the end of the evening range').to.not.equal('');
    const res = await web.request('POST', '/app/hours', { form: { _csrf: csrfOfPage(form.text), ...values } });
    expect(res.status, res.text).to.equal(303);
    expect(await weekly()).to.deep.equal(evening);
  });

  it('accepts 24:00 (and 00:00) as the end of a range, but not as its start', async () => {
    const form = await web.request('GET', '/app/hours');
    const post = (fields: Record<string, string>) => web.request('POST', '/app/hours', { form: { _csrf: csrfOfPage(form.text), timezone: 'Europe/Berlin', ...fields } });
    const res = await post({ mon_start: '20:00', mon_end: '24:00', wed_start: '22:00', wed_end: '00:00' });
    expect(res.status, res.text).to.equal(303);
    expect(await weekly()).to.deep.equal([{ day: 'mon', start: '20:00', end: '24:00' }, { day: 'wed', start: '22:00', end: '24:00' }]);
    const refused = await post({ mon_start: '24:00', mon_end: '24:00' });
    expect(refused.status).to.equal(400);
    expect(errorOf(refused.text, 'mon_start')).to.include('Monday').and.include('not a time');
    expect(errorOf(refused.text, 'mon_end')).to.equal(undefined);
  });

  it('refuses a row with only one of its times, naming the day and the field, keeps what was typed and saves nothing', async () => {
    const before = await weekly();
    const form = await web.request('GET', '/app/hours');
    const res = await web.request('POST', '/app/hours', { form: { _csrf: csrfOfPage(form.text), timezone: 'Europe/Berlin', mon_start: '09:00', mon_end: '', tue_start: '', tue_end: '', thu_start: '08:00', thu_end: '10:00', thu_start_2: '', thu_end_2: '15:00' } });
    expect(res.status).to.equal(400);
    expect(errorOf(res.text, 'mon_end')).to.include('Monday').and.include('“Until” is missing');
    expect(errorOf(res.text, 'thu_start_2')).to.include('Thursday, range 2').and.include('“From” is missing');
    expect(errorOf(res.text, 'mon_start')).to.equal(undefined);
    expect(res.text).to.include('id="mon_start" name="mon_start" type="time" value="09:00"');
    expect(res.text).to.include('id="mon_end" name="mon_end" type="time" value="" aria-invalid="true" aria-describedby="mon_end-error"');
    expect(res.text).to.include('value="08:00"').and.include('value="15:00"').and.include('role="alert"');
    expect(res.text).not.to.include('Saved.');
    expect(await weekly(), 'nothing saved').to.deep.equal(before);
    // A fully empty row is no hours that day.
    const ok = await web.request('POST', '/app/hours', { form: { _csrf: csrfOfPage(form.text), timezone: 'Europe/Berlin', mon_start: '', mon_end: '', fri_start: '09:00', fri_end: '17:00' } });
    expect(ok.status, ok.text).to.equal(303);
    expect(await weekly()).to.deep.equal([{ day: 'fri', start: '09:00', end: '17:00' }]);
  });
});
