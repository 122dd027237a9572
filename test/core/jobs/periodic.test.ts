import { expect } from 'chai';
import knexPkg from 'knex';
import { createFixedClock } from '../../../core/clock.js';
import { claimJobPeriod, periodStartOf, runJobIfDue, type PeriodicJob } from '../../../core/jobs/periodic.js';
import { purgeExpiredJob } from '../../../core/jobs/purgeExpired.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../helpers/db.js';
import { insertUser } from '../../helpers/meetings.js';

const HOUR = 3_600_000;

describe('periodic jobs (job_runs)', () => {
  it('aligns periods to the epoch', () => {
    expect(periodStartOf(new Date('2026-11-30T10:59:59.999Z'), HOUR).toISOString()).to.equal('2026-11-30T10:00:00.000Z');
    expect(periodStartOf(new Date('2026-11-30T11:00:00.000Z'), HOUR).toISOString()).to.equal('2026-11-30T11:00:00.000Z');
  });

  it('runs a job once per period: a second worker in the same period skips it, the next period runs again', async () => {
    const db = (await resetTestDb()).knex;
    const clock = createFixedClock('2026-11-30T10:15:00Z');
    let runs = 0;
    const job: PeriodicJob = { name: 'count', periodMs: HOUR, run: async () => void (runs += 1) };
    expect(await runJobIfDue({ db, clock, job, workerId: 'w1' })).to.equal('ran');
    clock.advance(30 * 60_000);
    expect(await runJobIfDue({ db, clock, job, workerId: 'w2' })).to.equal('claimed_elsewhere');
    clock.advance(30 * 60_000);
    expect(await runJobIfDue({ db, clock, job, workerId: 'w2' })).to.equal('ran');
    expect(runs).to.equal(2);
    const rows = await db('job_runs').where({ name: 'count' }).orderBy('period_start');
    expect(rows.map((r) => [new Date(r.period_start).toISOString(), r.claimed_by])).to.deep.equal([
      ['2026-11-30T10:00:00.000Z', 'w1'],
      ['2026-11-30T11:00:00.000Z', 'w2'],
    ]);
    expect(rows.every((r) => r.finished_at && r.error === null)).to.equal(true);
  });

  it('records a failed run and does not retry that period', async () => {
    const db = (await resetTestDb()).knex;
    const clock = createFixedClock('2026-11-30T10:15:00Z');
    const job: PeriodicJob = { name: 'boom', periodMs: HOUR, run: async () => Promise.reject(new Error('disk full\nstack')) };
    expect(await runJobIfDue({ db, clock, job, workerId: 'w1' })).to.equal('failed');
    expect(await runJobIfDue({ db, clock, job, workerId: 'w2' })).to.equal('claimed_elsewhere');
    expect((await db('job_runs').where({ name: 'boom' }).first()).error).to.equal('disk full');
  });

  it('purge-expired deletes refresh tokens a day past expiry and old job runs, nothing newer', async () => {
    const db = (await resetTestDb()).knex;
    const user = await insertUser(db, { username: 'purge' });
    const now = new Date('2026-11-30T10:00:00Z');
    const old = new Date(now.getTime() - 2 * 86_400_000);
    const recent = new Date(now.getTime() - 3_600_000);
    const token = (id: string, expires: Date) => ({ family_id: id, user_id: user.id, token_hash: `hash-${id}`, expires_at: expires });
    await db('refresh_tokens').insert([token('00000000-0000-4000-8000-000000000001', old), token('00000000-0000-4000-8000-000000000002', recent)]);
    const run = (start: Date) => ({ name: 'x', period_start: start, claimed_by: 'w', started_at: start });
    await db('job_runs').insert([run(new Date(now.getTime() - 31 * 86_400_000)), run(old)]);
    await purgeExpiredJob.run({ db, now, periodStart: now });
    expect(await db('refresh_tokens').pluck('token_hash')).to.deep.equal(['hash-00000000-0000-4000-8000-000000000002']);
    expect((await db('job_runs').select('period_start')).map((r) => new Date(r.period_start).toISOString())).to.deep.equal([old.toISOString()]);
  });

  it('on PostgreSQL, 20 workers claiming the same period at once: exactly one wins', async function () {
    if (!usingPostgres()) return this.skip();
    await resetTestDb();
    const url = await testDatabaseUrl();
    const pools = Array.from({ length: 4 }, () => knexPkg.knex({ client: 'pg', connection: url, pool: { min: 0, max: 5 } }));
    try {
      const period = new Date('2026-11-30T10:00:00Z');
      const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => claimJobPeriod(pools[i % 4]!, 'race', period, `w${i}`, new Date())));
      expect(wins.filter(Boolean)).to.have.length(1);
    } finally {
      await Promise.all(pools.map((p) => p.destroy()));
    }
  });
});
