/**
 * Plain objects of recurring bookings (series). Instants are ISO 8601 strings in UTC.
 */
import type { SeriesFrequency } from '../../time/recurrence.js';
import type { BookingStatus } from '../types.js';

/** How a series repeats, as a booker asks for it. */
export interface RecurrenceInput {
  /** `weekly` (every `interval` weeks) or `monthly` (same day of the month). */
  frequency: SeriesFrequency;
  /** Every N weeks or months; default 1. */
  interval?: number;
  /** How many meetings, the first included (2 up to the event type's `seriesMaxOccurrences`)… */
  count?: number;
  /** …or the last local date (YYYY-MM-DD, in the series' zone: that of the host's working hours) a meeting may fall on. */
  until?: string;
}

/** Why one occurrence of a series could not be booked. */
export interface SeriesConflict {
  /** 1-based position in the series. */
  index: number;
  /** "week 4", "month 2", "meeting 3" (every N weeks). */
  label: string;
  start: string;
  end: string;
  /** The start on a wall clock: "2026-12-22 10:00 Europe/Berlin"; booking a series names it in the series' zone, moving one in the asker's. */
  local: string;
  /** in_past, too_soon, beyond_horizon, off_grid, outside_hours, limit_reached or taken. */
  reason: string;
}

export interface SeriesOccurrence {
  index: number;
  /** The booking (a meeting like any other: its own id, manage links and calendar event). */
  bookingId: string;
  /** The start the rule gave it (iCalendar RECURRENCE-ID); `start` differs once it is moved. */
  recurrenceStart: string;
  start: string;
  end: string;
  status: BookingStatus;
}

export interface SeriesDetails {
  id: string;
  /** RFC 5545 RRULE, repeated in `timezone`: FREQ=WEEKLY;INTERVAL=1;COUNT=6. */
  rrule: string;
  timezone: string;
  frequency: SeriesFrequency;
  interval: number;
  count: number | null;
  until: string | null;
  icalUid: string;
  eventType: { id: string; slug: string } | null;
  /** Every occurrence booked (any status), in order. */
  occurrences: SeriesOccurrence[];
}
