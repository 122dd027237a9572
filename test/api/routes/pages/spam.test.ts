import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer } from '../../../helpers/server.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import { hiddenValue, pageClient } from './helpers.js';

describe('booking page spam check (honeypot, minimum form time, /confirm-booking, /appeal)', () => {
  let server: RunningServer;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const decisionOf = async (email: string) => server.deps.db('spam_decisions').where({ email }).orderBy('id', 'desc').first();

  before(async function () {
    this.timeout(400_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { SPAM_CHECK: 'on', SPAM_MIN_FORM_SECONDS: '3' } });
    const call = apiClient(server.url);
    const host = await createHost(call, 'pagehost');
    await createEventType(call, host.token, { slug: 'intro', durationMinutes: 30 });
  });
  after(() => server.close());

  /** Opens the form for a slot, waits `seconds` on the server clock, sends it with `extra` fields. */
  async function sendForm(start: string, email: string, seconds: number, extra: Record<string, string> = {}) {
    const client = pageClient(server.url);
    const form = await client.get(`/pagehost/intro/book?start=${start}&timezone=UTC`);
    expect(form.text).to.contain('name="website"');
    clock.advance(seconds * 1000);
    const res = await client.post('/pagehost/intro/book', { _csrf: hiddenValue(form.text, '_csrf'), start, timezone: 'UTC', name: 'Pat', email, ...extra });
    return { client, res };
  }

  it('books a form a person filled in (empty honeypot, more than the minimum time)', async () => {
    const { res } = await sendForm('2026-11-25T09:00:00.000Z', 'pat@example.org', 10);
    expect(res.status, res.text).to.equal(303);
    expect((await decisionOf('pat@example.org')).decision).to.equal('allow');
  });

  it('blocks a filled honeypot with the neutral refusal page', async () => {
    const { res } = await sendForm('2026-11-25T09:30:00.000Z', 'bot@example.org', 10, { website: 'http://spam.example' });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('could not be completed');
    expect(res.text).not.to.match(/honeypot|website field/i);
    const d = await decisionOf('bot@example.org');
    expect(d.decision).to.equal('block');
    expect((typeof d.reasons === 'string' ? JSON.parse(d.reasons) : d.reasons).map((r: { code: string }) => r.code)).to.deep.equal(['honeypot_filled']);
  });

  it('challenges a form sent faster than the minimum; the e-mailed link books after one click', async () => {
    const { client, res } = await sendForm('2026-11-25T10:00:00.000Z', 'quick@example.org', 1);
    expect(res.status, res.text).to.equal(202);
    expect(res.text).to.contain('Check your e-mail');
    const d = await decisionOf('quick@example.org');
    expect(d.decision).to.equal('challenge');
    const row = await server.deps.db('outbox').where({ idempotency_key: `spam-challenge:${d.id}` }).first('payload');
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    const link = new URL(/http\S+confirm-booking\?token=\S+/.exec(payload.text)![0]);
    const confirmPage = await client.get(`${link.pathname}${link.search}`);
    expect(confirmPage.status).to.equal(200);
    const done = await client.post('/confirm-booking', { _csrf: hiddenValue(confirmPage.text, '_csrf'), token: link.searchParams.get('token')! });
    expect(done.status, done.text).to.equal(303);
    expect(done.headers.get('location')).to.match(/^\/meetings\/[0-9a-f-]+\?token=/);
  });

  it('takes an appeal on the page linked from the refusal', async () => {
    const { client, res } = await sendForm('2026-11-25T11:00:00.000Z', 'someone@mailinator.com', 10);
    expect(res.status).to.equal(403);
    const href = /\/appeal\?ref=[\w-]+/.exec(res.text)![0];
    const form = await client.get(href);
    const sent = await client.post('/appeal', { _csrf: hiddenValue(form.text, '_csrf'), ref: hiddenValue(form.text, 'ref'), message: 'I use this address for privacy' });
    expect(sent.status).to.equal(202);
    expect((await decisionOf('someone@mailinator.com')).appeal_message).to.equal('I use this address for privacy');
  });
});
