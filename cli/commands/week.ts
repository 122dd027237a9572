import { Flags } from '@oclif/core';
import { DateTime } from 'luxon';
import { ApiCommand } from '../baseCommand.js';
import { fetchMeetingsBetween } from '../fetchMeetings.js';
import { meetingTitle, type Meeting } from '../types.js';
import { parseDateFlag, todayIn } from '../when.js';

export interface WeekResult {
  timezone: string;
  weekStart: string;
  days: Array<{ date: string; meetings: Meeting[] }>;
}

const CELL = 14;

export default class Week extends ApiCommand<typeof Week> {
  static override summary = 'Your week as a grid of meetings.';
  static override examples = ['<%= config.bin %> week', '<%= config.bin %> week --date 2026-12-07 --tz Europe/Berlin', '<%= config.bin %> week --json'];
  static override flags = { date: Flags.string({ description: 'Any day of the week to show (YYYY-MM-DD, today, tomorrow). Default: this week.' }) };

  async run(): Promise<WeekResult> {
    const zone = this.zone;
    const day = DateTime.fromISO(this.flags.date ? parseDateFlag(this.flags.date, zone, '--date') : todayIn(zone), { zone });
    const monday = day.minus({ days: day.weekday - 1 }).startOf('day');
    const end = monday.plus({ days: 7 });
    const meetings = (await this.spin('Loading meetings', fetchMeetingsBetween(this.client, monday.toUTC().toISO()!, end.toUTC().toISO()!, zone))).filter((m) => m.status !== 'canceled' && m.status !== 'rejected');
    const days = Array.from({ length: 7 }, (_, i) => {
      const d = monday.plus({ days: i });
      return { date: d.toISODate()!, meetings: meetings.filter((m) => DateTime.fromISO(m.start).setZone(zone).toISODate() === d.toISODate()) };
    });
    this.log(this.render(days, monday, zone));
    return { timezone: zone, weekStart: monday.toISODate()!, days };
  }

  private render(days: WeekResult['days'], monday: DateTime, zone: string): string {
    const local = (iso: string) => DateTime.fromISO(iso).setZone(zone);
    const all = days.flatMap((d) => d.meetings);
    const covered = days.map((d) => coveredHours(all, DateTime.fromISO(d.date, { zone }), zone));
    const hours = covered.flatMap((byHour) => [...byHour.keys()]);
    const first = Math.min(8, ...hours);
    const last = Math.max(17, ...hours);
    const pad = (s: string) => (s.length > CELL ? s.slice(0, CELL - 1) + '…' : s.padEnd(CELL));
    const header = '      ' + days.map((d) => pad(DateTime.fromISO(d.date).toFormat('ccc dd LLL'))).join(' ');
    const lines = [`${this.paint('bold', `Week of ${monday.toFormat('dd LLL yyyy')}`)} (${zone})`, this.paint('bold', header)];
    for (let h = first; h <= last; h++) {
      const cells = days.map((d, i) => {
        const here = covered[i]!.get(h) ?? [];
        if (!here.length) return this.paint('dim', pad('·'));
        const m = here[0]!;
        const start = local(m.start);
        const text = start.hour === h && start.toISODate() === d.date ? `${start.toFormat('HH:mm')} ${meetingTitle(m)}` : '│';
        return this.paint(m.status === 'pending' ? 'yellow' : 'cyan', pad(here.length > 1 ? `${text} +${here.length - 1}` : text));
      });
      lines.push(`${String(h).padStart(2, '0')}:00 ${cells.join(' ')}`.trimEnd());
    }
    const total = days.reduce((n, d) => n + d.meetings.length, 0);
    lines.push(`${total} meeting${total === 1 ? '' : 's'} this week`);
    return lines.join('\n');
  }
}

/**
 * The meetings drawn in each hour row of one day's column: every hour of the day a meeting covers,
 * its part of the day clipped to [midnight, next midnight), so one that crosses midnight (23:45–00:15)
 * fills 23:00 on its start day and 00:00 on the next — its end hour is lower than its start hour.
 */
function coveredHours(meetings: Meeting[], day: DateTime, zone: string): Map<number, Meeting[]> {
  const dayStart = day.startOf('day');
  const dayEnd = dayStart.plus({ days: 1 });
  const byHour = new Map<number, Meeting[]>();
  for (const m of meetings) {
    const start = DateTime.max(DateTime.fromISO(m.start).setZone(zone), dayStart);
    const end = DateTime.min(DateTime.fromISO(m.end).setZone(zone), dayEnd);
    if (end <= start) continue;
    const lastHour = Math.max(start.hour, end.minus({ minutes: 1 }).hour);
    for (let h = start.hour; h <= lastHour; h++) byHour.set(h, [...(byHour.get(h) ?? []), m]);
  }
  return byHour;
}
