import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { withWriteClaim, WRITE_CLAIM_MS, type WriteClaimKey } from '../../../core/calendars/writeClaims.js';
import { createFixedClock } from '../../../core/clock.js';
import { silentLogger } from '../../../core/logger.js';
import { resetTestDb } from '../../helpers/db.js';
import { insertUser } from '../../helpers/meetings.js';

describe('withWriteClaim (core/calendars/writeClaims.ts)', () => {
  const clock = createFixedClock('2026-12-01T09:00:00Z');
  let db: Knex;
  let key: WriteClaimKey;
  const ctx = () => ({ db, clock, logger: silentLogger });

  /** Starts a write that runs until release() is called; resolves once it holds the claim. */
  async function startWrite(options: { renewEveryMs?: number } = {}) {
    let release: (() => void) | undefined;
    const done = withWriteClaim(ctx(), key, () => new Promise<void>((ok) => {
      release = ok;
    }), options);
    for (let i = 0; i < 200 && !release; i++) await sleep(5);
    expect(release, 'the write started').not.to.equal(undefined);
    return { release: () => release!(), done };
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
    first.release();
    await first.done;
    await second;
    expect(secondRan, 'and runs once the first has finished').to.equal(true);
    expect(await db('calendar_write_claims').where({ booking_id: key.bookingId })).to.deep.equal([]);
  });
});
