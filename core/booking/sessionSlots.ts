/**
 * Slot lists of group event types: the free slots (a new session, every seat free) merged with
 * the open sessions that still have seats, in time order; full sessions are listed apart (their
 * waitlists are open).
 */
import type { Knex } from 'knex';
import type { Interval } from '../time/intervals.js';
import { MINUTE_MS } from '../time/units.js';
import type { SlotRules } from './rules.js';
import { OPEN_SESSION_STATUSES } from './seats.js';
import type { SlotDetails } from './types.js';

interface SessionQueryRow {
  start_at: Date | string;
  end_at: Date | string;
  seats_total: number;
  seats_taken: number;
  hosts: string[];
}

export interface MergeSessionsOptions {
  range: Interval;
  now: number;
  /** The page's first start (cursor). */
  startingAt?: number;
  /** The first free slot left off this page, when the engine stopped early: later sessions wait for the next page. */
  cutoff?: number;
}

/** Open sessions of an event type starting in the range, with their seats and hosts' usernames. */
async function loadOpenSessions(db: Knex, eventTypeId: string, range: Interval): Promise<SessionQueryRow[]> {
  const { rows } = await db.raw<{ rows: SessionQueryRow[] }>(
    `SELECT b.start_at, b.end_at, b.seats_total, b.seats_taken,
            ARRAY(SELECT u.username FROM booking_hosts h JOIN users u ON u.id = h.user_id WHERE h.booking_id = b.id ORDER BY u.username) AS hosts
       FROM bookings b
      WHERE b.event_type_id = ? AND b.seats_total IS NOT NULL AND b.status = ANY(?::text[])
        AND b.start_at >= ? AND b.start_at < ?
      ORDER BY b.start_at`,
    [eventTypeId, [...OPEN_SESSION_STATUSES], new Date(range.start), new Date(range.end)],
  );
  return rows;
}

/**
 * `free` (slots where a session could open) with seats, merged with the open sessions of the
 * event type that can still be joined (after the minimum notice). Full sessions go to `full`.
 */
export async function mergeOpenSessions(db: Knex, rules: SlotRules, free: SlotDetails[], options: MergeSessionsOptions): Promise<{ slots: SlotDetails[]; full: SlotDetails[] }> {
  const seats = rules.seatsTotal ?? 1;
  const earliest = Math.max(options.now + rules.minimumNoticeMinutes * MINUTE_MS, options.startingAt ?? -Infinity);
  const sessions = rules.eventTypeId ? await loadOpenSessions(db, rules.eventTypeId, options.range) : [];
  const open: SlotDetails[] = [];
  const full: SlotDetails[] = [];
  for (const s of sessions) {
    const start = new Date(s.start_at).getTime();
    if (start < earliest || (options.cutoff !== undefined && start > options.cutoff)) continue;
    const slot = { start: new Date(start).toISOString(), end: new Date(s.end_at).toISOString(), hosts: s.hosts, seatsTotal: s.seats_total, seatsLeft: s.seats_total - s.seats_taken };
    (slot.seatsLeft > 0 ? open : full).push(slot);
  }
  const slots = [...free.map((s) => ({ ...s, seatsTotal: seats, seatsLeft: seats })), ...open].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return { slots, full };
}
