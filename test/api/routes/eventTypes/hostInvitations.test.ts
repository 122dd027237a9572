import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';

describe('/api/event-types/host-invitations: hosts of a personal event type agree first', () => {
  let server: RunningServer;
  let call: ApiCall;
  let ada: Awaited<ReturnType<typeof createHost>>;
  let bob: Awaited<ReturnType<typeof createHost>>;
  let eve: Awaited<ReturnType<typeof createHost>>;
  let pairId: string;
  let invitationId: string;
  const availability = () => call('GET', '/api/availability?user=hi-ada&eventType=pair&from=2026-11-25&to=2026-11-25&timezone=UTC');
  const book = () => call('POST', '/api/meetings/schedule', { body: { user: 'hi-ada', eventType: 'pair', start: '2026-11-25T10:00:00Z', invitee: invitee() } });
  const noticeKinds = async (token: string) => (await call('GET', '/api/notifications', { token })).body.notifications.map((n: { kind: string }) => n.kind);

  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const invitationEmailsTo = async (email: string) => (await server.deps.db('outbox').whereLike('idempotency_key', 'email:event-type-host-invitation:%').orderBy('seq')).map((r) => r.payload).filter((p) => p.to === email);
  const oneClick = (url: string) => fetch(server.url + new URL(url).pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    [ada, bob, eve] = [await createHost(call, 'hi-ada'), await createHost(call, 'hi-bob'), await createHost(call, 'hi-eve')];
    const pair = await createEventType(call, ada.token, { slug: 'pair', title: 'Pairing', kind: 'collective', hosts: ['hi-ada', 'hi-bob'] });
    expect([pair.hosts, pair.pendingHosts]).to.deep.equal([['hi-ada'], ['hi-bob']]);
    pairId = pair.id;
  });
  after(() => server.close());

  it('while the named host has not accepted, a collective event type offers no times: the API says why, the page says it is not open, booking is refused', async () => {
    const slots = await availability();
    expect(slots.status, slots.text).to.equal(200);
    expect(slots.body).to.deep.include({ slots: [], awaitingHosts: true });
    const page = await fetch(`${server.url}/hi-ada/pair?timezone=UTC`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.include('Not open for booking yet');
    expect(html).to.not.include('hi-bob');
    const refused = await book();
    expectProblem(refused, 409, 'slot_unavailable');
    expect(refused.body.reason).to.equal('hosts_pending');
    expect((await call('GET', `/api/event-types/${pairId}`, { token: ada.token })).body.pendingHosts).to.deep.equal(['hi-bob']);
  });

  it('lists the invitee’s open invitations, and nobody else’s', async () => {
    const res = await call('GET', '/api/event-types/host-invitations', { token: bob.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.invitations).to.have.length(1);
    invitationId = res.body.invitations[0].id;
    expect(res.body.invitations[0]).to.deep.include({ status: 'pending', eventType: { id: pairId, slug: 'pair', title: 'Pairing', kind: 'collective', durationMinutes: 30, owner: { username: 'hi-ada', name: ada.user.name } } });
    expect((await call('GET', '/api/event-types/host-invitations', { token: eve.token })).body.invitations).to.deep.equal([]);
    expect(await noticeKinds(bob.token)).to.deep.equal(['event_type.host_invitation']);
    expectProblem(await call('GET', '/api/event-types/host-invitations'), 401, 'unauthorized');
  });

  it('only the invitee may accept or decline: the owner and others get 404', async () => {
    for (const token of [eve.token, ada.token]) {
      for (const answer of ['accept', 'decline']) expectProblem(await call('POST', `/api/event-types/host-invitations/${invitationId}/${answer}`, { token }), 404, 'not_found');
    }
    expectProblem(await call('POST', '/api/event-types/host-invitations/nonsense/accept', { token: bob.token }), 404, 'not_found');
    expectProblem(await call('POST', `/api/event-types/host-invitations/${invitationId}/accept`), 401, 'unauthorized');
  });

  it('accepting makes them a host: times need both, bookings hold both, the owner is told', async () => {
    const res = await call('POST', `/api/event-types/host-invitations/${invitationId}/accept`, { token: bob.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.include({ id: invitationId, status: 'accepted' });
    expectProblem(await call('POST', `/api/event-types/host-invitations/${invitationId}/decline`, { token: bob.token }), 404, 'not_found');
    const slots = await availability();
    expect(slots.body.awaitingHosts).to.equal(undefined);
    expect(slots.body.slots[0].hosts).to.deep.equal(['hi-ada', 'hi-bob']);
    const booked = await book();
    expect(booked.status, booked.text).to.equal(201);
    expect(booked.body.hosts.map((h: { username: string }) => h.username)).to.deep.equal(['hi-ada', 'hi-bob']);
    expect((await call('GET', '/api/event-types/co-hosted', { token: bob.token })).body.eventTypes.map((e: { id: string }) => e.id)).to.deep.equal([pairId]);
    expect(await noticeKinds(ada.token)).to.include('event_type.host_accepted');
  });

  it('declining removes the named user, tells the owner, and answers from when they may be invited again', async () => {
    const patched = await call('PATCH', `/api/event-types/${pairId}`, { token: ada.token, body: { hosts: ['hi-ada', 'hi-bob', 'hi-eve'] } });
    expect([patched.body.hosts, patched.body.pendingHosts]).to.deep.equal([['hi-ada', 'hi-bob'], ['hi-eve']]);
    const [invitation] = (await call('GET', '/api/event-types/host-invitations', { token: eve.token })).body.invitations;
    const res = await call('POST', `/api/event-types/host-invitations/${invitation.id}/decline`, { token: eve.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.include({ status: 'declined', reinviteAllowedAt: '2026-12-01T10:00:00.000Z' });
    expect((await call('GET', `/api/event-types/${pairId}`, { token: ada.token })).body).to.deep.include({ hosts: ['hi-ada', 'hi-bob'], pendingHosts: [] });
    expect(await noticeKinds(ada.token)).to.include('event_type.host_declined');
  });

  it('a co-host may leave (204), which tells the owner; others get 404, the owner 409', async () => {
    expectProblem(await call('POST', `/api/event-types/${pairId}/leave`, { token: eve.token }), 404, 'event_type_not_found');
    expectProblem(await call('POST', `/api/event-types/${pairId}/leave`, { token: ada.token }), 409, 'conflict');
    expect((await call('POST', `/api/event-types/${pairId}/leave`, { token: bob.token })).status).to.equal(204);
    expect((await call('GET', `/api/event-types/${pairId}`, { token: ada.token })).body.hosts).to.deep.equal(['hi-ada']);
    expect(await noticeKinds(ada.token)).to.include('event_type.host_left');
    expectProblem(await call('POST', `/api/event-types/${pairId}/leave`, { token: bob.token }), 404, 'event_type_not_found');
  });

  it('asking again within 7 days of a decline or a leave is 409 invitation_cooldown, saying from when; after that a new invitation goes out', async () => {
    const refused = await call('PATCH', `/api/event-types/${pairId}`, { token: ada.token, body: { hosts: ['hi-ada', 'hi-bob', 'hi-eve'] } });
    expectProblem(refused, 409, 'invitation_cooldown');
    expect(refused.body.detail).to.include('hi-bob stopped hosting this event type at 2026-11-24T10:00:00.000Z and can be invited again from 2026-12-01T10:00:00.000Z');
    expect(refused.body.detail).to.include('hi-eve declined to host this event type').and.include('Leave them out of hosts for now');
    expect(refused.body.details.users.map((u: { username: string; reason: string; invitableAt: string }) => [u.username, u.reason, u.invitableAt])).to.deep.equal([
      ['hi-bob', 'left', '2026-12-01T10:00:00.000Z'],
      ['hi-eve', 'declined', '2026-12-01T10:00:00.000Z'],
    ]);
    expect((await call('GET', '/api/event-types/host-invitations', { token: eve.token })).body.invitations).to.deep.equal([]);
    clock.advance(7 * 86_400_000);
    // A week on, the access tokens have expired: everyone signs in again.
    for (const host of [ada, bob, eve]) host.token = (await call('POST', '/api/auth/login', { body: { email: `${host.username}@example.com`, password: 'correct horse battery staple' } })).body.accessToken;
    const again = { token: ada.token, body: { hosts: ['hi-ada', 'hi-bob', 'hi-eve'] } };
    const asked = await call('PATCH', `/api/event-types/${pairId}`, again);
    expect(asked.status, asked.text).to.equal(200);
    expect(asked.body.pendingHosts).to.deep.equal(['hi-bob', 'hi-eve']);
  });

  it('the invitation e-mail carries a one-click unsubscribe link for host invitations: used, the next invitation is not e-mailed but still shown in the app', async () => {
    const [mail] = (await invitationEmailsTo('hi-eve@example.com')).slice(-1);
    expect(mail.unsubscribeUrl).to.match(/\/unsubscribe\//);
    expect(mail.text).to.include(`Unsubscribe: ${mail.unsubscribeUrl}`);
    const page = await fetch(server.url + new URL(mail.unsubscribeUrl).pathname);
    expect(await page.text()).to.include('invitations to host other people&#39;s event types');
    expect((await oneClick(mail.unsubscribeUrl)).status).to.equal(200);
    const prefs = await call('GET', '/api/notifications/preferences', { token: eve.token });
    expect(prefs.body.preferences.find((p: { channel: string; kind: string }) => p.channel === 'email' && p.kind === 'host_invitation').enabled).to.equal(false);
    // The owner withdraws the invitation (no cool-down) and asks again: an in-app notice, no e-mail.
    const sent = (await invitationEmailsTo('hi-eve@example.com')).length;
    const notices = (await noticeKinds(eve.token)).length;
    await call('PATCH', `/api/event-types/${pairId}`, { token: ada.token, body: { hosts: ['hi-ada', 'hi-bob'] } });
    const asked = await call('PATCH', `/api/event-types/${pairId}`, { token: ada.token, body: { hosts: ['hi-ada', 'hi-bob', 'hi-eve'] } });
    expect(asked.body.pendingHosts).to.deep.equal(['hi-bob', 'hi-eve']);
    expect(await invitationEmailsTo('hi-eve@example.com')).to.have.length(sent);
    expect(await noticeKinds(eve.token)).to.have.length(notices + 1);
  });
});
