import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../fakes/openai.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import { hiddenValue, hostPageClient, pageClient } from '../pages/helpers.js';
import { createCustomDomains } from '../../../../core/site/customDomains.js';

const FORM = {
  slug: 'sales',
  title: 'Talk to us',
  questions: [
    { id: 'email', label: 'Work email', type: 'email' },
    { id: 'size', label: 'Company size', type: 'number' },
    { id: 'country', label: 'Country', type: 'choice', options: ['DE', 'FR', 'US', 'Other'] },
    { id: 'needs', label: 'What do you need?', type: 'text', required: false },
  ],
  rules: [
    { name: 'Enterprise', when: { all: [{ question: 'size', range: { min: 500 } }, { question: 'country', equals: 'DE' }] }, route: { type: 'event_type', eventType: 'enterprise-demo' } },
    { name: 'US', when: { any: [{ question: 'country', equals: 'US' }, { label: 'support' }] }, route: { type: 'member', username: 'rf-rep', eventType: 'intro' } },
    { name: 'Students', when: { question: 'needs', contains: 'thesis' }, route: { type: 'refuse', message: 'We only work with companies, sorry.' } },
  ],
  fallback: { type: 'url', url: 'https://example.org/contact' },
  scoring: { question: 'needs', labels: ['sales', 'support'], threshold: 0.8 },
};

