import { expect } from 'chai';
import type { Knex } from 'knex';
import { addAutomaticBan } from '../../../core/spam/blocklist.js';
import { resetTestDb, usingPostgres } from '../../helpers/db.js';

describe('core/spam/blocklist addAutomaticBan', () => {
  let db: Knex;
  const now = new Date('2026-11-24T08:00:00Z');
  const expiresAt = new Date('2026-11-24T09:00:00Z');
  const bans = (value: string) => db('spam_blocklist').where({ kind: 'email', value }).select('id', 'expires_at');

  before(async function () {
    this.timeout(120_000);
    db = (await resetTestDb()).knex;
  });

  it('adds no second ban for a value that is banned and unexpired; bans it again once that ban has expired', async () => {
    expect(await db.transaction((trx) => addAutomaticBan(trx, { kind: 'email', value: 'Burst@Example.org', reason: 'automatic', expiresAt }, now))).to.include({ value: 'burst@example.org', automatic: true });
    expect(await db.transaction((trx) => addAutomaticBan(trx, { kind: 'email', value: 'burst@example.org', reason: 'automatic', expiresAt }, now))).to.equal(null);
    expect(await bans('burst@example.org')).to.have.length(1);
    const later = new Date('2026-11-24T09:30:00Z');
    expect(await db.transaction((trx) => addAutomaticBan(trx, { kind: 'email', value: 'burst@example.org', reason: 'automatic', expiresAt: new Date('2026-11-24T10:30:00Z') }, later))).not.to.equal(null);
    expect(await bans('burst@example.org')).to.have.length(2);
  });

  it('two concurrent attempts add one ban (PostgreSQL: the second waits for the first to commit)', async function () {
    if (!usingPostgres()) this.skip(); // the embedded database has one connection: no concurrency to test
    const first = await db.transaction();
    await addAutomaticBan(first, { kind: 'email', value: 'race@example.org', reason: 'automatic', expiresAt }, now);
    const second = db.transaction((trx) => addAutomaticBan(trx, { kind: 'email', value: 'race@example.org', reason: 'automatic', expiresAt }, now));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await first.commit();
    expect(await second).to.equal(null);
    expect(await bans('race@example.org')).to.have.length(1);
  });
});
