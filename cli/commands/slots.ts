import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import { usageError } from '../errors.js';
import { parseTarget } from '../target.js';
import type { Slot, SlotsResponse } from '../types.js';
import { peopleStateLines, rankedSlots, slotsByDay, type PeopleStates } from '../views/slots.js';
import { addDays, parseDateFlag, todayIn } from '../when.js';

export interface SlotsResult {
  timezone: string;
  from: string;
  to: string;
  slots: Slot[];
  full?: Slot[];
  /** With --with and no common time: each person's state per time. */
  people?: PeopleStates;
}

export default class Slots extends ApiCommand<typeof Slots> {
  static override summary = "Show free slots for someone's event type, or common free time for several people.";
  static override examples = [
    '<%= config.bin %> slots demo/intro',
    '<%= config.bin %> slots demo/deep-dive --days 3 --tz America/New_York',
    '<%= config.bin %> slots demo/intro --from 2026-12-01 --to 2026-12-05 --json',
    '<%= config.bin %> slots --with alice,bob --duration 30',
    '<%= config.bin %> slots demo/intro --smart --near 2026-12-03T15:00:00Z',
  ];
  static override args = { target: Args.string({ description: '<user>/<event-type>, e.g. demo/intro.' }) };
  static override flags = {
    from: Flags.string({ description: 'First day (YYYY-MM-DD, today, tomorrow). Default: today.' }),
    to: Flags.string({ description: 'Last day (YYYY-MM-DD). Default: from + days - 1.' }),
    days: Flags.integer({ description: 'How many days to show.', default: 7, min: 1, max: 90 }),
    with: Flags.string({ description: 'Common free time of these users (comma-separated usernames).' }),
    duration: Flags.integer({ description: 'Meeting length in minutes (with --with).', min: 1, max: 1440 }),
    smart: Flags.boolean({ description: 'Rank the slots (smart times): the best three first, with a score and the reasons.' }),
    near: Flags.string({ description: 'With --smart: the time you would like (ISO date-time, e.g. 2026-12-03T15:00:00Z).', dependsOn: ['smart'] }),
    attendees: Flags.string({ description: 'With --smart: other attendees (usernames or emails, comma-separated) whose working hours count.', dependsOn: ['smart'] }),
  };

  async run(): Promise<SlotsResult> {
    const zone = this.zone;
    const from = this.flags.from ? parseDateFlag(this.flags.from, zone, '--from') : todayIn(zone);
    const to = this.flags.to ? parseDateFlag(this.flags.to, zone, '--to') : addDays(from, this.flags.days - 1);
    let query: Record<string, string | number>;
    let label: string;
    if (this.flags.with) {
      const users = this.flags.with.split(',').map((u) => u.trim().replace(/^@/, '')).filter(Boolean);
      if (!users.length) throw usageError('--with: name at least one username');
      query = { users: users.join(','), durationMinutes: this.flags.duration ?? 30 };
      label = `${this.flags.duration ?? 30} min free for ${users.join(', ')}`;
    } else {
      if (!this.args.target) throw usageError('Name whose slots to show: yava slots <user>/<event-type>, or yava slots --with alice,bob');
      const target = parseTarget(this.args.target);
      if (!target.eventType) {
        if (!this.flags.duration) throw usageError(`Name the event type, as in ${target.user}/intro (or give --duration for ${target.user}'s free time)`);
        query = { users: target.user, durationMinutes: this.flags.duration };
        label = `${this.flags.duration} min free for ${target.user}`;
      } else {
        query = { user: target.user, eventType: target.eventType };
        label = `${target.user}/${target.eventType}`;
      }
    }
    const smart = this.flags.smart ? { rank: 'smart', ...(this.flags.near ? { near: this.flags.near } : {}), ...(this.flags.attendees ? { attendees: this.flags.attendees } : {}) } : {};
    const res = await this.spin('Finding free slots', this.client.request<SlotsResponse>('GET', '/api/availability', { query: { ...query, from, to, timezone: zone, ...smart }, auth: Boolean(this.client.token) }));
    const seats = (s: Slot) => (s.seatsTotal !== undefined ? { seatsTotal: s.seatsTotal, seatsLeft: s.seatsLeft } : {});
    const ranking = (s: Slot) => (s.score !== undefined ? { score: s.score, reasons: s.reasons ?? [] } : {});
    const slots = res.slots.map((s) => ({ start: s.start, end: s.end, ...seats(s), ...ranking(s) }));
    this.log(`${this.paint('bold', label)} · ${from} to ${to} · times in ${zone}`);
    const view = this.flags.smart ? rankedSlots : slotsByDay;
    this.log(slots.length ? view(slots, zone, this.paint) : 'No free slots in that range.');
    const full = (res.full ?? []).map((s) => ({ start: s.start, end: s.end, ...seats(s) }));
    if (full.length) this.log(`Full (join the waitlist on the booking page): ${slotsByDay(full, zone, this.paint)}`);
    const answer = { timezone: zone, from, to, slots, ...(res.full ? { full } : {}) };
    if (slots.length || !this.flags.with) return answer;
    const people = await this.client.get<PeopleStates>('/api/availability/people', { ...query, from, to, timezone: zone });
    if (people.times.length) this.log(['No time suits everyone. Who is free when:', ...peopleStateLines(people, zone)].join('\n'));
    return { ...answer, people };
  }
}
