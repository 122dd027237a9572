import { expect } from 'chai';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createBookingService, createSchedulingService } from '../../../../core/booking/index.js';
import { createFixedClock } from '../../../../core/clock.js';
import { runJobIfDue } from '../../../../core/jobs/periodic.js';
import { unsubscribeKey } from '../../../../core/notify/preferences/unsubscribe.js';
import { dueSummaryWeek, sendDueWeeklySummaries, weeklySummaryJob } from '../../../../core/notify/summary/weeklySummary.js';
import { resetTestDb } from '../../../helpers/db.js';
import { insertUser } from '../../../helpers/meetings.js';

const HOUR = 3_600_000;

describe('weekly summary (Monday 08:00 in each user\'s zone, once per user and week)', () => {
  let db: Knex;
  const clock = createFixedClock('2026-03-01T00:00:00Z');
  const options = { clock, publicUrl: 'http://yava.test', unsubscribeKey: unsubscribeKey('s'), maxAttempts: 3 };
  let berlin: Awaited<ReturnType<typeof insertUser>>;
  let newYork: Awaited<ReturnType<typeof insertUser>>;
  let kolkata: Awaited<ReturnType<typeof insertUser>>;

  before(async function () {
    this.timeout(120_000);
    db = (await resetTestDb()).knex;
    berlin = await insertUser(db, { name: 'Berta', timezone: 'Europe/Berlin' });
    newYork = await insertUser(db, { name: 'Nia', timezone: 'America/New_York' });
    kolkata = await insertUser(db, { name: 'Kavi', timezone: 'Asia/Kolkata' });
    // Accounts made before the weeks the tests walk through.
    await db('users').update({ created_at: '2026-02-01T00:00:00Z' });
    await createSchedulingService({ db, clock }).createEventType(berlin.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    const booking = createBookingService({ db, clock });
    const invite = (start: string) => booking.scheduleBooking({ user: berlin.username, eventType: 'intro', start, invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    await invite('2026-03-24T10:00:00Z');
    const { booking: missed } = await invite('2026-03-25T10:00:00Z');
    await invite('2026-03-31T10:00:00Z');
    clock.set('2026-03-26T00:00:00Z');
    await booking.markNoShow(missed.id, { userId: berlin.id });
  });

  it('dueSummaryWeek: from 08:00 local on Monday, for a day (a worker that was down catches up)', () => {
    expect(dueSummaryWeek(new Date('2026-03-30T05:59:00Z'), 'Europe/Berlin')).to.equal(null);
    expect(dueSummaryWeek(new Date('2026-03-30T06:00:00Z'), 'Europe/Berlin')!.weekStart).to.equal('2026-03-30');
    expect(dueSummaryWeek(new Date('2026-03-31T05:59:00Z'), 'Europe/Berlin')!.weekStart).to.equal('2026-03-30');
    expect(dueSummaryWeek(new Date('2026-03-31T06:00:00Z'), 'Europe/Berlin')).to.equal(null);
    expect(dueSummaryWeek(new Date('2026-04-02T12:00:00Z'), 'Europe/Berlin')).to.equal(null); // a Thursday
  });

  it('two workers ticking every 30 minutes through March 2026 (US DST on the 8th, EU DST on the 29th) send one per user per week, at 08:00 local', async function () {
    this.timeout(600_000);
    // Sunday 00:00Z to Tuesday 00:00Z of each week, every 30 minutes (Kolkata is UTC+05:30), and Thursday noon: two workers at each tick.
    const ticks: Date[] = [];
    for (let week = 0; week < 6; week += 1) {
      const sunday = Date.parse('2026-03-01T00:00:00Z') + week * 7 * 24 * HOUR;
      for (let h = 0; h < 96; h += 1) ticks.push(new Date(sunday + (h * HOUR) / 2));
      ticks.push(new Date(sunday + 4 * 24 * HOUR + 12 * HOUR));
    }
    const job = weeklySummaryJob(options);
    for (const at of ticks) {
      clock.set(at);
      // Worker A through the periodic runner, worker B straight at the same instant.
      await Promise.all([runJobIfDue({ db, clock, job, workerId: 'a' }), sendDueWeeklySummaries(db, options)]);
    }
    const rows: Array<{ user_id: string; week_start: Date | string; created_at: Date | string }> = await db('weekly_summaries').orderBy('created_at');
    const expectWeeks = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30', '2026-04-06'];
    for (const user of [berlin, newYork, kolkata]) {
      const mine = rows.filter((r) => r.user_id === user.id);
      expect(mine.map((r) => DateTime.fromJSDate(new Date(r.created_at), { zone: user.timezone }).toFormat('yyyy-MM-dd ccc HH:mm')), user.timezone).to.deep.equal(expectWeeks.map((d) => `${d} Mon 08:00`));
      const mails = await db('outbox').whereLike('idempotency_key', `summary:${user.id}:%`);
      expect(mails, user.timezone).to.have.length(6);
    }
    // The DST weeks in UTC: New York 13:00Z before the 8th, 12:00Z after; Berlin 07:00Z before the 29th, 06:00Z after.
    const utc = (user: { id: string }) => rows.filter((r) => r.user_id === user.id).map((r) => new Date(r.created_at).toISOString().slice(5, 16));
    expect(utc(newYork).slice(0, 2)).to.deep.equal(['03-02T13:00', '03-09T12:00']);
    expect(utc(berlin).slice(3, 5)).to.deep.equal(['03-23T07:00', '03-30T06:00']);
  });

  it('holds last week\'s meetings and no-shows and next week\'s load, with an unsubscribe link', async () => {
    const row = await db('outbox').where({ idempotency_key: `summary:${berlin.id}:2026-03-30` }).first();
    expect(row.payload.subject).to.equal('Your week: 2 meetings last week, 1 ahead');
    expect(row.payload.text).to.include('Last week: 2 meetings, 1 no-show');
    expect(row.payload.text).to.include('Intro: Wednesday, 25 March 2026, 11:00–11:30 (Europe/Berlin) (no-show)');
    expect(row.payload.text).to.include('This week: 1 meeting, 0.5 h booked');
    expect(row.payload.unsubscribeUrl).to.match(/^http:\/\/yava\.test\/unsubscribe\//);
  });

  it('skips an account made after this week\'s Monday 08:00 (local) until the next week', async () => {
    const late = await insertUser(db, { name: 'Lou', timezone: 'Europe/Berlin' });
    // Made Monday 13 April 2026 at 09:00 Berlin (07:00Z): that Monday's 08:00 had passed.
    await db('users').where({ id: late.id }).update({ created_at: '2026-04-13T07:00:00Z' });
    clock.set('2026-04-13T07:30:00Z');
    await sendDueWeeklySummaries(db, options);
    expect(await db('weekly_summaries').where({ user_id: late.id })).to.have.length(0);
    clock.set('2026-04-20T06:00:00Z');
    await sendDueWeeklySummaries(db, options);
    expect((await db('weekly_summaries').where({ user_id: late.id })).map((r) => DateTime.fromJSDate(new Date(r.week_start)).toISODate())).to.deep.equal(['2026-04-20']);
  });
});
