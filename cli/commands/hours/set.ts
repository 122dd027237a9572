import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { usageError } from '../../errors.js';
import { isValidZone } from '../../format.js';
import { askInput, askSelect } from '../../prompts.js';
import { DAYS, dayIntervals, formatIntervals, parseIntervals, withDay, type Day } from '../../schedule.js';
import type { Schedule } from '../../types.js';
import { renderSchedule } from './show.js';

const dayFlag = (name: string) => Flags.string({ description: `${name} hours, e.g. 09:00-12:00,13:00-17:00, or "off".` });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export default class HoursSet extends ApiCommand<typeof HoursSet> {
  static override summary = 'Change working hours and date overrides (an editor in a terminal, or flags).';
  static override description = 'Flags change only what they name. With no flags, in a terminal, an interactive editor walks through the week.';
  static override examples = [
    '<%= config.bin %> hours set',
    '<%= config.bin %> hours set --mon 09:00-12:00,13:00-17:00 --tz Europe/Berlin --off 2026-12-24',
    '<%= config.bin %> hours set --weekdays 09:00-17:00 --sat off --sun off',
    '<%= config.bin %> hours set --date 2026-12-31=10:00-14:00 --json',
  ];
  static override fieldNames = { weekly: '--mon … --sun', timezone: '--zone', overrides: '--off or --date' };
  static override flags = {
    mon: dayFlag('Monday'),
    tue: dayFlag('Tuesday'),
    wed: dayFlag('Wednesday'),
    thu: dayFlag('Thursday'),
    fri: dayFlag('Friday'),
    sat: dayFlag('Saturday'),
    sun: dayFlag('Sunday'),
    weekdays: Flags.string({ description: 'Hours for Monday to Friday at once.' }),
    zone: Flags.string({ description: 'The zone the hours are in (default: unchanged; --tz also sets it).' }),
    off: Flags.string({ description: 'A day off (YYYY-MM-DD); repeatable.', multiple: true }),
    date: Flags.string({ description: 'Special hours on a date: YYYY-MM-DD=09:00-12:00; repeatable.', multiple: true }),
    clear: Flags.string({ description: 'Remove the override on a date (YYYY-MM-DD); repeatable.', multiple: true }),
  };

  async run(): Promise<Schedule> {
    const current = await this.spin('Loading', this.client.get<Schedule>('/api/availability/schedule'));
    const f = this.flags;
    const changed = DAYS.some((d) => f[d] !== undefined) || f.weekdays || f.zone || f.tz || f.off || f.date || f.clear;
    let next: Schedule;
    if (changed) next = this.applyFlags(current);
    else if (this.canPrompt()) next = await this.edit(current);
    else throw usageError('Nothing to change: give --mon … --sun, --weekdays, --zone, --off or --date (or run in a terminal for the editor)');
    const saved = await this.spin('Saving', this.client.put<Schedule>('/api/availability/schedule', { timezone: next.timezone, weekly: next.weekly, overrides: next.overrides }));
    this.log('Saved:');
    this.log(renderSchedule(saved, this.paint));
    return saved;
  }

  private applyFlags(current: Schedule): Schedule {
    const f = this.flags;
    for (const d of DAYS) if (f[d] !== undefined) checkOrder(f[d]!, `--${d}`);
    if (f.weekdays !== undefined) checkOrder(f.weekdays, '--weekdays');
    for (const spec of f.date ?? []) checkOrder(spec.split('=')[1] ?? '', '--date');
    let weekly = current.weekly;
    if (f.weekdays !== undefined) for (const d of DAYS.slice(0, 5)) weekly = withDay(weekly, d, parseIntervals(f.weekdays, '--weekdays'));
    for (const d of DAYS) if (f[d] !== undefined) weekly = withDay(weekly, d, parseIntervals(f[d]!, `--${d}`));
    const zone = f.zone ?? f.tz ?? current.timezone;
    if (!isValidZone(zone)) throw usageError(`Unknown time zone "${zone}"; use an IANA name such as Europe/Berlin`);
    const overrides = new Map(current.overrides.map((o) => [o.date, o.intervals]));
    for (const date of f.clear ?? []) overrides.delete(checkDate(date, '--clear'));
    for (const date of f.off ?? []) overrides.set(checkDate(date, '--off'), []);
    for (const spec of f.date ?? []) {
      const [date = '', hours = ''] = spec.split('=');
      // Hours left out would silently make the day off: say how to write either.
      if (!hours.trim()) throw usageError(`--date: give the hours after "=", e.g. --date ${date.trim() || '2026-12-31'}=10:00-14:00 (a day off is --off ${date.trim() || '2026-12-31'})`);
      overrides.set(checkDate(date, '--date'), parseIntervals(hours, '--date'));
    }
    return { timezone: zone, weekly, overrides: [...overrides].sort(([a], [b]) => a.localeCompare(b)).map(([date, intervals]) => ({ date, intervals })) };
  }

  /** The interactive editor: pick a day (or the zone, or a date), type its hours, repeat, save. */
  private async edit(current: Schedule): Promise<Schedule> {
    let schedule: Schedule = { timezone: current.timezone, weekly: current.weekly, overrides: current.overrides };
    for (;;) {
      const choice = await askSelect<string>('Working hours: pick what to change', [
        ...DAYS.map((d) => ({ name: `${d}  ${formatIntervals(dayIntervals(schedule, d))}`, value: d })),
        { name: `zone  ${schedule.timezone}`, value: 'zone' },
        { name: `date override (${schedule.overrides.length} set)`, value: 'date' },
        { name: 'save', value: 'save' },
      ], 12);
      if (choice === 'save') return schedule;
      if (choice === 'zone') {
        const zone = await askInput('Time zone', { default: schedule.timezone, validate: (v) => (isValidZone(v.trim()) ? true : 'Unknown zone; e.g. Europe/Berlin') });
        schedule = { ...schedule, timezone: zone.trim() };
      } else if (choice === 'date') {
        const date = await askInput('Date (YYYY-MM-DD)', { validate: (v) => (DATE.test(v.trim()) ? true : 'Use YYYY-MM-DD') });
        const hours = await askInput(`Hours on ${date.trim()} ("off" for a day off)`, { default: 'off', validate: (v) => validIntervals(v) });
        const others = schedule.overrides.filter((o) => o.date !== date.trim());
        schedule = { ...schedule, overrides: [...others, { date: date.trim(), intervals: parseIntervals(hours, 'hours') }].sort((a, b) => a.date.localeCompare(b.date)) };
      } else {
        const day = choice as Day;
        const hours = await askInput(`${day} hours (e.g. 09:00-12:00,13:00-17:00, or off)`, { default: formatIntervals(dayIntervals(schedule, day)), validate: (v) => validIntervals(v) });
        schedule = { ...schedule, weekly: withDay(schedule.weekly, day, parseIntervals(hours, day)) };
      }
    }
  }
}

