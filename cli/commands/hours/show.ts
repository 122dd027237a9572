import { ApiCommand } from '../../baseCommand.js';
import { DAYS, dayIntervals, formatIntervals } from '../../schedule.js';
import type { Schedule } from '../../types.js';

export default class HoursShow extends ApiCommand<typeof HoursShow> {
  static override summary = 'Show your working hours and date overrides.';
  static override examples = ['<%= config.bin %> hours show', '<%= config.bin %> hours show --json'];

  async run(): Promise<Schedule> {
    const schedule = await this.spin('Loading', this.client.get<Schedule>('/api/availability/schedule'));
    this.log(renderSchedule(schedule, this.paint));
    return schedule;
  }
}

export function renderSchedule(schedule: Schedule, paint: (s: 'bold', t: string) => string): string {
  const lines = [`${paint('bold', 'zone')}  ${schedule.timezone}`];
  for (const day of DAYS) lines.push(`${paint('bold', day)}   ${formatIntervals(dayIntervals(schedule, day))}`);
  if (schedule.overrides.length) {
    lines.push(paint('bold', 'overrides'));
    for (const o of schedule.overrides) lines.push(`  ${o.date}  ${formatIntervals(o.intervals)}`);
  }
  return lines.join('\n');
}
