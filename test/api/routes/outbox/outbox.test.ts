import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, verifyEmail, type ApiCall } from '../../../helpers/server.js';

describe('GET /api/outbox and GET /api/mail', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let admin: Awaited<ReturnType<typeof registerUser>>;
  let host: Awaited<ReturnType<typeof registerUser>>;

  before(async () => {
    await resetTestDb();
    // No SMTP_URL: mail goes to the dev mailbox.
    server = await startTestServer({ clock, env: { OUTBOX_MAX_ATTEMPTS: '2' } });
    call = apiClient(server.url);
    admin = await registerUser(call, { name: 'Admin', username: 'root' });
    host = await registerUser(call, { name: 'Hela', username: 'hela', timezone: 'Europe/Berlin' });
    // The dev mailbox shows mail only to verified addresses; the verification mails themselves are not what this suite counts.
    await verifyEmail(server, host.email);
    await server.deps.db('outbox').whereLike('idempotency_key', 'email:verify:%').delete();
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
  });
  after(() => server.close());

  it('delivers to the dev mailbox; each user reads their own mail, admins everyone\u2019s', async () => {
    const result = await server.deps.services.notify.createDispatcher().drain();
    expect(result.sent).to.equal(2);
    const mine = await call('GET', '/api/mail', { token: host.accessToken });
    expect(mine.status).to.equal(200);
    expect(mine.body.transport).to.equal('dev_mailbox');
    expect(mine.body.emailVerified).to.equal(true);
    expect(mine.body.messages).to.have.length(1);
    expect(mine.body.messages[0]).to.include({ to: host.email.toLowerCase(), hasInvite: true });
    expect(mine.body.messages[0].subject).to.match(/^New meeting: Intro/);
    const forbidden = await call('GET', '/api/mail?all=true', { token: host.accessToken });
    expect(forbidden.status).to.equal(403);
    // Named as the field "all", so the CLI can say --all.
    expect(forbidden.body.errors).to.deep.equal([{ field: 'all', message: 'only admins can read everyone\'s mail; leave it out' }]);
    expect((await call('GET', '/api/mail?all=true', { token: admin.accessToken })).body.messages).to.have.length(2);
    expect((await call('GET', '/api/mail')).status).to.equal(401);
  });

  it('lists dead letters for admins only', async () => {
    await server.deps.db('outbox').insert({ channel: 'email', idempotency_key: 'x:dead', payload: JSON.stringify({ to: 'a@example.com', subject: 'Lost?' }), status: 'dead', attempts: 2, max_attempts: 2, last_error: 'SMTP 554: rejected' });
    const res = await call('GET', '/api/outbox?status=dead', { token: admin.accessToken });
    expect(res.status).to.equal(200);
    expect(res.body.messages).to.have.length(1);
    expect(res.body.messages[0]).to.include({ status: 'dead', attempts: 2, to: 'a@example.com', subject: 'Lost?', lastError: 'SMTP 554: rejected' });
    expect(res.body.messages[0]).not.to.have.property('payload');
    expect((await call('GET', '/api/outbox?status=sent', { token: admin.accessToken })).body.messages).to.have.length(2);
    expect((await call('GET', '/api/outbox', { token: host.accessToken })).status).to.equal(403);
    expect((await call('GET', '/api/outbox?status=lost', { token: admin.accessToken })).status).to.equal(400);
  });
});
