import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { csrfOfPage, signedInWebClient, webClient } from '../../../helpers/browserSession.js';
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

describe('new event type form (POST /app/event-types)', () => {
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let erin: Awaited<ReturnType<typeof createHost>>;
  let web: Awaited<ReturnType<typeof signedInWebClient>>;

  const errorOf = (page: string, inputId: string) => new RegExp(`<p class="field-error" id="${inputId}-error">([^<]*)</p>`).exec(page)?.[1];
  const rowsOf = (userId: string) => server.deps.db('event_types').where({ owner_user_id: userId }).orderBy('slug');
  const create = async (fields: Record<string, string>, client = web) => {
    const page = await client.request('GET', '/app/event-types');
    return client.request('POST', '/app/event-types', { form: { _csrf: csrfOfPage(page.text), ...fields } });
  };
  const typed = { title: 'Design review', slug: 'review', durationMinutes: '45', location: 'Room 4', requiresApproval: 'on' };

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    erin = await createHost(apiClient(server.url), 'erin', { timezone: 'Europe/Berlin' });
    web = await signedInWebClient(server.url, 'erin@example.com');
  });
  after(async () => {
    await server?.close();
  });

  it('greets an account with no event types with what one is and a link to the form', async () => {
    const page = await web.request('GET', '/app/event-types');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('No event types yet').and.include('<a href="#new">create your first one</a>').and.not.include('yava event-types create');
    expect(page.text).to.include('<form class="card" id="new" method="post" action="/app/event-types#new"');
    expect(page.text).to.match(/id="slug-new" name="slug" required maxlength="64"/).and.match(/id="dur-new" name="durationMinutes" type="number" required min="5" max="1440" step="1" value="30"/);
    expect(page.text).to.match(/name="isPublic" checked/).and.match(/name="requiresApproval">/);
  });

  it('creates the event type with the API’s defaults and shows it with its booking link', async () => {
    const res = await create({ title: 'Intro call', slug: ' Intro-Call ', durationMinutes: '30', isPublic: 'on' });
    expect(res.status, res.text).to.equal(303);
    const [row] = await rowsOf(erin.user.id);
    expect(row).to.include({ slug: 'intro-call', title: 'Intro call', duration_minutes: 30, location: null, is_public: true, requires_approval: false, kind: 'one_on_one', max_days_ahead: 60, pending_holds_slot: true, team_id: null });
    expect(res.headers.get('location')).to.equal(`/app/event-types?created=${row.id}#et-${row.id}`);
    const page = await web.request('GET', `/app/event-types?created=${row.id}`);
    const link = `${server.deps.config.publicUrl}/erin/intro-call`;
    expect(page.text).to.include(`id="et-${row.id}"`).and.include('Created “Intro call”.').and.include(`Booking link: <a href="${link}">${link}</a>`);
    expect(page.text).not.to.include('No event types yet');
    const api = await apiClient(server.url)('GET', `/api/event-types/${row.id}`, { token: erin.token });
    expect(api.body).to.include({ minimumNoticeMinutes: 0, bufferBeforeMinutes: 0, slotStepMinutes: null, dailyLimit: null, owner: 'erin' });
    expect(api.body.hosts).to.deep.equal(['erin']);
    expect((await fetch(`${server.url}/erin/intro-call`)).status, 'the booking page answers').to.equal(200);
  });

  it('refuses a slug already used, beside the slug, keeping what was typed and creating nothing', async () => {
    const before = await rowsOf(erin.user.id);
    const res = await create({ ...typed, slug: 'intro-call' });
    expect(res.status).to.equal(400);
    expect(res.text).to.include('<h1>Event types</h1>').and.include('role="alert"').and.not.include('Not possible');
    expect(errorOf(res.text, 'slug-new')).to.equal('The slug &quot;intro-call&quot; is already used; choose another');
    expect(res.text).to.include('value="intro-call" aria-invalid="true" aria-describedby="slug-new-error"');
    expect(res.text).to.include('value="Design review"').and.include('value="45"').and.include('value="Room 4"');
    expect(/<form class="card" id="new"[\s\S]*<\/form>/.exec(res.text)![0]).to.match(/name="isPublic">/).and.match(/name="requiresApproval" checked/);
    expect(await rowsOf(erin.user.id)).to.deep.equal(before);
  });

  for (const [duration, message] of [
    ['', 'whole minutes from 5 to 1440'],
    ['half an hour', 'whole minutes from 5 to 1440'],
    ['2', 'at least 5 minutes'],
    ['2000', 'at most 1440 minutes'],
  ] as const) {
    it(`refuses a duration of “${duration}” beside the duration, keeping what was typed`, async () => {
      const before = await rowsOf(erin.user.id);
      const res = await create({ ...typed, durationMinutes: duration });
      expect(res.status).to.equal(400);
      expect(errorOf(res.text, 'dur-new')).to.include(message);
      expect(res.text).to.include(`value="${duration}" aria-invalid="true" aria-describedby="dur-new-error"`);
      expect(res.text).to.include('value="Design review"').and.include('value="review"').and.include('value="Room 4"');
      expect(await rowsOf(erin.user.id)).to.deep.equal(before);
    });
  }

  it('names each bad field at once: no title, and a slug that is not one', async () => {
    const res = await create({ ...typed, title: ' ', slug: 'Design Review!' });
    expect(res.status).to.equal(400);
    expect(errorOf(res.text, 'title-new')).to.equal('Give a title');
    expect(errorOf(res.text, 'slug-new')).to.include('lower-case letters, digits and &quot;-&quot;');
    expect(res.text).to.include('value="Design Review!" aria-invalid="true"');
  });

  it('refuses a form without a valid CSRF token (403), creating nothing', async () => {
    const before = await rowsOf(erin.user.id);
    const none = await web.request('POST', '/app/event-types', { form: { ...typed } });
    expect(none.status).to.equal(403);
    expect(none.text).to.include('did not come from this site');
    // A token issued to another browser (another CSRF cookie) does not do either.
    const elsewhere = await webClient(server.url).request('GET', '/app/login');
    const foreign = await web.request('POST', '/app/event-types', { form: { _csrf: csrfOfPage(elsewhere.text), ...typed } });
    expect(foreign.status).to.equal(403);
    const signedOut = webClient(server.url);
    const anonymous = await signedOut.request('POST', '/app/event-types', { form: { _csrf: csrfOfPage((await signedOut.request('GET', '/app/login')).text), ...typed } });
    expect(anonymous.status).to.equal(401);
    expect(await rowsOf(erin.user.id)).to.deep.equal(before);
  });

  it('creates only for the signed-in user: owner, user, team and host fields are ignored', async () => {
    const call = apiClient(server.url);
    const fred = await createHost(call, 'fred');
    const team = await call('POST', '/api/teams', { token: fred.token, body: { slug: 'freds', name: 'Fred’s', members: [] } });
    expect(team.status, team.text).to.equal(201);
    const res = await create({ ...typed, slug: 'mine', owner: 'fred', userId: fred.user.id, username: 'fred', teamSlug: 'freds', hosts: 'fred' });
    expect(res.status, res.text).to.equal(303);
    expect(await rowsOf(fred.user.id)).to.deep.equal([]);
    expect(await server.deps.db('event_types').whereNotNull('team_id')).to.deep.equal([]);
    const mine = await server.deps.db('event_types').where({ slug: 'mine' }).first();
    expect(mine).to.include({ owner_user_id: erin.user.id, team_id: null });
    const api = await call('GET', `/api/event-types/${mine.id}`, { token: erin.token });
    expect(api.body.hosts).to.deep.equal(['erin']);
  });

  it('says where each event type is booked: its link, not on the booking page, or a team’s', async () => {
    const call = apiClient(server.url);
    await createEventType(call, erin.token, { slug: 'hidden', title: 'Hidden', isPublic: false });
    expect((await call('POST', '/api/teams', { token: erin.token, body: { slug: 'crew', name: 'Crew', members: [] } })).status).to.equal(201);
    await createEventType(call, erin.token, { slug: 'standup', title: 'Standup', teamSlug: 'crew' });
    const page = await web.request('GET', '/app/event-types');
    expect(page.text).to.include(`Not on your booking page, so nobody can book it: tick “On my booking page” and save to share ${server.deps.config.publicUrl}/erin/hidden.`);
    expect(page.text).to.include('An event type of the team crew (slug standup): it has no booking link of its own.').and.not.include('/erin/standup');
    expect(page.text).to.include('<p><a href="#new">New event type</a></p>');
  });
});

