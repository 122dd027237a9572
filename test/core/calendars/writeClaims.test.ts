import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { isClaimHeld, withWriteClaim, WRITE_CLAIM_MS, type WriteClaim, type WriteClaimKey } from '../../../core/calendars/writeClaims.js';
import { createFixedClock } from '../../../core/clock.js';
import { silentLogger } from '../../../core/logger.js';
import { resetTestDb } from '../../helpers/db.js';
import { insertUser } from '../../helpers/meetings.js';

describe('withWriteClaim (core/calendars/writeClaims.ts)', () => {
  const clock = createFixedClock('2026-12-01T09:00:00Z');
  let db: Knex;
  let key: WriteClaimKey;
  const ctx = () => ({ db, clock, logger: silentLogger });
  const held = async (claim: WriteClaim) => (await db.raw<{ rows: Array<{ held: boolean }> }>('SELECT ? AS held', [isClaimHeld(db, claim)])).rows[0]!.held;

  /** Starts a write that runs until release() is called; resolves once it holds the claim. */
  async function startWrite(options: { renewEveryMs?: number } = {}) {
    let release!: () => void;
    let claim: WriteClaim | undefined;
    const done = withWriteClaim(ctx(), key, (c) => {
      claim = c;
      return new Promise<void>((ok) => {
        release = ok;
      });
    }, options);
    for (let i = 0; i < 200 && !claim; i++) await sleep(5);
    expect(claim, 'the write started').not.to.equal(undefined);
    return { claim: claim!, release: () => release(), done };
  }

  before(async () => {
    db = (await resetTestDb()).knex;
    const host = await insertUser(db);
    const id = randomUUID();
    await db('bookings').insert({ id, title: 'Intro', start_at: new Date('2026-12-02T09:00:00Z'), end_at: new Date('2026-12-02T10:00:00Z'), status: 'scheduled', ical_uid: `${id}@yava` });
    key = { bookingId: id, userId: host.id };
  });

  it('renews the claim while the write runs: a write that outlives the first lease is not taken over', async () => {
    const first = await startWrite({ renewEveryMs: 10 });
    clock.advance(WRITE_CLAIM_MS - 1000);
    await sleep(100); // a few renewals, each a lease from the clock's now
    clock.advance(2000); // past the end of the lease the claim was taken with
    let secondRan = false;
    const second = withWriteClaim(ctx(), key, async () => {
      secondRan = true;
    });
    await sleep(300);
    expect(secondRan, 'the second writer waits').to.equal(false);
    expect(await held(first.claim)).to.equal(true);
    first.release();
    await first.done;
    await second;
    expect(secondRan, 'and runs once the first has finished').to.equal(true);
    expect(await db('calendar_write_claims').where({ booking_id: key.bookingId })).to.deep.equal([]);
  });

  it('a claim taken over from a writer that stalled past its lease is no longer held by it', async () => {
    const stalled = await startWrite({ renewEveryMs: 60_000 });
    expect(await held(stalled.claim)).to.equal(true);
    clock.advance(WRITE_CLAIM_MS + 1000);
    let next: WriteClaim | undefined;
    await withWriteClaim(ctx(), key, async (claim) => {
      next = claim;
      expect(await held(claim)).to.equal(true);
      expect(await held(stalled.claim), 'fenced statements of the stalled writer change nothing').to.equal(false);
    });
    expect(next!.owner).not.to.equal(stalled.claim.owner);
    stalled.release();
    await stalled.done;
  });
});
