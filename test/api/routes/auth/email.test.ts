import { expect } from 'chai';
import type { Knex } from 'knex';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** Every e-mail queued in the outbox for an address (the clock is fixed, so in no particular order). */
async function mailsTo(db: Knex, to: string): Promise<Mail[]> {
  const rows = await db('outbox').whereRaw("lower(payload->>'to') = lower(?)", [to]).select('payload');
  return rows.map((r: { payload: unknown }) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload));
}

/** The one e-mail to the address whose subject matches (fails when there is none). */
async function mailTo(db: Knex, to: string, subject: RegExp, not?: string): Promise<Mail> {
  const found = (await mailsTo(db, to)).filter((m) => subject.test(m.subject) && (!not || !m.text.includes(not)));
  expect(found, `mail to ${to} matching ${subject}`).to.have.length(1);
  return found[0]!;
}

const tokenIn = (text: string, prefix: string) => new RegExp(`${prefix}[A-Za-z0-9_-]+`).exec(text)?.[0];

describe('email ownership: POST /api/auth/verify-email, password reset', () => {
  let server: RunningServer;
  let call: ApiCall;
  let db: Knex;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const victim = 'victim@example.org';
  let meetingId: string;

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    db = server.deps.db;
    const host = await createHost(call, 'vhost');
    await createEventType(call, host.token, { slug: 'intro', minimumNoticeMinutes: 0 });
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'vhost', eventType: 'intro', start: '2026-11-25T10:00:00Z', invitee: { name: 'Vic', email: victim, timezone: 'UTC' } } });
    expect(booked.status, booked.text).to.equal(201);
    meetingId = booked.body.id;
  });
  after(() => server.close());

  describe('an account that has not verified its email', () => {
    let squatter: Awaited<ReturnType<typeof registerUser>>;
    before(async () => {
      squatter = await registerUser(call, { email: 'VICTIM@example.org' });
    });

    it('is told it is unverified and gets a verification link by e-mail', async () => {
      expect(squatter.user.emailVerified).to.equal(false);
      const mail = await mailTo(db, victim, /confirm your email/i);
      expect(mail.text).to.match(/\/verify-email\?token=yava_ev_/);
      expect(tokenIn(mail.text, 'yava_ev_')).to.be.a('string');
    });

    it('cannot list, read, cancel or download meetings booked with that email', async () => {
      const list = await call('GET', '/api/meetings', { token: squatter.accessToken });
      expect(list.status).to.equal(200);
      expect(list.body.meetings.map((m: { id: string }) => m.id)).not.to.include(meetingId);
      expect((await call('GET', `/api/meetings/${meetingId}`, { token: squatter.accessToken })).status).to.be.oneOf([403, 404]);
      expect((await call('POST', `/api/meetings/${meetingId}/cancel`, { token: squatter.accessToken, body: {} })).status).to.be.oneOf([403, 404]);
      expect((await call('GET', `/meetings/${meetingId}.ics`, { token: squatter.accessToken })).status).to.equal(404);
    });

    it('reads no mail of that address in the dev mailbox', async () => {
      const res = await call('GET', '/api/mail', { token: squatter.accessToken });
      expect(res.status).to.equal(200);
      expect(res.body.messages).to.deep.equal([]);
      // Said, so a client can tell the reader why the mailbox is empty.
      expect(res.body.emailVerified).to.equal(false);
    });

    it('sees what it booked itself with its own address', async () => {
      const own = await call('POST', '/api/meetings/schedule', {
        token: squatter.accessToken,
        body: { user: 'vhost', eventType: 'intro', start: '2026-11-25T11:00:00Z', invitee: { name: 'Vic', email: victim, timezone: 'UTC' } },
      });
      expect(own.status, own.text).to.equal(201);
      const ids = (await call('GET', '/api/meetings', { token: squatter.accessToken })).body.meetings.map((m: { id: string }) => m.id);
      expect(ids).to.include(own.body.id);
      expect(ids).not.to.include(meetingId);
    });
  });

  describe('verifying', () => {
    it('a verified account sees the meetings booked with its email, and the link works once', async () => {
      const session = (await call('POST', '/api/auth/login', { body: { email: victim, password: 'correct horse battery staple' } })).body;
      const token = tokenIn((await mailTo(db, victim, /confirm your email/i)).text, 'yava_ev_')!;
      const res = await call('POST', '/api/auth/verify-email', { body: { token } });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.user.emailVerified).to.equal(true);
      const ids = (await call('GET', '/api/meetings', { token: session.accessToken })).body.meetings.map((m: { id: string }) => m.id);
      expect(ids).to.include(meetingId);
      expect((await call('GET', `/api/meetings/${meetingId}`, { token: session.accessToken })).status).to.equal(200);
      expect((await call('GET', `/meetings/${meetingId}.ics`, { token: session.accessToken })).status).to.equal(200);
      expectProblem(await call('POST', '/api/auth/verify-email', { body: { token } }), 401, 'invalid_token');
    });

    it('refuses a made-up, a malformed and an expired link', async () => {
      expectProblem(await call('POST', '/api/auth/verify-email', { body: { token: 'yava_ev_thisisnotarealtokenatall000' } }), 401, 'invalid_token');
      expectProblem(await call('POST', '/api/auth/verify-email', { body: { token: 42 } }), 400, 'validation_failed');
      const s = await registerUser(call, { email: 'late@example.org' });
      const token = tokenIn((await mailTo(db, s.email, /confirm your email/i)).text, 'yava_ev_')!;
      clock.advance(25 * 3_600_000);
      try {
        expectProblem(await call('POST', '/api/auth/verify-email', { body: { token } }), 401, 'token_expired');
      } finally {
        clock.set('2026-11-24T10:00:00Z');
      }
      const resent = await call('POST', '/api/auth/verify-email/send', { token: s.accessToken });
      expect(resent.status).to.equal(202);
      const fresh = tokenIn((await mailTo(db, s.email, /confirm your email/i, token)).text, 'yava_ev_')!;
      expect(fresh).not.to.equal(token);
      expect((await call('POST', '/api/auth/verify-email', { body: { token: fresh } })).status).to.equal(200);
    });

    it('the e-mailed link opens a page whose button verifies (a GET alone does not)', async () => {
      const s = await registerUser(call, { email: 'clicker@example.org' });
      const mail = await mailTo(db, s.email, /confirm your email/i);
      const link = /https?:\S+\/verify-email\?token=(\S+)/.exec(mail.text)!;
      const token = decodeURIComponent(link[1]!);
      const page = await fetch(`${server.url}/verify-email?token=${encodeURIComponent(token)}`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-security-policy')).to.be.a('string');
      const body = await page.text();
      expect(body).to.match(/<form method="post" action="\/verify-email">/);
      expect((await call('GET', '/api/me', { token: s.accessToken })).body.emailVerified).to.equal(false);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
      const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
      const forged = await fetch(`${server.url}/verify-email`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
      expect(forged.status).to.equal(403);
      const posted = await fetch(`${server.url}/verify-email`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ token, _csrf: csrf }).toString() });
      expect(posted.status).to.equal(200);
      expect(await posted.text()).to.match(/confirmed/);
      expect((await call('GET', '/api/me', { token: s.accessToken })).body.emailVerified).to.equal(true);
    });
  });

  describe('registering a taken email', () => {
    it('answers like a new registration, creates nothing, and e-mails the owner', async () => {
      const before = await db('users').count<{ count: number }[]>('* as count');
      const fresh = await call('POST', '/api/auth/register', { body: { email: 'brand-new@example.org', password: 'a long fine password', name: 'New' } });
      const taken = await call('POST', '/api/auth/register', { body: { email: 'Victim@Example.org', password: 'a long fine password', name: 'Mallory' } });
      expect(taken.status).to.equal(fresh.status);
      expect(Object.keys(taken.body).sort()).to.deep.equal(Object.keys(fresh.body).sort());
      expect(Object.keys(taken.body.user).sort()).to.deep.equal(Object.keys(fresh.body.user).sort());
      expect(taken.body.user).to.include({ email: 'victim@example.org', name: 'Mallory', role: 'user', emailVerified: false });
      expect(taken.text).not.to.match(/exists|taken/i);
      const after = await db('users').count<{ count: number }[]>('* as count');
      expect(Number(after[0]!.count)).to.equal(Number(before[0]!.count) + 1);
      await mailTo(db, victim, /tried to create a Yava account/);
      expectProblem(await call('GET', '/api/meetings', { token: taken.body.accessToken }), 401, 'invalid_token');
    });
  });

  describe('password reset', () => {
    it('always answers 202 and e-mails a code only to an existing account', async () => {
      const unknown = await call('POST', '/api/auth/password-reset', { body: { email: 'nobody@example.org' } });
      const known = await call('POST', '/api/auth/password-reset', { body: { email: victim } });
      expect(unknown.status).to.equal(202);
      expect(known.status).to.equal(202);
      expect(unknown.body).to.deep.equal(known.body);
      expect(await mailsTo(db, 'nobody@example.org')).to.deep.equal([]);
      await mailTo(db, victim, /reset/i);
    });

    it('sets the new password, ends every session, and the code works once', async () => {
      const old = (await call('POST', '/api/auth/login', { body: { email: victim, password: 'correct horse battery staple' } })).body;
      const pat = (await call('POST', '/api/tokens', { token: old.accessToken, body: { name: 'script' } })).body.token;
      expect((await call('GET', '/api/me', { token: pat })).status).to.equal(200);
      const token = tokenIn((await mailTo(db, victim, /reset/i)).text, 'yava_pr_')!;
      expectProblem(await call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'short' } }), 422, 'weak_password');
      const res = await call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'a brand new passphrase' } });
      expect(res.status, res.text).to.equal(204);
      expectProblem(await call('POST', '/api/auth/refresh', { body: { refreshToken: old.refreshToken } }), 401, 'invalid_token');
      expectProblem(await call('GET', '/api/me', { token: pat }), 401, 'invalid_token');
      expectProblem(await call('POST', '/api/auth/login', { body: { email: victim, password: 'correct horse battery staple' } }), 401, 'invalid_credentials');
      expect((await call('POST', '/api/auth/login', { body: { email: victim, password: 'a brand new passphrase' } })).status).to.equal(200);
      expectProblem(await call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'yet another passphrase' } }), 401, 'invalid_token');
    });

    it('a reset proves the address, so the account counts as verified', async () => {
      const s = await registerUser(call, { email: 'forgetful@example.org' });
      clock.advance(2 * 60_000);
      try {
        await call('POST', '/api/auth/password-reset', { body: { email: s.email } });
        const token = tokenIn((await mailTo(db, s.email, /reset/i)).text, 'yava_pr_')!;
        expect((await call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'remembered at last' } })).status).to.equal(204);
      } finally {
        clock.set('2026-11-24T10:00:00Z');
      }
      const login = (await call('POST', '/api/auth/login', { body: { email: s.email, password: 'remembered at last' } })).body;
      expect(login.user.emailVerified).to.equal(true);
    });
  });
});
