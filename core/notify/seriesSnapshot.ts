/**
 * A series as one iCalendar event, read from the database: the rule, every occurrence the rule
 * gives (held, cancelled, never booked, or moved) and the people of its first occurrence. Used
 * by invites (e-mail) and the meeting's `.ics`, so calendar apps show one series.
 */
import type { Knex } from 'knex';
import type { IcsMethod } from '../ics/calendar.js';
import { buildOccurrenceCalendar, buildSeriesCalendar, type IcsSeries, type IcsSeriesOccurrence } from '../ics/series.js';
import { expandSeries, parseRrule } from '../time/recurrence.js';
import { loadMeetingSnapshot, toIcsMeeting } from './meetingSnapshot.js';

const HELD = new Set(['scheduled', 'pending', 'completed', 'no_show']);

interface SeriesRowLite {
  id: string;
  rrule: string;
  timezone: string;
  first_start_at: Date | string;
  duration_minutes: number;
  ical_uid: string;
  sequence: number;
  updated_at: Date | string;
}

/**
 * The series of `seriesId` as an IcsSeries (people, title and notes from `bookingId`, one of its
 * occurrences), or null when either is gone. SEQUENCE grows with every change of any occurrence.
 */
export async function loadIcsSeries(db: Knex, seriesId: string, bookingId: string, url?: string): Promise<IcsSeries | null> {
  const row: SeriesRowLite | undefined = await db('booking_series').where({ id: seriesId }).first();
  const snapshot = await loadMeetingSnapshot(db, bookingId);
  if (!row || !snapshot) return null;
  const occurrences: Array<{ status: string; start_at: Date; end_at: Date; sequence: number; recurrence_start: Date; updated_at: Date }> = await db('bookings')
    .where({ series_id: seriesId })
    .select('status', 'start_at', 'end_at', 'sequence', 'recurrence_start', 'updated_at');
  const byRuleStart = new Map(occurrences.map((o) => [new Date(o.recurrence_start).getTime(), o]));
  const durationMs = row.duration_minutes * 60_000;
  const first = new Date(row.first_start_at).getTime();
  const ruleStarts = expandSeries({ start: first, zone: row.timezone, rule: parseRrule(row.rrule, row.timezone), maxOccurrences: 1000 });
  const list: IcsSeriesOccurrence[] = ruleStarts.map((ruleStart) => {
    const o = byRuleStart.get(ruleStart);
    return o
      ? { recurrenceStart: new Date(ruleStart), start: new Date(o.start_at), end: new Date(o.end_at), held: HELD.has(o.status), sequence: o.sequence }
      : { recurrenceStart: new Date(ruleStart), start: new Date(ruleStart), end: new Date(ruleStart + durationMs), held: false, sequence: 0 };
  });
  const anyActive = occurrences.some((o) => HELD.has(o.status));
  const lastChange = occurrences.reduce((max, o) => Math.max(max, new Date(o.updated_at).getTime()), new Date(row.updated_at).getTime());
  const meeting = toIcsMeeting(snapshot, url);
  return {
    ...meeting,
    uid: row.ical_uid,
    sequence: row.sequence + occurrences.reduce((sum, o) => sum + o.sequence, 0),
    status: anyActive ? (snapshot.status === 'pending' ? 'pending' : 'scheduled') : 'canceled',
    start: new Date(first),
    end: new Date(first + durationMs),
    updatedAt: new Date(lastChange),
    timezone: row.timezone,
    rrule: row.rrule,
    occurrences: list,
  };
}

/**
 * For an occurrence given to another host: the occurrence alone (series UID, RECURRENCE-ID) as a
 * REQUEST for everyone in it now and a CANCEL for the former hosts, whose calendars hold the
 * whole series; a whole-series invite would put every other meeting in the new host's calendar
 * and leave this one in the former host's. Null when the series or the occurrence is gone.
 */
export async function buildReassignedOccurrence(db: Knex, seriesId: string, bookingId: string, options: { now?: Date; url?: string }): Promise<{ request: string; cancel: string } | null> {
  const series = await loadIcsSeries(db, seriesId, bookingId, options.url);
  const row: { recurrence_start: Date | string } | undefined = await db('bookings').where({ id: bookingId }).first('recurrence_start');
  const at = row ? new Date(row.recurrence_start).getTime() : Number.NaN;
  const occurrence = series?.occurrences.find((o) => o.recurrenceStart.getTime() === at);
  if (!series || !occurrence) return null;
  const build = (method: IcsMethod) => buildOccurrenceCalendar(series, occurrence, { name: series.title, method, now: options.now });
  return { request: build('REQUEST'), cancel: build('CANCEL') };
}

/** The series' iCalendar document (see buildSeriesCalendar), or null when it is gone. */
export async function buildSeriesInvite(db: Knex, seriesId: string, bookingId: string, options: { method?: IcsMethod; now?: Date; url?: string }): Promise<string | null> {
  const series = await loadIcsSeries(db, seriesId, bookingId, options.url);
  if (!series) return null;
  return buildSeriesCalendar(series, { name: series.title, method: options.method, now: options.now });
}
