import { expect } from 'chai';
import type { Knex } from 'knex';
import { readHostVersions } from '../../core/cache/availabilityCache.js';
import { withSyncClaim } from '../../core/calendars/syncClaims.js';
import { createFixedClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { resetTestDb } from '../helpers/db.js';
import { insertUser } from '../helpers/meetings.js';

describe('migration narrow_calendar_version_bumps: a sync\'s bookkeeping leaves cached slots alone', () => {
  let db: Knex;
  let a: { id: string };
  let b: { id: string };
  let calendarA: string;
  let calendarB: string;
  const version = async () => readHostVersions(db, [a.id, b.id]);

  beforeEach(async function () {
    this.timeout(120_000); // the first test starts the shared database
    db = (await resetTestDb()).knex;
    a = await insertUser(db, { username: 'cal-a' });
    b = await insertUser(db, { username: 'cal-b' });
    const calendarOf = async (user: { id: string }, account: string) => {
      const [connection] = await db('calendar_connections').insert({ user_id: user.id, provider: 'google', account, credentials: 'sealed' }).returning('id');
      const [calendar] = await db('connected_calendars').insert({ connection_id: connection.id, user_id: user.id, external_id: account, name: 'Work', check_conflicts: true }).returning('id');
      return calendar.id as string;
    };
    calendarA = await calendarOf(a, 'a@x.org');
    calendarB = await calendarOf(b, 'b@x.org');
  });

  it('a connected calendar added or removed moves its owner\'s version', async () => {
    const before = await version();
    const [connection] = await db('calendar_connections').insert({ user_id: a.id, provider: 'caldav', account: 'a@dav', credentials: 'sealed' }).returning('id');
    const [added] = await db('connected_calendars').insert({ connection_id: connection.id, user_id: a.id, external_id: '/cal/a/', name: 'Home' }).returning('id');
    const afterInsert = await version();
    expect(afterInsert[0]).to.be.greaterThan(before[0]!);
    expect(afterInsert[1]).to.equal(before[1]);
    await db('connected_calendars').where({ id: added.id }).delete();
    expect((await version())[0]).to.be.greaterThan(afterInsert[0]!);
  });

  it('taking, renewing and giving back a sync claim leaves the version as it was', async () => {
    const clock = createFixedClock('2026-11-30T08:00:00Z');
    const ctx = { db, clock, logger: silentLogger };
    const before = await version();
    let during: number[] = [];
    const renewed = await withSyncClaim(
      ctx,
      calendarA,
      async () => {
        // Time for a few renewals, each a second later than the claim was taken.
        clock.advance(1_000);
        await new Promise((r) => setTimeout(r, 60));
        during = await version();
        return (await db('connected_calendars').where({ id: calendarA }).first('sync_claimed_until')).sync_claimed_until as Date;
      },
      { renewEveryMs: 10 },
    );
    expect(new Date(renewed!).getTime(), 'the claim was renewed').to.be.greaterThan(Date.parse('2026-11-30T08:02:00Z'));
    expect(during).to.deep.equal(before);
    expect(await db('connected_calendars').where({ id: calendarA }).first('sync_claimed_by')).to.deep.equal({ sync_claimed_by: null });
    expect(await version()).to.deep.equal(before);
  });

  it('a new sync token, ctag, expansion window, sync time or push channel leaves the version as it was', async () => {
    const before = await version();
    const now = new Date('2026-11-30T08:00:00Z');
    await db('connected_calendars').where({ id: calendarA }).update({ sync_cursor: 'token-2', ctag: 'ctag-2', last_synced_at: now, expanded_until: new Date('2027-05-29T00:00:00Z') });
    await db('connected_calendars')
      .where({ id: calendarA })
      .update({ channel_id: 'ch-1', channel_resource_id: 'res-1', channel_secret_hash: 'f'.repeat(64), channel_expires_at: new Date('2026-12-07T08:00:00Z') });
    // One statement over both calendars, as the safety sync's bookkeeping could be.
    await db('connected_calendars').whereIn('id', [calendarA, calendarB]).update({ last_synced_at: new Date('2026-11-30T08:05:00Z') });
    // A value written again as it was (a sync of a bounded calendar whose horizon did not move).
    await db('connected_calendars').where({ id: calendarA }).update({ check_conflicts: true, seen_until: null });
    expect(await version()).to.deep.equal(before);
  });

  it('whether a calendar checks conflicts, how far it is seen, and whose it is each move the version', async () => {
    const v0 = await version();
    await db('connected_calendars').where({ id: calendarA }).update({ check_conflicts: false, sync_cursor: null });
    const v1 = await version();
    expect(v1).to.deep.equal([v0[0]! + 1, v0[1]]);
    await db('connected_calendars').where({ id: calendarB }).update({ seen_until: new Date('2027-01-30T00:00:00Z'), last_synced_at: new Date() });
    const v2 = await version();
    expect(v2).to.deep.equal([v1[0], v1[1]! + 1]);
    // One statement over both, changing what counts for one of them only.
    await db('connected_calendars').whereIn('id', [calendarA, calendarB]).update({ seen_until: new Date('2027-01-30T00:00:00Z') });
    const v3 = await version();
    expect(v3).to.deep.equal([v2[0]! + 1, v2[1]]);
    // Moved to another user: both are bumped.
    await db('connected_calendars').where({ id: calendarA }).update({ user_id: b.id });
    const v4 = await version();
    expect(v4).to.deep.equal([v3[0]! + 1, v3[1]! + 1]);
    // Any column not known to be sync bookkeeping still counts (whether bookings go there).
    await db('connected_calendars').where({ id: calendarB }).update({ is_destination: true });
    expect(await version()).to.deep.equal([v4[0], v4[1]! + 1]);
  });
});