describe('routing forms (/api/routing-forms and /:username/forms/:slug)', () => {
  let server: RunningServer;
  let call: ApiCall;
  let fake: FakeOpenAi;
  let owner: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    fake = await startFakeOpenAi({ kind: 'status', status: 500 });
    server = await startTestServer({ clock, env: { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_TIMEOUT_MS: '500' } });
    call = apiClient(server.url);
    owner = await createHost(call, 'rf-owner');
    const rep = await createHost(call, 'rf-rep');
    await createEventType(call, owner.token, { slug: 'enterprise-demo' });
    await createEventType(call, rep.token, { slug: 'intro' });
    expect((await call('POST', '/api/routing-forms', { token: owner.token, body: FORM })).status).to.equal(201);
  });
  after(async () => {
    await server.close();
    await fake.close();
  });

  const submit = (answers: Record<string, string | number>) => call('POST', '/api/routing-forms/rf-owner/sales/responses', { body: { answers } });

  it('routes each answer of the table to its destination, the fallback included', async () => {
    const table: Array<[Record<string, string | number>, string, number | null]> = [
      [{ email: 'a@corp.de', size: 900, country: 'DE' }, `${server.url.replace(/\/$/, '')}/rf-owner/enterprise-demo`, 0],
      [{ email: 'b@corp.us', size: 900, country: 'US' }, '/rf-rep/intro', 1],
      [{ email: 'c@uni.edu', size: 10, country: 'Other', needs: 'my thesis' }, 'refuse', 2],
      [{ email: 'd@mid.de', size: 100, country: 'DE' }, 'https://example.org/contact', null],
    ];
    for (const [answers, where, ruleIndex] of table) {
      const res = await submit(answers);
      expect(res.status, res.text).to.equal(201);
      expect(res.body.ruleIndex).to.equal(ruleIndex);
      if (where === 'refuse') expect(res.body.message).to.equal('We only work with companies, sorry.');
      else expect(res.body.redirectUrl).to.satisfy((u: string) => u.endsWith(where.replace(/^https?:\/\/127\.0\.0\.1:\d+/, '')));
    }
    expectProblem(await submit({ email: 'bad', size: 'x', country: 'DE' }), 400, 'validation_failed');
  });

  it('uses the LLM label above the threshold and falls back when the LLM fails or is unsure', async () => {
    const answers = { email: 'e@corp.fr', size: 50, country: 'FR', needs: 'our calendar sync is broken' };
    fake.setBehaviour({ kind: 'tool', arguments: JSON.stringify({ label: 'support', confidence: 0.95 }) });
    const sure = await submit(answers);
    expect(sure.body).to.include({ ruleIndex: 1 });
    expect(sure.body.scoring).to.deep.equal({ used: true, label: 'support', confidence: 0.95 });
    fake.setBehaviour({ kind: 'tool', arguments: JSON.stringify({ label: 'support', confidence: 0.6 }) });
    expect((await submit(answers)).body.ruleIndex).to.equal(null);
    for (const b of [{ kind: 'tool', arguments: '{not json' }, { kind: 'slow', delayMs: 3000, arguments: '{}' }, { kind: 'status', status: 503 }] as const) {
      fake.setBehaviour(b);
      const res = await submit(answers);
      expect(res.body.ruleIndex, JSON.stringify(b)).to.equal(null);
      expect(res.body.scoring.used).to.equal(false);
    }
  });

  it('serves the public form with CSRF; POST redirects, refuses politely, or shows what was wrong', async () => {
    const page = pageClient(server.url);
    const form = await page.get('/rf-owner/forms/sales');
    expect(form.status).to.equal(200);
    expect(form.text).to.include('Talk to us').and.include('name="q_size"');
    const csrf = hiddenValue(form.text, '_csrf');
    const routed = await page.post('/rf-owner/forms/sales', { _csrf: csrf, q_email: 'p@corp.de', q_size: '700', q_country: 'DE' });
    expect(routed.status).to.equal(303);
    expect(routed.headers.get('location')).to.equal('/rf-owner/enterprise-demo');
    const refused = await page.post('/rf-owner/forms/sales', { _csrf: csrf, q_email: 's@uni.edu', q_size: '3', q_country: 'Other', q_needs: 'thesis' });
    expect(refused.status).to.equal(200);
    expect(refused.text).to.include('We only work with companies, sorry.');
    const wrong = await page.post('/rf-owner/forms/sales', { _csrf: csrf, q_email: 'nope', q_size: '3', q_country: 'DE' });
    expect(wrong.status).to.equal(400);
    expect(wrong.text).to.include('Work email: must be an email address');
    expect((await page.post('/rf-owner/forms/sales', { q_email: 'p@corp.de', q_size: '700', q_country: 'DE' })).status).to.equal(403);
    expect((await page.get('/rf-owner/forms/nope')).status).to.equal(404);
  });

  it('on the owner\u2019s custom domain, sends a member route to that member\u2019s page on PUBLIC_URL, the owner\u2019s own pages relative', async () => {
    const added = await call('POST', '/api/domains', { token: owner.token, body: { domain: 'book.rf-owner.example' } });
    expect(added.status, added.text).to.equal(201);
    const domains = createCustomDomains({ db: server.deps.db, clock, probes: { txt: async () => [`yava-verification=${added.body.verificationToken}`], http: async () => null } });
    expect((await domains.verify(owner.user.id, 'book.rf-owner.example')).verified).to.equal(true);
    const site = hostPageClient(server.url, 'book.rf-owner.example');
    const form = await site.get('/forms/sales');
    expect(form.status).to.equal(200);
    const csrf = hiddenValue(form.text, '_csrf');
    const toMember = await site.post('/forms/sales', { _csrf: csrf, q_email: 'u@corp.us', q_size: '900', q_country: 'US' });
    expect(toMember.status, toMember.text).to.equal(303);
    expect(toMember.location).to.equal(`${server.deps.config.publicUrl}/rf-rep/intro`);
    expect((await fetch(`${server.url}${new URL(toMember.location!).pathname}`)).status, 'the member page on the main host').to.equal(200);
    const toOwn = await site.post('/forms/sales', { _csrf: csrf, q_email: 'p@corp.de', q_size: '700', q_country: 'DE' });
    expect(toOwn.location).to.equal('/rf-owner/enterprise-demo');
    expect((await site.get(toOwn.location!)).status).to.equal(200);
  });

  it('records the route taken and why on the booking the respondent makes', async () => {
    await submit({ email: 'Booker@Corp.de', size: 5000, country: 'DE' });
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'rf-owner', eventType: 'enterprise-demo', start: '2026-11-26T15:00:00Z', invitee: { name: 'B', email: 'booker@corp.de', timezone: 'UTC' } } });
    expect(booked.status, booked.text).to.equal(201);
    const meeting = await call('GET', `/api/meetings/${booked.body.id}`, { token: owner.token });
    expect(meeting.body.routing).to.include({ form: 'sales', ruleIndex: 0, reason: 'rule 1 "Enterprise": size in 500..∞ and country = "DE"' });
    expect(meeting.body.routing.route).to.deep.equal({ type: 'event_type', eventType: 'enterprise-demo' });
    const other = await call('POST', '/api/meetings/schedule', { body: { user: 'rf-owner', eventType: 'enterprise-demo', start: '2026-11-26T11:00:00Z', invitee: { name: 'N', email: 'nobody@x.org', timezone: 'UTC' } } });
    expect((await call('GET', `/api/meetings/${other.body.id}`, { token: owner.token })).body.routing).to.equal(null);
  });

  it('lists, exports (CSV), updates and deletes forms for their owner only', async () => {
    const list = await call('GET', '/api/routing-forms', { token: owner.token });
    expect(list.body.forms.map((f: { slug: string }) => f.slug)).to.deep.equal(['sales']);
    const id = list.body.forms[0].id;
    const responses = await call('GET', `/api/routing-forms/${id}/responses`, { token: owner.token });
    expect(responses.body.responses.length).to.be.greaterThan(8);
    const csv = await call('GET', `/api/routing-forms/sales/responses.csv`, { token: owner.token });
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).to.equal('id,submitted_at,email,size,country,needs,route,target,reason,label,booking_id');
    expect(lines.length).to.equal(responses.body.responses.length + 1);
    expect(csv.text).to.include('a@corp.de,900,DE,,event_type,enterprise-demo,"rule 1 ""Enterprise"": size in 500..∞ and country = ""DE""",,');
    const stranger = await createHost(call, 'rf-stranger');
    expectProblem(await call('GET', `/api/routing-forms/${id}`, { token: stranger.token }), 404, 'not_found');
    expectProblem(await call('POST', '/api/routing-forms', { token: owner.token, body: FORM }), 409, 'slug_taken');
    expectProblem(await call('POST', '/api/routing-forms', { token: owner.token, body: { ...FORM, slug: 'x', fallback: { type: 'event_type', eventType: 'ghost' } } }), 404, 'event_type_not_found');
    expectProblem(await call('POST', '/api/routing-forms', { token: owner.token, body: { ...FORM, slug: 'y', fallback: undefined } }), 400, 'validation_failed');
    for (const eventType of ['no-such-type', 'enterprise-demo']) {
      const memberRoute = { ...FORM, slug: 'z', fallback: { type: 'member', username: 'rf-rep', eventType } };
      const refused = await call('POST', '/api/routing-forms', { token: owner.token, body: memberRoute });
      expectProblem(refused, 400, 'validation_failed');
      expect(refused.body.errors, eventType).to.deep.equal([{ field: 'fallback.eventType', message: `rf-rep has no event type "${eventType}"` }]);
    }
    const badRule = { ...FORM, slug: 'z', rules: [{ ...FORM.rules[1], route: { type: 'member', username: 'rf-rep', eventType: 'no-such-type' } }] };
    expect((await call('POST', '/api/routing-forms', { token: owner.token, body: badRule })).body.errors[0].field).to.equal('rules.0.route.eventType');
    expect((await call('PATCH', `/api/routing-forms/${id}`, { token: owner.token, body: { rules: badRule.rules } })).status).to.equal(400);
    const patched = await call('PATCH', `/api/routing-forms/${id}`, { token: owner.token, body: { title: 'Hello', rules: [] } });
    expect(patched.body).to.include({ title: 'Hello' });
    expect(patched.body.rules).to.deep.equal([]);
    expect((await submit({ email: 'a@corp.de', size: 900, country: 'DE' })).body.reason).to.equal('fallback: the form has no rules');
    expect((await call('DELETE', `/api/routing-forms/${id}`, { token: owner.token })).status).to.equal(204);
    expectProblem(await submit({ email: 'a@corp.de', size: 900, country: 'DE' }), 404, 'not_found');
    expectProblem(await call('GET', '/api/routing-forms'), 401, 'unauthorized');
  });
});
