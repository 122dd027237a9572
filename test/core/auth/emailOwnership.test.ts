import { expect } from 'chai';
import { markEmailVerified } from '../../../core/auth/emailOwnership.js';
import { authServiceConfig, createAuthService } from '../../../core/auth/service.js';
import { createChatAccountService } from '../../../core/chat/accounts.js';
import { loadConfig } from '../../../core/config.js';
import { DEMO_USER, seedDemo } from '../../../core/demo/seed.js';
import { createFixedClock } from '../../../core/clock.js';
import { resetTestDb } from '../../helpers/db.js';
import { insertUser } from '../../helpers/meetings.js';

describe('email ownership for chat accounts', () => {
  it('links a chat account by a platform-verified email only to a Yava account that verified it too', async () => {
    const { knex: db } = await resetTestDb();
    const clock = createFixedClock('2026-11-24T10:00:00Z');
    const chat = createChatAccountService({ db, clock });
    const user = await insertUser(db, { email: 'Owner@Example.org' });
    const identity = { platform: 'slack' as const, workspaceId: 'T1', externalUserId: 'U1' };
    expect(await chat.linkByVerifiedEmail(identity, 'owner@example.org')).to.equal(null);
    expect(await chat.findUserByEmail('owner@example.org')).to.equal(null);
    expect(await markEmailVerified(db, user.id, 'owner@example.org', clock.now())).to.equal(true);
    expect((await chat.linkByVerifiedEmail(identity, 'owner@example.org'))?.userId).to.equal(user.id);
    expect((await chat.findUserByEmail('OWNER@example.org'))?.userId).to.equal(user.id);
  });

  it('does not verify an address the account no longer has', async () => {
    const { knex: db } = await resetTestDb();
    const user = await insertUser(db, { email: 'now@example.org' });
    expect(await markEmailVerified(db, user.id, 'before@example.org', new Date())).to.equal(false);
    expect((await db('users').where({ id: user.id }).first()).email_verified_at).to.equal(null);
  });

  it('counts the demo user and admins created on the server machine as verified, and a registration not', async () => {
    const { knex: db } = await resetTestDb();
    const clock = createFixedClock('2026-11-24T10:00:00Z');
    await seedDemo(db, { bcryptCost: 4 });
    expect((await db('users').where({ username: DEMO_USER.username }).first()).email_verified_at).not.to.equal(null);
    const auth = createAuthService({ db, clock, config: authServiceConfig(loadConfig({ NODE_ENV: 'test', BCRYPT_COST: '4' }), 'a-test-secret-that-is-long-enough-000') });
    const admin = await auth.createAdmin({ email: 'ops@example.org', password: 'a long admin password', name: 'Ops' });
    expect(admin.email_verified_at).not.to.equal(null);
    const session = await auth.register({ email: 'new@example.org', password: 'a long user password', name: 'New' });
    expect(session.user.email_verified_at).to.equal(null);
  });
});