function validIntervals(v: string): true | string {
  try {
    parseIntervals(v, 'hours');
    return true;
  } catch (error) {
    return (error as Error).message.replace(/^hours: /, '');
  }
}

/** A real calendar date as YYYY-MM-DD ("2026-13-45" is refused here, not by the server). */
function checkDate(date: string, flag: string): string {
  const text = date.trim();
  if (!DATE.test(text)) throw usageError(`${flag}: expected a date as YYYY-MM-DD (got "${date}")`);
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) throw usageError(`${flag}: ${text} is not a date in the calendar; use YYYY-MM-DD, e.g. 2026-12-24`);
  return text;
}

/** "17:00-09:00" is a range that ends before it starts: say so, rather than only that the format is wrong. */
function checkOrder(text: string, flag: string): void {
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) continue;
    const [start, end] = [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
    const [from, to] = [`${m[1]!.padStart(2, '0')}:${m[2]}`, `${m[3]!.padStart(2, '0')}:${m[4]}`];
    if (end < start) throw usageError(`${flag}: the end ${to} is before the start ${from}; write the earlier time first, e.g. ${to}-${from} (hours past midnight are two ranges, one on each day)`);
    if (end === start) throw usageError(`${flag}: the range ${from}-${to} ends when it starts; give a range such as 09:00-17:00`);
  }
}
