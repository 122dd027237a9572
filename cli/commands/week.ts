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
    const hours = days.flatMap((d) => d.meetings.flatMap((m) => [local(m.start).hour, Math.max(local(m.start).hour, local(m.end).minus({ minutes: 1 }).hour)]));
    const first = Math.min(8, ...hours);
    const last = Math.max(17, ...hours);
    const pad = (s: string) => (s.length > CELL ? s.slice(0, CELL - 1) + '…' : s.padEnd(CELL));
    const header = '      ' + days.map((d) => pad(DateTime.fromISO(d.date).toFormat('ccc dd LLL'))).join(' ');
    const lines = [`${this.paint('bold', `Week of ${monday.toFormat('dd LLL yyyy')}`)} (${zone})`, this.paint('bold', header)];
    for (let h = first; h <= last; h++) {
      const cells = days.map((d) => {
        const here = d.meetings.filter((m) => local(m.start).hour <= h && local(m.end).minus({ minutes: 1 }).hour >= h);
        if (!here.length) return this.paint('dim', pad('·'));
        const m = here[0]!;
        const text = local(m.start).hour === h ? `${local(m.start).toFormat('HH:mm')} ${meetingTitle(m)}` : '│';
        return this.paint(m.status === 'pending' ? 'yellow' : 'cyan', pad(here.length > 1 ? `${text} +${here.length - 1}` : text));
      });
      lines.push(`${String(h).padStart(2, '0')}:00 ${cells.join(' ')}`.trimEnd());
    }
    const total = days.reduce((n, d) => n + d.meetings.length, 0);
    lines.push(`${total} meeting${total === 1 ? '' : 's'} this week`);
    return lines.join('\n');
  }
}
