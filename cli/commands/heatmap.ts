import { Flags } from '@oclif/core';
import { DateTime } from 'luxon';
import { ApiCommand } from '../baseCommand.js';
import { heatmap, hoursToShow } from '../charts.js';
import { fetchMeetingsBetween } from '../fetchMeetings.js';

export interface HeatmapResult {
  timezone: string;
  weeks: number;
  from: string;
  to: string;
  /** busyMinutes[weekday 0=Mon..6=Sun][hour 0..23], summed over the weeks. */
  busyMinutes: number[][];
}

export default class Heatmap extends ApiCommand<typeof Heatmap> {
  static override summary = 'When you are busy: a weekday-by-hour heatmap of past weeks.';
  static override examples = ['<%= config.bin %> heatmap', '<%= config.bin %> heatmap --weeks 4 --json', 'NO_COLOR=1 <%= config.bin %> heatmap'];
  static override flags = { weeks: Flags.integer({ description: 'How many past weeks to count.', default: 12, min: 1, max: 104 }) };

  async run(): Promise<HeatmapResult> {
    const zone = this.zone;
    const to = DateTime.now().setZone(zone).startOf('day').plus({ days: 1 });
    const from = to.minus({ weeks: this.flags.weeks });
    const meetings = (await this.spin('Loading meetings', fetchMeetingsBetween(this.client, from.toUTC().toISO()!, to.toUTC().toISO()!, zone))).filter((m) => !['canceled', 'rejected', 'pending'].includes(m.status));
    const busy = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const m of meetings) {
      // Walk the meeting hour by hour in local time so DST days count the minutes they have.
      let t = DateTime.fromISO(m.start).setZone(zone);
      const end = DateTime.fromISO(m.end).setZone(zone);
      while (t < end) {
        const next = DateTime.min(t.plus({ hours: 1 }).startOf('hour'), end);
        busy[t.weekday - 1]![t.hour]! += Math.round(next.diff(t, 'minutes').minutes);
        t = next;
      }
    }
    const weeks = `${this.flags.weeks} week${this.flags.weeks === 1 ? '' : 's'}`;
    if (meetings.length) this.log(this.render(busy, this.flags.weeks, zone));
    else this.log(`No meetings in the last ${weeks} (${zone}), so there is no heatmap yet; it fills in as meetings happen (try --weeks 52 for a longer look).`);
    return { timezone: zone, weeks: this.flags.weeks, from: from.toISODate()!, to: to.minus({ days: 1 }).toISODate()!, busyMinutes: busy };
  }

  private render(busy: number[][], weeks: number, zone: string): string {
    const grid = heatmap(busy, { rows: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], hours: hoursToShow(busy), capacity: weeks * 60, paint: this.paint, legend: ['free', '≤25%', '≤50%', '≤75%', 'busy'] });
    return `${this.paint('bold', `Busy hours over the last ${weeks} week${weeks === 1 ? '' : 's'}`)} (${zone})\n${grid}`;
  }
}
