/**
 * Smart times over the database: the slot engine's free slots of a query, ranked by
 * core/availability/ranking.ts with the hosts' working hours, busy time and preferences and the
 * attendees' working days (known users: their schedules; anyone else: 09:00–18:00 in their zone).
 */
import type { Knex } from 'knex';
import { outsiderSchedule, rankSlots, type LocalWindow, type RankedSlot, type RankingAttendee } from '../availability/ranking.js';
import type { Interval } from '../time/intervals.js';
import { loadHostRows, type LoadedHost } from './loader.js';
import type { SlotRules } from './rules.js';
import { computeSlots } from './slots.js';
import type { SlotList } from './types.js';

export interface SmartRankOptions {
  /** The time asked for, epoch ms. */
  near?: number | null;
  /** Usernames or emails of the other attendees (known users bring their own schedules). */
  attendees?: readonly string[];
  /** The invitee's zone (the booking page's viewer): their 09:00–18:00 working day counts. */
  inviteeTimezone?: string | null;
}

/** The most free slots one ranking looks at. */
const MAX_RANKED_CANDIDATES = 2000;

async function loadAttendees(db: Knex, names: readonly string[], inviteeZone: string | null): Promise<RankingAttendee[]> {
  const wanted = [...new Set(names.map((n) => n.trim().toLowerCase()).filter(Boolean))];
  const rows: Array<{ id: string; username: string; email: string }> = wanted.length
    ? await db('users').whereRaw('lower(username) = ANY(?::text[]) OR lower(email) = ANY(?::text[])', [wanted, wanted]).select('id', 'username', 'email')
    : [];
  const known = await loadHostRows(db, rows.map((r) => r.id));
  const attendees: RankingAttendee[] = known.map((u) => ({ name: u.username, schedule: u.schedule }));
  const strangers = wanted.filter((n) => !rows.some((r) => r.username.toLowerCase() === n || r.email.toLowerCase() === n));
  if (inviteeZone) attendees.push({ name: 'the invitee', schedule: outsiderSchedule(inviteeZone) });
  // People we know nothing about work the invitee's day (or the first known person's).
  const zone = inviteeZone ?? known[0]?.timezone ?? null;
  if (zone && !inviteeZone) for (const name of strangers) attendees.push({ name, schedule: outsiderSchedule(zone) });
  return attendees;
}

async function loadPreferences(db: Knex, ids: readonly string[]): Promise<Map<string, { preferred: LocalWindow[]; focus: LocalWindow[] }>> {
  const rows: Array<{ id: string; preferred_hours: unknown; focus_blocks: unknown }> = await db('users').whereIn('id', [...ids]).select('id', 'preferred_hours', 'focus_blocks');
  const parse = (v: unknown) => ((typeof v === 'string' ? JSON.parse(v) : v) ?? []) as LocalWindow[];
  return new Map(rows.map((r) => [r.id, { preferred: parse(r.preferred_hours), focus: parse(r.focus_blocks) }]));
}

/** Ranks the free slots of `hosts` (already loaded with their availability). */
export async function rankLoadedSlots(db: Knex, slots: Parameters<typeof rankSlots>[0]['slots'], hosts: readonly LoadedHost[], options: SmartRankOptions): Promise<RankedSlot[]> {
  const prefs = await loadPreferences(db, hosts.map((h) => h.id));
  const attendees = await loadAttendees(db, options.attendees ?? [], options.inviteeTimezone ?? null);
  const rankingHosts = hosts.map((h) => ({
    hostId: h.id,
    name: h.username,
    schedule: h.schedule,
    busy: h.availability.busy,
    meetingStarts: h.meetingStarts,
    preferredHours: prefs.get(h.id)?.preferred,
    focusBlocks: prefs.get(h.id)?.focus,
  }));
  return rankSlots({ slots, hosts: rankingHosts, attendees, requestedAt: options.near ?? null });
}

/**
 * The slot list of a query, best first: every free slot in `range` ranked with a `score` and
 * the `reasons` for it. One page (the best `limit`); no cursor.
 */
export async function computeRankedSlotList(db: Knex, query: { rules: SlotRules; hostIds: string[]; range: Interval; timezone: string; limit: number; now: number }, options: SmartRankOptions): Promise<SlotList> {
  const { slots, hosts, candidates } = await computeSlots(db, { rules: query.rules, hostIds: query.hostIds, range: query.range, now: query.now, page: { maxSlots: MAX_RANKED_CANDIDATES } });
  const ranked = await rankLoadedSlots(db, slots, hosts, options);
  const names = new Map(hosts.map((h) => [h.id, h.username]));
  return {
    timezone: query.timezone,
    slots: ranked.slice(0, query.limit).map((s) => ({
      start: new Date(s.start).toISOString(),
      end: new Date(s.end).toISOString(),
      hosts: s.hostIds.map((id) => names.get(id)!).sort(),
      score: s.score,
      reasons: s.reasons,
    })),
    nextCursor: null,
    candidates,
  };
}
