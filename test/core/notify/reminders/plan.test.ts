import { expect } from 'chai';
import { DateTime } from 'luxon';
import { planNotifications } from '../../../../core/notify/reminders/plan.js';
import { deferPastQuietHours, isInQuietHours, parseClockTime } from '../../../../core/notify/reminders/quietHours.js';
import { describeLead, fillTemplate, renderNotice } from '../../../../core/notify/reminders/render.js';
import type { NotificationRule } from '../../../../core/notify/reminders/types.js';

const rule = (kind: NotificationRule['kind'], offsetMinutes: number, id = `${kind}${offsetMinutes}`): NotificationRule => ({ id, kind, channel: 'email', offsetMinutes, template: null });

describe('planNotifications', () => {
  const start = new Date('2026-03-29T10:00:00Z'); // the Sunday Europe moves to summer time (01:00Z)
  const end = new Date('2026-03-29T10:30:00Z');

  it('puts reminders before the start and follow-ups after the end, on the UTC timeline across a DST change', () => {
    const planned = planNotifications([rule('reminder', 1440), rule('reminder', 60), rule('follow_up', 120)], { start, end, now: new Date('2026-03-20T00:00:00Z') });
    expect(planned.map((p) => [p.rule.id, p.dueAt.toISOString()])).to.deep.equal([
      ['reminder1440', '2026-03-28T10:00:00.000Z'],
      ['reminder60', '2026-03-29T09:00:00.000Z'],
      ['follow_up120', '2026-03-29T12:30:00.000Z'],
    ]);
    // 24 h before is 24 real hours: 11:00 local Berlin the day before (CET), 12:00 CEST on the day.
    expect(DateTime.fromJSDate(planned[0]!.dueAt, { zone: 'Europe/Berlin' }).toFormat('HH:mm')).to.equal('11:00');
  });

  it('keeps a reminder due within seconds and leaves out one whose instant has passed', () => {
    const now = new Date('2026-03-29T08:59:30Z');
    const planned = planNotifications([rule('reminder', 1440), rule('reminder', 60), rule('reminder', 0)], { start, end, now });
    expect(planned.map((p) => p.rule.id)).to.deep.equal(['reminder60', 'reminder0']);
  });
});

describe('quiet hours', () => {
  const quiet = { startMinute: parseClockTime('22:00'), endMinute: parseClockTime('07:00') };

  it('wraps past midnight', () => {
    expect(isInQuietHours(parseClockTime('23:59'), quiet)).to.equal(true);
    expect(isInQuietHours(parseClockTime('06:59'), quiet)).to.equal(true);
    expect(isInQuietHours(parseClockTime('07:00'), quiet)).to.equal(false);
    expect(isInQuietHours(parseClockTime('12:00'), { startMinute: 720, endMinute: 780 })).to.equal(true);
  });

  it('defers a message due inside the window to its end in the user\'s zone, and leaves others alone', () => {
    // 23:30 in Berlin (CET, +01:00) → 07:00 the next morning.
    expect(deferPastQuietHours(new Date('2026-01-10T22:30:00Z'), 'Europe/Berlin', quiet).toISOString()).to.equal('2026-01-11T06:00:00.000Z');
    // 05:00 local → 07:00 the same morning.
    expect(deferPastQuietHours(new Date('2026-01-10T04:00:00Z'), 'Europe/Berlin', quiet).toISOString()).to.equal('2026-01-10T06:00:00.000Z');
    expect(deferPastQuietHours(new Date('2026-01-10T12:00:00Z'), 'Europe/Berlin', quiet).toISOString()).to.equal('2026-01-10T12:00:00.000Z');
    expect(deferPastQuietHours(new Date('2026-01-10T22:30:00Z'), 'Europe/Berlin', null).toISOString()).to.equal('2026-01-10T22:30:00.000Z');
  });

  it('ends at 07:00 local on the night clocks go forward', () => {
    // 2026-03-29 02:00 CET → 03:00 CEST; 01:30Z is 03:30 CEST, inside; 07:00 CEST is 05:00Z.
    expect(deferPastQuietHours(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin', quiet).toISOString()).to.equal('2026-03-29T05:00:00.000Z');
  });
});

describe('reminder words', () => {
  it('describes leads and fills templates', () => {
    expect([describeLead(60), describeLead(1440), describeLead(2880), describeLead(90), describeLead(1)]).to.deep.equal(['1 hour', '24 hours', '2 days', '90 minutes', '1 minute']);
    expect(fillTemplate('Hi {{name}}, {{title}} {{ unknown }}', { name: 'Ann', title: 'Sync' })).to.equal('Hi Ann, Sync {{ unknown }}');
    const notice = renderNotice({ kind: 'reminder', meeting: { title: 'Sync', start: new Date('2026-01-10T09:00:00Z'), end: new Date('2026-01-10T09:30:00Z'), location: null }, recipient: { name: 'Ann', timezone: 'America/New_York' }, offsetMinutes: 60, template: null, link: 'http://x/m/1' });
    expect(notice.subject).to.equal('Reminder: Sync in 1 hour');
    expect(notice.text).to.include('04:00–04:30 (America/New_York)');
  });
});
