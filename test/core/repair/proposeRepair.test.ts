import { expect } from 'chai';
import { createFixedClock } from '../../../core/clock.js';
import { isValidChoiceSignature, signChoice } from '../../../core/repair/links.js';
import type { RunningServer } from '../../../server/compose.js';
import { resetTestDb } from '../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../helpers/server.js';
import { createEventType, createHost } from '../../helpers/scheduling.js';

describe('core/repair: round-robin alternatives and automatic reassignment', () => {
  let server: RunningServer;
  let call: ApiCall;
  let eventTypeId: string;
  let adminToken: string;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    // A chat platform is configured (nothing is delivered here: the outbox is only read).
    server = await startTestServer({ clock: createFixedClock('2026-11-30T08:00:00Z'), env: { SLACK_BOT_TOKEN: 'xoxb-test' } });
    call = apiClient(server.url);
    const admin = await createHost(call, 'rr-a');
    adminToken = admin.token;
    await createHost(call, 'rr-b');
    expect((await call('POST', '/api/teams', { token: admin.token, body: { slug: 'desk', name: 'Desk', members: [{ username: 'rr-b' }] } })).status).to.equal(201);
    const et = await createEventType(call, admin.token, { slug: 'help', teamSlug: 'desk', kind: 'round_robin' });
    expect(et.conflictRepair).to.equal('propose');
    eventTypeId = et.id;
  });
  after(() => server.close());

  /** Books the team's event type at `start` and puts an outside busy block over its host. */
  async function conflictedBooking(start: string) {
    const made = await call('POST', '/api/meetings/schedule', { body: { team: 'desk', eventType: 'help', start, invitee: { name: 'I', email: 'i@x.org', timezone: 'Europe/Paris' } } });
    expect(made.status, made.text).to.equal(201);
    const host = await server.deps.db('booking_hosts').where({ booking_id: made.body.id }).first('user_id');
    const end = new Date(Date.parse(start) + 30 * 60_000).toISOString();
    await server.deps.db('external_busy').insert({ user_id: host.user_id, source: 'test', external_id: start, busy: `[${start},${end})` });
    return { id: made.body.id as string, hostId: host.user_id as string };
  }

  it('offers the other round-robin host at the same time first, then nearby times of the same host', async () => {
    const { id, hostId } = await conflictedBooking('2026-12-02T10:00:00Z');
    const proposal = await server.deps.services.repairs.proposeRepair(id, 'test conflict');
    expect(proposal!.outcome).to.equal('proposed');
    const [first, ...rest] = proposal!.alternatives;
    expect(first).to.include({ kind: 'other_host', start: '2026-12-02T10:00:00.000Z' });
    expect(first!.hostIds).to.not.include(hostId);
    expect(first!.reasons[0]).to.match(/^the same time with rr-/);
    expect(rest).to.have.length(2);
    for (const alt of rest) expect(alt).to.include({ kind: 'nearby' }).and.to.have.deep.property('hostIds', [hostId]);
    // One open proposal per booking.
    expect(await server.deps.services.repairs.proposeRepair(id, 'again')).to.equal(null);
    // Two different choices at once: exactly one moves the booking, the other is refused.
    const secret = server.deps.config.jwtSecret;
    const accept = (choice: number) => server.deps.services.repairs.acceptRepair(proposal!.id, choice, signChoice(secret, proposal!.id, choice));
    const results = await Promise.allSettled([accept(1), accept(2)]);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.code).to.equal('invalid_transition');
    const won = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ alternative: { start: string } }>).value.alternative.start;
    expect((await server.deps.db('bookings').where({ id }).first('start_at')).start_at.toISOString()).to.equal(won);
  });

  it('with conflictRepair automatic, gives the booking to the free host by itself and e-mails no proposal', async () => {
    const patched = await call('PATCH', `/api/event-types/${eventTypeId}`, { token: adminToken, body: { conflictRepair: 'automatic' } });
    expect(patched.body.conflictRepair).to.equal('automatic');
    const { id, hostId } = await conflictedBooking('2026-12-03T11:00:00Z');
    const proposal = await server.deps.services.repairs.proposeRepair(id, 'test conflict');
    expect(proposal!.outcome).to.equal('applied');
    const hosts = (await server.deps.db('booking_hosts').where({ booking_id: id }).select('user_id')).map((r: { user_id: string }) => r.user_id);
    expect(hosts).to.deep.equal(proposal!.alternatives[0]!.hostIds);
    expect(hosts).to.not.include(hostId);
    expect((await server.deps.db('bookings').where({ id }).first('start_at')).start_at.toISOString()).to.equal('2026-12-03T11:00:00.000Z');
    expect(await server.deps.db('outbox').where('idempotency_key', 'like', `repair-proposal:${proposal!.id}:%`)).to.have.length(0);
    // Everyone hears of the new host: the invitee, the new host, and the former one (an ICS CANCEL).
    const mails = (await server.deps.db('outbox').where({ booking_id: id, channel: 'email' }).whereLike('idempotency_key', `email:${id}:reassigned:%`).select('payload')).map(
      (r: { payload: unknown }) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { to: string; subject: string; icsMethod: string },
    );
    const users = await server.deps.db('users').whereIn('id', [hostId, hosts[0]!]).select('id', 'email');
    const emailOf = (userId: string) => users.find((u: { id: string }) => u.id === userId)!.email as string;
    expect(mails.map((m) => [m.to, m.subject.split(':')[0], m.icsMethod]).sort()).to.deep.equal(
      [
        ['i@x.org', 'New host', 'REQUEST'],
        [emailOf(hosts[0]!), 'Assigned to you', 'REQUEST'],
        [emailOf(hostId), 'Reassigned', 'CANCEL'],
      ].sort(),
    );
  });

  it('after a host changes their working hours, proposes new times for the bookings that no longer fit, and only those', async () => {
    const h = await createHost(call, 'hours-host');
    await createEventType(call, h.token, { slug: 'chat' });
    const book = async (start: string) => (await call('POST', '/api/meetings/schedule', { body: { user: 'hours-host', eventType: 'chat', start, invitee: { name: 'I', email: `i-${start.slice(8, 10)}@x.org`, timezone: 'UTC' } } })).body.id as string;
    const wednesday = await book('2026-12-02T10:00:00Z');
    const thursday = await book('2026-12-03T10:00:00Z');
    const weekly = ['mon', 'tue', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' }));
    expect((await call('PUT', '/api/availability/schedule', { token: h.token, body: { timezone: 'UTC', weekly, overrides: [] } })).status).to.equal(200);
    const proposals = await server.deps.db('repair_proposals').whereIn('booking_id', [wednesday, thursday]).select('booking_id', 'reason', 'alternatives');
    expect(proposals.map((p: { booking_id: string }) => p.booking_id)).to.deep.equal([wednesday]);
    expect(proposals[0].reason).to.equal('the host changed their working hours');
    const mails = await server.deps.db('outbox').where('idempotency_key', 'like', 'repair-proposal:%').whereRaw("payload->>'to' = ?", ['i-02@x.org']).select('payload');
    expect(mails).to.have.length(1);
    expect(await server.deps.db('outbox').where('idempotency_key', 'like', 'repair-proposal-chat:%')).to.have.length(0);
    const alternatives = typeof proposals[0].alternatives === 'string' ? JSON.parse(proposals[0].alternatives) : proposals[0].alternatives;
    expect(alternatives).to.have.length(3);
    for (const a of alternatives) expect(new Date(a.start).getUTCDay()).to.not.equal(3);
  });

  it('when a host leaves the team, offers their round-robin booking to the hosts who remain', async () => {
    const c = await createHost(call, 'rr-c');
    await createHost(call, 'rr-d');
    expect((await call('POST', '/api/teams', { token: c.token, body: { slug: 'desk2', name: 'Desk 2', members: [{ username: 'rr-d', role: 'admin' }] } })).status).to.equal(201);
    await createEventType(call, c.token, { slug: 'help2', teamSlug: 'desk2', kind: 'round_robin' });
    const made = await call('POST', '/api/meetings/schedule', { body: { team: 'desk2', eventType: 'help2', start: '2026-12-04T10:00:00Z', invitee: { name: 'I', email: 'left@x.org', timezone: 'UTC' } } });
    const host = await server.deps.db('users').join('booking_hosts', 'booking_hosts.user_id', 'users.id').where({ booking_id: made.body.id }).first('username');
    const other = host.username === 'rr-c' ? 'rr-d' : 'rr-c';
    expect((await call('DELETE', `/api/teams/desk2/members/${host.username}`, { token: c.token })).status).to.equal(204);
    const proposal = await server.deps.db('repair_proposals').where({ booking_id: made.body.id }).first();
    expect(proposal.reason).to.equal('the host left the team');
    const alternatives = typeof proposal.alternatives === 'string' ? JSON.parse(proposal.alternatives) : proposal.alternatives;
    expect(alternatives.map((a: { kind: string; hosts: string[]; start: string }) => [a.kind, a.hosts, a.start])).to.deep.equal([['other_host', [other], '2026-12-04T10:00:00.000Z']]);
  });

  it('also sends the choices as a chat message to an invitee who is a user with a linked Slack account', async () => {
    const h = await createHost(call, 'chat-host');
    const guest = await createHost(call, 'chat-guest');
    await server.deps.db('chat_accounts').insert({ platform: 'slack', workspace_id: 'T1', external_user_id: 'U1', user_id: guest.user.id });
    await createEventType(call, h.token, { slug: 'sync' });
    const made = await call('POST', '/api/meetings/schedule', { body: { user: 'chat-host', eventType: 'sync', start: '2026-12-07T10:00:00Z', invitee: { name: 'G', email: 'chat-guest@example.com', timezone: 'UTC' } } });
    await server.deps.db('booking_attendees').where({ booking_id: made.body.id }).update({ user_id: guest.user.id });
    const proposal = await server.deps.services.repairs.proposeRepair(made.body.id, 'test conflict');
    const chats = await server.deps.db('outbox').where({ channel: 'chat' }).where('idempotency_key', `repair-proposal-chat:${proposal!.id}:${guest.user.id}`).select('payload');
    expect(chats).to.have.length(1);
    const payload = typeof chats[0].payload === 'string' ? JSON.parse(chats[0].payload) : chats[0].payload;
    expect(payload.userId).to.equal(guest.user.id);
    expect(payload.text).to.match(/^"sync" needs a new time: pick one of 3\n/);
    expect(payload.text.match(/\/repairs\/[0-9a-f-]+\/accept\?choice=\d&sig=/g)).to.have.length(3);
  });

  it('signs each choice separately', () => {
    const sig = signChoice('secret', 'p1', 0);
    expect(isValidChoiceSignature('secret', 'p1', 0, sig)).to.equal(true);
    expect(isValidChoiceSignature('secret', 'p1', 1, sig)).to.equal(false);
    expect(isValidChoiceSignature('other', 'p1', 0, sig)).to.equal(false);
  });
});
