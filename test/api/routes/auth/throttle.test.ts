import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { expectProblem } from '../../../helpers/scheduling.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('POST /api/auth/login: the failed-login throttle', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let n = 0;
  /** A login from a client address of its own (TRUST_PROXY=on reads X-Forwarded-For). */
  const login = (email: string, password: string, ip: string) => call('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip } });
  const freshAddress = () => `198.51.100.${++n}`;

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock, env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15', TRUST_PROXY: 'on', PASSWORD_HASH_QUEUE: '64' } });
    call = apiClient(server.url);
  });
  after(() => server.close());
  afterEach(() => clock.set('2026-11-24T10:00:00Z'));

  it('charges attempts before hashing: of 20 concurrent guesses from one address, 3 are checked and 17 refused with 429 + Retry-After', async () => {
    const s = await registerUser(call);
    const ip = freshAddress();
    const answers = await Promise.all(Array.from({ length: 20 }, () => login(s.email, 'a wrong guess here', ip)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 401)).to.have.length(3);
    expect(statuses.filter((x) => x === 429)).to.have.length(17);
    const refused = answers.find((r) => r.status === 429)!;
    expectProblem(refused, 429, 'too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 2);
  });

  it('never refuses the right password from another address, however many addresses failed before', async () => {
    const s = await registerUser(call);
    for (let a = 0; a < 8; a++) {
      const ip = freshAddress();
      for (let i = 0; i < 4; i++) await login(s.email, 'a wrong guess here', ip);
    }
    expect((await login(s.email, s.password, freshAddress())).status).to.equal(200);
  });

  it('makes the guessing address wait 1 s, then 2 s, 4 s …; the right password after the wait gets in', async () => {
    const s = await registerUser(call);
    const ip = freshAddress();
    for (let i = 0; i < 3; i++) expectProblem(await login(s.email, 'a wrong guess here', ip), 401, 'invalid_credentials');
    const first = await login(s.email, s.password, ip);
    expectProblem(first, 429, 'too_many_attempts');
    expect(first.headers.get('retry-after')).to.equal('1');
    clock.advance(1_000);
    expectProblem(await login(s.email, 'a wrong guess here', ip), 401, 'invalid_credentials');
    expect((await login(s.email, s.password, ip)).headers.get('retry-after')).to.equal('2');
    clock.advance(2_000);
    expectProblem(await login(s.email, 'a wrong guess here', ip), 401, 'invalid_credentials');
    expect((await login(s.email, s.password, ip)).headers.get('retry-after')).to.equal('4');
    clock.advance(4_000);
    expect((await login(s.email, s.password, ip)).status).to.equal(200);
    // Success forgets the address's attempts on the account.
    expectProblem(await login(s.email, 'a wrong guess here', ip), 401, 'invalid_credentials');
  });

  it('makes an address that fails across many accounts wait, for every account; other addresses are unaffected', async () => {
    const s = await registerUser(call);
    const ip = freshAddress();
    // 4x the account allowance per address: 12 failures spread over accounts.
    for (let i = 0; i < 12; i++) await login(`nobody${i}@example.com`, 'a wrong guess here', ip);
    const res = await login(s.email, s.password, ip);
    expectProblem(res, 429, 'too_many_attempts');
    expect(res.headers.get('retry-after')).to.be.a('string');
    expect((await login(s.email, s.password, freshAddress())).status).to.equal(200);
  });

  it('does not count successful logins against a shared address (an office behind one NAT)', async () => {
    const ip = freshAddress();
    const people = await Promise.all(Array.from({ length: 5 }, () => registerUser(call)));
    for (let round = 0; round < 4; round++) {
      for (const p of people) expect((await login(p.email, p.password, ip)).status).to.equal(200);
    }
  });
});

describe('POST /api/auth/login under a flood: bounded hashing', () => {
  let server: RunningServer;
  let call: ApiCall;

  before(async () => {
    await resetTestDb();
    // One hashing thread, nobody may wait for it, and a real bcrypt cost so a hash takes a while.
    server = await startTestServer({ env: { TRUST_PROXY: 'on', PASSWORD_HASH_WORKERS: '1', PASSWORD_HASH_QUEUE: '0', BCRYPT_COST: '12' } });
    call = apiClient(server.url);
  });
  after(() => server.close());

  it('answers 503 + Retry-After when the hashing queue is full, instead of queueing without bound', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call('POST', '/api/auth/login', { body: { email: `flood${i}@example.com`, password: 'a wrong guess here' }, headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } })),
    );
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length, JSON.stringify(answers.map((r) => r.status))).to.be.at.least(1);
    expectProblem(busy[0]!, 503, 'server_busy');
    expect(Number(busy[0]!.headers.get('retry-after'))).to.be.at.least(1);
    expect(answers.every((r) => r.status === 503 || r.status === 401)).to.equal(true);
  });
});
