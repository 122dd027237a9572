import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';

type Decision = { id: string; decision: string; email: string; address: string | null; bookingId: string | null; reasons: Array<{ code: string; detail: string }>; appeal: { message: string } | null };

/** The n-th half hour from Wednesday 25 Nov 09:00 UTC, on working days 09–17 (16 a day). */
const slot = (n: number) => new Date(Date.parse('2026-11-25T09:00:00Z') + Math.floor(n / 16) * 86_400_000 + (n % 16) * 1_800_000).toISOString();

describe('spam check on public bookings (POST /api/meetings/schedule, /api/admin/spam/decisions, blocklists)', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let admin: Awaited<ReturnType<typeof registerUser>>;
  let host: Awaited<ReturnType<typeof createHost>>;
  let next = 0;
  const book = (from: string, invitee: { name?: string; email: string }, notes?: string) =>
    call('POST', '/api/meetings/schedule', { headers: { 'x-forwarded-for': from }, body: { user: 'spamhost', eventType: 'chat', start: slot(next++), invitee: { name: invitee.name ?? 'Guest', email: invitee.email, timezone: 'UTC' }, ...(notes ? { notes } : {}) } });
  const decisions = async (query = '') => {
    const res = await call('GET', `/api/admin/spam/decisions?limit=500${query}`, { token: admin.accessToken });
    expect(res.status, res.text).to.equal(200);
    return res.body.decisions as Decision[];
  };
  const challengeToken = async (email: string) => {
    const row = await server.deps.db('outbox').whereLike('idempotency_key', 'spam-challenge:%').whereRaw("payload->>'to' = ?", [email]).first('payload');
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    return /token=([^\s&"]+)/.exec(payload.text)![1]!;
  };

  before(async function () {
    this.timeout(400_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { SPAM_CHECK: 'on', TRUST_PROXY: 'on', SPAM_BURST_PER_ADDRESS: '10', SPAM_BURST_PER_EMAIL: '5', SPAM_BURST_PER_NETWORK: '30' } });
    call = apiClient(server.url);
    admin = await registerUser(call, { name: 'Root', username: 'root' });
    host = await createHost(call, 'spamhost');
    await createEventType(call, host.token, { slug: 'chat', durationMinutes: 30 });
  });
  after(() => server.close());

  it('lets a normal booking through and logs an allow with no reasons, linked to the booking', async () => {
    const res = await book('198.51.100.7', { name: 'Nora Normal', email: 'nora@example.org' }, 'Looking forward to it');
    expect(res.status, res.text).to.equal(201);
    const [d] = await decisions('&email=nora@example.org');
    expect(d).to.include({ decision: 'allow', address: '198.51.100.7', bookingId: res.body.id });
    expect(d!.reasons).to.deep.equal([]);
  });

  it('blocks a disposable domain with a neutral message that names no reason, and logs why', async () => {
    const res = await book('198.51.100.8', { email: 'throwaway@mailinator.com' });
    expect(res.status, res.text).to.equal(403);
    expect(res.body.code).to.equal('booking_refused');
    expect(res.text).not.to.match(/disposable|mailinator|blocklist|spam/i);
    expect(res.body.details.appealUrl).to.match(/\/appeal\?ref=/);
    const [d] = await decisions('&email=throwaway@mailinator.com');
    expect(d!.decision).to.equal('block');
    expect(d!.reasons.map((r) => r.code)).to.deep.equal(['disposable_domain']);
    expect(d!.reasons[0]!.detail).to.contain('mailinator.com');
  });

  it('challenges a first-time booker with a link in the notes; the e-mailed token books it', async () => {
    const res = await book('198.51.100.9', { name: 'Lin', email: 'lin@example.org' }, 'See my offer at https://cheap.example/deal');
    expect(res.status, res.text).to.equal(202);
    expect(res.body.status).to.equal('confirmation_required');
    expect(await server.deps.db('bookings').where({ title: 'chat' }).count('* as n').first()).to.deep.equal({ n: 1 });
    const [d] = await decisions('&email=lin@example.org');
    expect(d!.decision).to.equal('challenge');
    expect(d!.reasons.map((r) => r.code)).to.deep.equal(['link_in_text']);
    const token = await challengeToken('lin@example.org');
    const confirmed = await call('POST', '/api/meetings/confirm', { body: { token } });
    expect(confirmed.status, confirmed.text).to.equal(201);
    expect(confirmed.body.status).to.equal('scheduled');
    expect((await decisions('&email=lin@example.org'))[0]!.bookingId).to.equal(confirmed.body.id);
    const again = await call('POST', '/api/meetings/confirm', { body: { token } });
    expect(again.status).to.equal(410);
  });

  it('a returning booker (a kept meeting) with a link is not challenged', async () => {
    const res = await book('198.51.100.7', { name: 'Nora Normal', email: 'nora@example.org' }, 'Agenda: https://docs.example/agenda');
    expect(res.status, res.text).to.equal(201);
  });

  it('blocks a burst of 20 bookings from one address in a minute, bans the address, keeps the meetings already made', async () => {
    const results: number[] = [];
    for (let i = 0; i < 20; i++) results.push((await book('203.0.113.50', { name: `Burst ${i}`, email: `burst${i}@example.org` })).status);
    expect(results.slice(0, 10)).to.deep.equal(Array(10).fill(201));
    expect(results.slice(10)).to.deep.equal(Array(10).fill(403));
    const burst = await decisions('&decision=block');
    const first = burst.find((d) => d.email === 'burst10@example.org')!;
    expect(first.reasons.map((r) => r.code)).to.deep.equal(['burst_address']);
    expect(first.reasons[0]!.detail).to.contain('11 attempts from this address');
    // The automatic ban (with an expiry) decides the later ones.
    expect(burst.find((d) => d.email === 'burst19@example.org')!.reasons.map((r) => r.code)).to.include('blocklisted_network');
    const bans = (await call('GET', '/api/admin/blocklist', { token: admin.accessToken })).body.entries;
    const ban = bans.find((e: { value: string }) => e.value === '203.0.113.50/32');
    expect(ban).to.include({ kind: 'network', automatic: true });
    expect(Date.parse(ban.expiresAt) - clock.now().getTime()).to.equal(60 * 60_000);
    // Attempts 12–20 were already banned: still one ban.
    expect(bans.filter((e: { value: string }) => e.value === '203.0.113.50/32')).to.have.length(1);
    // Nothing already booked is cancelled.
    const kept = await server.deps.db('bookings as b').join('booking_attendees as a', 'a.booking_id', 'b.id').whereLike('a.email', 'burst%').select('b.status');
    expect(kept.map((k) => k.status)).to.deep.equal(Array(10).fill('scheduled'));
  });

  it('a burst with one e-mail bans it once: attempts after the ban add no second ban', async () => {
    const results: number[] = [];
    for (let i = 0; i < 7; i++) results.push((await book(`198.51.100.${100 + i}`, { name: 'Eve Burst', email: 'eve.burst@example.org' })).status);
    expect(results).to.deep.equal([201, 201, 201, 201, 201, 403, 403]);
    const all = (await call('GET', '/api/admin/blocklist?all=true', { token: admin.accessToken })).body.entries as Array<{ kind: string; value: string; automatic: boolean }>;
    expect(all.filter((e) => e.kind === 'email' && e.value === 'eve.burst@example.org' && e.automatic)).to.have.length(1);
  });

  it('takes an appeal from the refusal link and shows it to admins beside the decision', async () => {
    const res = await book('198.51.100.20', { email: 'appealer@mailinator.com' });
    const ref = new URL(res.body.details.appealUrl).searchParams.get('ref')!;
    const sent = await call('POST', '/api/spam/appeals', { body: { ref, message: 'I am a real person' } });
    expect(sent.status, sent.text).to.equal(202);
    expect((await decisions('&email=appealer@mailinator.com'))[0]!.appeal!.message).to.equal('I am a real person');
    expect((await call('POST', '/api/spam/appeals', { body: { ref: 'yava_ap_not-a-real-ref', message: 'x' } })).status).to.equal(404);
  });

  it('admins block an e-mail domain everywhere (audited); hosts block on their own event types only', async () => {
    const added = await call('POST', '/api/admin/blocklist', { token: admin.accessToken, body: { kind: 'domain', value: 'Spammy.example', reason: 'complaints' } });
    expect(added.status, added.text).to.equal(201);
    expect(added.body).to.include({ kind: 'domain', value: 'spammy.example', automatic: false, expiresAt: null });
    expect((await book('198.51.100.30', { email: 'x@mail.spammy.example' })).status).to.equal(403);
    const audit = (await call('GET', '/api/admin/audit?action=blocklist.', { token: admin.accessToken })).body.entries;
    expect(audit.map((a: { action: string }) => a.action)).to.include('blocklist.add');
    expect((await call('DELETE', `/api/admin/blocklist/${added.body.id}`, { token: admin.accessToken })).status).to.equal(204);
    expect((await book('198.51.100.30', { email: 'y@mail.spammy.example' })).status).to.equal(201);

    const own = await call('POST', '/api/blocklist', { token: host.token, body: { kind: 'email', value: 'pest@example.org' } });
    expect(own.status, own.text).to.equal(201);
    expect((await book('198.51.100.31', { email: 'pest@example.org' })).status).to.equal(403);
    expect((await call('GET', '/api/blocklist', { token: host.token })).body.entries).to.have.length(1);
    expect((await call('GET', '/api/admin/blocklist', { token: admin.accessToken })).body.entries.map((e: { value: string }) => e.value)).not.to.include('pest@example.org');
    expect((await call('POST', '/api/blocklist', { token: host.token, body: { kind: 'network', value: 'not-an-ip' } })).status).to.equal(400);
  });

  describe('a non-admin gets 403', () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/blocklist'],
      ['POST', '/api/admin/blocklist', { kind: 'email', value: 'a@b.org' }],
      ['DELETE', '/api/admin/blocklist/00000000-0000-0000-0000-000000000000'],
      ['GET', '/api/admin/spam/decisions'],
    ];
    for (const [method, path, body] of routes) {
      it(`${method} ${path.replace(/0{8}-[0-9-]+/, ':id')}`, async () => {
        expect((await call(method, path, { token: host.token, body })).status).to.equal(403);
      });
    }
  });

  // Last (child suites run after the tests above, in order): the clock moves an hour on.
  describe('automatic bans', () => {
    it('end at their expiry', async () => {
      expect((await book('203.0.113.50', { name: 'Soon', email: 'soon@example.org' })).status).to.equal(403);
      clock.advance(61 * 60_000);
      expect((await book('203.0.113.50', { name: 'Later', email: 'later@example.org' })).status).to.equal(201);
    });
  });
});
