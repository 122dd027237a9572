import type { CommandContext } from '../commandContext.js';
import { usageError } from '../errors.js';
import { parseTarget } from '../target.js';
import type { Slot, SlotsResponse } from '../types.js';
import { addDays } from '../../core/time/units.js';
import { todayIn } from '../today.js';
import type { PeopleStates } from '../views/slots.js';

/** `yava slots`'s flags and argument, as parsed. */
export interface ShowSlotsOptions {
  target?: string;
  from?: string;
  to?: string;
  days: number;
  with?: string;
  duration?: number;
  smart?: boolean;
  near?: string;
  attendees?: string;
}

export interface SlotsResult {
  timezone: string;
  from: string;
  to: string;
  slots: Slot[];
  full?: Slot[];
  /** With --with and no common time: each person's state per time. */
  people?: PeopleStates;
}

/** What to ask `GET /api/availability` for, and how the heading names it. */
function slotsQuery(options: ShowSlotsOptions): { query: Record<string, string | number>; label: string } {
  if (options.with) {
    const users = options.with.split(',').map((u) => u.trim().replace(/^@/, '')).filter(Boolean);
    if (!users.length) throw usageError('--with: name at least one username');
    return { query: { users: users.join(','), durationMinutes: options.duration ?? 30 }, label: `${options.duration ?? 30} min free for ${users.join(', ')}` };
  }
  if (!options.target) throw usageError('Name whose slots to show: yava slots <user>/<event-type>, or yava slots --with alice,bob');
  const target = parseTarget(options.target);
  if (!target.eventType) {
    if (!options.duration) throw usageError(`Name the event type, as in ${target.user}/intro (or give --duration for ${target.user}'s free time)`);
    return { query: { users: target.user, durationMinutes: options.duration }, label: `${options.duration} min free for ${target.user}` };
  }
  return { query: { user: target.user, eventType: target.eventType }, label: `${target.user}/${target.eventType}` };
}

/** `yava slots`: free slots of an event type, or common free time of several people (who is free when, if none). */
export async function showSlots(ctx: CommandContext, options: ShowSlotsOptions): Promise<SlotsResult> {
  const zone = ctx.zone;
  // Date flags and drawing need luxon, which loads only then: `slots --json` starts without it.
  const dateFlag = async (value: string, flag: string) => (await import('../when.js')).parseDateFlag(value, zone, flag);
  const from = options.from ? await dateFlag(options.from, '--from') : todayIn(zone);
  const to = options.to ? await dateFlag(options.to, '--to') : addDays(from, options.days - 1);
  const { query, label } = slotsQuery(options);
  const smart = options.smart ? { rank: 'smart', ...(options.near ? { near: options.near } : {}), ...(options.attendees ? { attendees: options.attendees } : {}) } : {};
  const res = await ctx.spin('Finding free slots', ctx.client.request<SlotsResponse>('GET', '/api/availability', { query: { ...query, from, to, timezone: zone, ...smart }, auth: Boolean(ctx.client.token) }));
  const seats = (s: Slot) => (s.seatsTotal !== undefined ? { seatsTotal: s.seatsTotal, seatsLeft: s.seatsLeft } : {});
  const ranking = (s: Slot) => (s.score !== undefined ? { score: s.score, reasons: s.reasons ?? [] } : {});
  const slots = res.slots.map((s) => ({ start: s.start, end: s.end, ...seats(s), ...ranking(s) }));
  const full = (res.full ?? []).map((s) => ({ start: s.start, end: s.end, ...seats(s) }));
  // Drawn for people only: formatting a week of slots costs more than the request under --json.
  if (!ctx.json) {
    const { rankedSlots, slotsByDay } = await import('../views/slots.js');
    ctx.log(`${ctx.paint('bold', label)} · ${from} to ${to} · times in ${zone}`);
    const view = options.smart ? rankedSlots : slotsByDay;
    ctx.log(slots.length ? view(slots, zone, ctx.paint) : 'No free slots in that range.');
    if (full.length) ctx.log(`Full (join the waitlist on the booking page): ${slotsByDay(full, zone, ctx.paint)}`);
  }
  const answer = { timezone: zone, from, to, slots, ...(res.full ? { full } : {}) };
  if (slots.length || !options.with) return answer;
  const people = await ctx.client.get<PeopleStates>('/api/availability/people', { ...query, from, to, timezone: zone });
  if (people.times.length && !ctx.json) {
    const { peopleStateLines } = await import('../views/slots.js');
    ctx.log(['No time suits everyone. Who is free when:', ...peopleStateLines(people, zone)].join('\n'));
  }
  return { ...answer, people };
}