describe('new event type form on a plan with no room for another', () => {
  it('says which plan allows more, keeping what was typed', async function () {
    this.timeout(180_000);
    await resetTestDb();
    const server = await startTestServer({ clock: createFixedClock('2026-11-24T08:00:00Z'), env: { STRIPE_PRICE_PRO: 'price_pro' } });
    try {
      const call = apiClient(server.url);
      const host = await createHost(call, 'gail');
      await createEventType(call, host.token, { slug: 'one' });
      const web = await signedInWebClient(server.url, 'gail@example.com');
      const page = await web.request('GET', '/app/event-types');
      const res = await web.request('POST', '/app/event-types', { form: { _csrf: csrfOfPage(page.text), title: 'Second', slug: 'two', durationMinutes: '30' } });
      expect(res.status).to.equal(400);
      expect(res.text).to.include('role="alert"').and.include('Pro plan').and.include('value="Second"').and.include('value="two"');
      expect(await server.deps.db('event_types').where({ owner_user_id: host.user.id })).to.have.length(1);
    } finally {
      await server.close();
    }
  });
});

describe('hosting for others on /app/event-types (invitations to host, leaving)', () => {
  it('shows who is still asked on the owner’s card, and lets the invitee accept, decline and stop hosting', async function () {
    this.timeout(180_000);
    await resetTestDb();
    const server = await startTestServer({ clock: createFixedClock('2026-11-24T08:00:00Z') });
    try {
      const call = apiClient(server.url);
      const owner = await createHost(call, 'hope');
      const ivanApi = await createHost(call, 'ivan');
      await createEventType(call, owner.token, { slug: 'pair', title: 'Pairing', kind: 'collective', hosts: ['ivan'] });
      await createEventType(call, owner.token, { slug: 'desk', title: 'Desk', kind: 'round_robin', hosts: ['ivan'] });
      const hope = await signedInWebClient(server.url, 'hope@example.com');
      const ownPage = (await hope.request('GET', '/app/event-types')).text;
      expect(ownPage).to.include('Waiting for ivan to accept hosting it: until everyone has, nobody can book it.');
      expect(ownPage).to.include('Waiting for ivan to accept hosting it: until then they take none of its bookings.');
      expect(ownPage).to.not.include('Hosting for others');

      const ivan = await signedInWebClient(server.url, 'ivan@example.com');
      let page = (await ivan.request('GET', '/app/event-types')).text;
      expect(page).to.include('<h2 id="hosting-heading">Hosting for others</h2>');
      expect(page).to.include('(hope) asks you to host “Pairing”, 30 min: everyone hosting attends each meeting. Nothing is booked with you unless you accept.');
      const { invitations } = (await call('GET', '/api/event-types/host-invitations', { token: ivanApi.token })).body;
      const idOf = (title: string) => invitations.find((i: { eventType: { title: string } }) => i.eventType.title === title).id;
      const accept = `/app/event-types/host-invitations/${idOf('Pairing')}/accept`;
      const decline = `/app/event-types/host-invitations/${idOf('Desk')}/decline`;
      expect(page).to.include(`action="${accept}"`).and.include(`action="${decline}"`);
      expect((await ivan.request('POST', accept, { form: {} })).status, 'no CSRF token').to.equal(403);
      const accepted = await ivan.request('POST', accept, { form: { _csrf: csrfOfPage(page) } });
      expect([accepted.status, accepted.headers.get('location')]).to.deep.equal([303, '/app/event-types?hosting=accepted#hosting']);
      page = (await ivan.request('GET', '/app/event-types?hosting=accepted')).text;
      expect(page).to.include('Accepted: you host it now.').and.include('“Pairing” of');
      expect((await ivan.request('POST', decline, { form: { _csrf: csrfOfPage(page) } })).status).to.equal(303);
      expect((await ivan.request('GET', '/app/event-types?hosting=declined')).text).to.include('Declined: its owner is told, and cannot ask you to host it again for 7 days.');
      const leave = /action="(\/app\/event-types\/co-hosted\/[0-9a-f-]+\/leave)"/.exec(page)![1]!;
      expect((await ivan.request('POST', leave, { form: { _csrf: csrfOfPage(page) } })).status).to.equal(303);
      expect((await ivan.request('GET', '/app/event-types?hosting=left')).text).to.include('You no longer host it; meetings already booked stay. Its owner cannot ask you to host it again for 7 days.');
      expect(await server.deps.db('event_type_hosts').join('users as u', 'u.id', 'user_id').where('u.username', 'ivan')).to.deep.equal([]);
      expect(await server.deps.db('event_type_host_invitations')).to.deep.equal([]);
      // Someone else's invitation, or one already answered, is the error page, not a change.
      const again = await ivan.request('POST', accept, { form: { _csrf: csrfOfPage(page) } });
      expect(again.status).to.equal(404);
      expect(again.text).to.include('You have no open invitation');
    } finally {
      await server.close();
    }
  });
});
