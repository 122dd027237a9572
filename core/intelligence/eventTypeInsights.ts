/**
 * `GET /api/event-types/:id/insights`: what an event type's history says about how long its
 * meetings need (core/intelligence/learnedDurations.ts over the database).
 */
import type { Knex } from 'knex';
import { requireOwnEventType } from '../booking/eventTypeHosts.js';
import { type DurationEstimate, type DurationObservation, estimateDuration } from './learnedDurations.js';

/** A follow-up this soon after a meeting's end, by one of its attendees, counts as time it still needed. */
export const FOLLOW_UP_WINDOW_HOURS = 48;
/** The most recent meetings looked at. */
const MAX_HISTORY = 1000;

export interface EventTypeInsights extends DurationEstimate {
  eventTypeId: string;
  title: string;
  /** Share of past meetings that were no-shows (0..1), null without any. */
  noShowRate: number | null;
}

interface HistoryRow {
  status: string;
  booked_minutes: number | string;
  synced_minutes: number | string | null;
  attendees: number | string;
  follow_up_minutes: number | string | null;
}

/** Past meetings of the event type (ended before `now`), newest first. */
export async function loadDurationHistory(db: Knex, eventTypeId: string, now: Date): Promise<DurationObservation[]> {
  const { rows } = await db.raw<{ rows: HistoryRow[] }>(
    `SELECT b.status,
            extract(epoch FROM b.end_at - b.start_at) / 60 AS booked_minutes,
            (SELECT max(extract(epoch FROM upper(e.busy) - lower(e.busy))) / 60 FROM external_events e
              WHERE e.booking_id = b.id AND e.status <> 'cancelled') AS synced_minutes,
            (SELECT count(*) FROM booking_attendees a WHERE a.booking_id = b.id) AS attendees,
            (SELECT extract(epoch FROM f.end_at - f.start_at) / 60 FROM bookings f
              WHERE f.event_type_id = b.event_type_id AND f.id <> b.id AND f.status IN ('scheduled', 'completed')
                AND f.start_at >= b.end_at AND f.start_at < b.end_at + make_interval(hours => ?)
                AND EXISTS (SELECT 1 FROM booking_attendees fa JOIN booking_attendees ba ON lower(ba.email) = lower(fa.email)
                             WHERE fa.booking_id = f.id AND ba.booking_id = b.id)
              ORDER BY f.start_at LIMIT 1) AS follow_up_minutes
       FROM bookings b
      WHERE b.event_type_id = ? AND b.end_at <= ? AND b.status IN ('scheduled', 'completed', 'no_show')
      ORDER BY b.start_at DESC LIMIT ?`,
    [FOLLOW_UP_WINDOW_HOURS, eventTypeId, now.toISOString(), MAX_HISTORY],
  );
  return rows.map((r) => ({
    actualMinutes: Number(r.synced_minutes ?? r.booked_minutes),
    followUpMinutes: Number(r.follow_up_minutes ?? 0),
    noShow: r.status === 'no_show',
    attendeeCount: Number(r.attendees),
  }));
}

/**
 * Learned durations of an event type the user hosts or manages (team members may read).
 * Throws event_type_not_found, forbidden.
 *
 * @example eventTypeInsights({ db, clock }, userId, eventTypeId) // { median: {minutes: 18.2, …}, suggestion: {minutes: 20, …} }
 */
export async function eventTypeInsights(deps: { db: Knex; clock: { now(): Date } }, userId: string, eventTypeId: string): Promise<EventTypeInsights> {
  const row = await requireOwnEventType(deps.db, userId, eventTypeId, 'view');
  const history = await loadDurationHistory(deps.db, row.id, deps.clock.now());
  const estimate = estimateDuration(history, { configuredMinutes: row.duration_minutes, title: `"${row.title}" meetings` });
  const total = estimate.meetings + estimate.noShows;
  return { eventTypeId: row.id, title: row.title, noShowRate: total ? Math.round((estimate.noShows / total) * 1000) / 1000 : null, ...estimate };
}
