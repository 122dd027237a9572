import { epochMsCeil, epochMsFloor } from '../db/epochMs.js';

/**
 * The busy time synced calendars contribute to availability, read from the store only (never
 * from a provider during a slot request): opaque, not-canceled occurrences on calendars that
 * check conflicts, except the events of bookings the calendar's owner hosts (those bookings
 * block the time already, and a reschedule must not collide with its own echo). A Yava meeting
 * the owner attends as an invitee has no booking_id here, so it counts as busy.
 * Parameters: host ids (uuid[]), window start, window end. Served by the partial GiST index
 * external_events_user_busy.
 */
export const EXTERNAL_EVENTS_BUSY_SQL = `SELECT e.user_id, ${epochMsFloor('lower(e.busy)')} AS s, ${epochMsCeil('upper(e.busy)')} AS e
         FROM external_events e JOIN connected_calendars c ON c.id = e.calendar_id AND c.check_conflicts
        WHERE e.user_id = ANY(?::uuid[]) AND e.busy && tstzrange(?, ?)
          AND e.transparency = 'opaque' AND e.status <> 'cancelled' AND e.booking_id IS NULL`;

/**
 * The time past what a bounded calendar (Outlook's calendar view) reports, as busy for its owner:
 * an event out there is unseen, so that time is not offered. Parameters: host ids (uuid[]),
 * window start, window end.
 */
export const UNSEEN_CALENDAR_BUSY_SQL = `SELECT c.user_id, ${epochMsFloor('greatest(c.seen_until, w.f)')} AS s, ${epochMsCeil('w.t')} AS e
         FROM (SELECT ?::uuid[] AS ids, ?::timestamptz AS f, ?::timestamptz AS t) w
         JOIN connected_calendars c ON c.user_id = ANY(w.ids) AND c.check_conflicts AND c.seen_until < w.t`;
