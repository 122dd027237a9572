/**
 * Persistence of series: the `booking_series` row (RRULE, zone, iCalendar UID) and the link from
 * each occurrence's booking to it. Every function takes the knex instance or transaction to run on.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { parseRrule } from '../../time/recurrence.js';
import type { BookingStatus } from '../types.js';
import type { SeriesDetails } from './types.js';

export interface SeriesRow {
  id: string;
  event_type_id: string | null;
  rrule: string;
  timezone: string;
  first_start_at: Date;
  duration_minutes: number;
  ical_uid: string;
  sequence: number;
  created_by_user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface OccurrenceRow {
  id: string;
  status: BookingStatus;
  start_at: Date;
  end_at: Date;
  sequence: number;
  occurrence_index: number;
  recurrence_start: Date;
}

/** Inserts a series row; returns its id. */
export async function insertSeries(trx: Knex, series: { eventTypeId: string | null; rrule: string; timezone: string; firstStart: number; durationMinutes: number; createdByUserId: string | null }, now: Date): Promise<string> {
  const id = randomUUID();
  await trx<SeriesRow>('booking_series').insert({
    id,
    event_type_id: series.eventTypeId,
    rrule: series.rrule,
    timezone: series.timezone,
    first_start_at: new Date(series.firstStart),
    duration_minutes: series.durationMinutes,
    ical_uid: `${id}@yava`,
    sequence: 0,
    created_by_user_id: series.createdByUserId,
    created_at: now,
    updated_at: now,
  });
  return id;
}

/** Marks a booking as occurrence `index` of a series, at the start its rule gave it. */
export async function linkOccurrence(trx: Knex, bookingId: string, link: { seriesId: string; index: number; recurrenceStart: number }): Promise<void> {
  await trx('bookings').where({ id: bookingId }).update({ series_id: link.seriesId, occurrence_index: link.index, recurrence_start: new Date(link.recurrenceStart) });
}

export async function loadSeriesRow(db: Knex, seriesId: string): Promise<SeriesRow | undefined> {
  return db<SeriesRow>('booking_series').where({ id: seriesId }).first();
}

/** The series a booking belongs to, or null. */
export async function seriesIdOfBooking(db: Knex, bookingId: string): Promise<string | null> {
  const row: { series_id: string | null } | undefined = await db('bookings').where({ id: bookingId }).first('series_id');
  return row?.series_id ?? null;
}

/** A series' occurrences (any status), in order. */
export async function listOccurrenceRows(db: Knex, seriesId: string): Promise<OccurrenceRow[]> {
  return db('bookings').where({ series_id: seriesId }).orderBy('occurrence_index').select('id', 'status', 'start_at', 'end_at', 'sequence', 'occurrence_index', 'recurrence_start');
}

/** Raises the series' own SEQUENCE (every change of an occurrence changes the series document). */
export async function touchSeries(trx: Knex, seriesId: string, now: Date): Promise<void> {
  await trx('booking_series').where({ id: seriesId }).update({ sequence: trx.raw('sequence + 1'), updated_at: now });
}

/** The series with its occurrences, or null. */
export async function loadSeries(db: Knex, seriesId: string): Promise<SeriesDetails | null> {
  const row = await loadSeriesRow(db, seriesId);
  if (!row) return null;
  const rule = parseRrule(row.rrule, row.timezone);
  const eventType: { id: string; slug: string } | undefined = row.event_type_id ? await db('event_types').where({ id: row.event_type_id }).first('id', 'slug') : undefined;
  const occurrences = await listOccurrenceRows(db, seriesId);
  const iso = (d: Date) => new Date(d).toISOString();
  return {
    id: row.id,
    rrule: row.rrule,
    timezone: row.timezone,
    frequency: rule.frequency,
    interval: rule.interval,
    count: rule.count ?? null,
    until: rule.until ?? null,
    icalUid: row.ical_uid,
    eventType: eventType ?? null,
    occurrences: occurrences.map((o) => ({ index: o.occurrence_index, bookingId: o.id, recurrenceStart: iso(o.recurrence_start), start: iso(o.start_at), end: iso(o.end_at), status: o.status })),
  };
}
