import { expect } from 'chai';
import type { Knex } from 'knex';
import type { RunningServer } from '../../server/compose.js';
import { EXIT } from '../../cli/exitCodes.js';
import { createFixedClock } from '../../core/clock.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../helpers/server.js';
import { FakeTty, tempConfigHome, yava } from './helpers.js';

/** The reset code in the newest reset e-mail to the address. */
async function resetCode(db: Knex, to: string): Promise<string> {
  const rows = await db('outbox').whereRaw("lower(payload->>'to') = lower(?)", [to]).whereLike('idempotency_key', 'email:reset:%').orderBy('created_at', 'desc').select('payload');
  const payload = rows[0]!.payload;
  const text: string = (typeof payload === 'string' ? JSON.parse(payload) : payload).text;
  return /yava_pr_[A-Za-z0-9_-]+/.exec(text)![0];
}

describe('yava password reset', () => {
  let server: RunningServer;
  let call: ApiCall;
  let home: ReturnType<typeof tempConfigHome>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const env = () => ({ XDG_CONFIG_HOME: home.dir, YAVA_SERVER: undefined, YAVA_TOKEN: undefined });

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
  });
  after(() => server.close());
  beforeEach(() => {
    home = tempConfigHome();
    clock.advance(5 * 60_000); // one reset e-mail per account per minute
  });
  afterEach(() => home.cleanup());

  it('in a script: --email sends the code, then --token with --password-stdin sets the password', async () => {
    const user = await registerUser(call);
    const sent = await yava(['password', 'reset', '--server', server.url, '--email', user.email, '--json'], { env: env() });
    expect(sent.code, sent.stderr).to.equal(0);
    expect(sent.json()).to.deep.equal({ step: 'sent', email: user.email });
    const token = await resetCode(server.deps.db, user.email);
    const reset = await yava(['password', 'reset', '--server', server.url, '--token', token, '--password-stdin', '--json'], { env: env(), stdin: 'new and improved passphrase\n' });
    expect(reset.code, reset.stderr).to.equal(0);
    expect(reset.json()).to.deep.equal({ step: 'reset' });
    expect((await call('POST', '/api/auth/login', { body: { email: user.email, password: 'new and improved passphrase' } })).status).to.equal(200);
  });

  it('on a terminal: asks for the email, the code and the new password twice', async () => {
    const user = await registerUser(call);
    const tty = new FakeTty();
    const done = yava(['password', 'reset', '--server', server.url], { env: env(), tty });
    await tty.waitFor('Email');
    tty.answer(user.email);
    await tty.waitFor('Code from the e-mail');
    tty.answer(await resetCode(server.deps.db, user.email));
    await tty.waitFor('New password');
    tty.answer('typed on a terminal 42');
    await tty.waitFor('Same password again');
    tty.answer('typed on a terminal 42');
    const res = await done;
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.contain('Password changed');
    expect(tty.screen).not.to.contain('typed on a terminal 42');
    expect((await call('POST', '/api/auth/login', { body: { email: user.email, password: 'typed on a terminal 42' } })).status).to.equal(200);
  });

  it('without a terminal, a missing value names the flag; a used or wrong code is an auth error', async () => {
    const missing = await yava(['password', 'reset', '--server', server.url], { env: env() });
    expect(missing.code).to.equal(EXIT.usage);
    expect(missing.stderr).to.contain('--email');
    const noPassword = await yava(['password', 'reset', '--server', server.url, '--token', 'yava_pr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'], { env: env() });
    expect(noPassword.code).to.equal(EXIT.usage);
    expect(noPassword.stderr).to.contain('--password-stdin');
    const wrong = await yava(['password', 'reset', '--server', server.url, '--token', 'yava_pr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '--password-stdin'], { env: env(), stdin: 'some new passphrase' });
    expect(wrong.code).to.equal(EXIT.auth);
    expect(wrong.stderr).to.match(/not valid|already used/);
  });
});
