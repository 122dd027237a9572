/**
 * The store of external events: what each connected calendar holds, one row per occurrence,
 * kept current by syncs. Availability reads only this table (never a provider). Applying a
 * sync batch runs in one transaction and reports what matters beyond the store: our own
 * events that moved or disappeared (two-way sync) and outside events that now sit over a
 * booking (conflicts to report to the host).
 */
import type { Knex } from 'knex';
import { expandEvent, type Occurrence } from './recurrence.js';
import type { RemoteEvent, SyncBatch } from './types.js';
import { escapeLike } from '../db/like.js';

export interface SyncTarget {
  id: string;
  userId: string;
}

/** One of our events as the provider now has it; `deleted` when it is gone from the calendar. */
export interface OwnEventChange {
  bookingId: string;
  externalId: string;
  start: number | null;
  end: number | null;
  deleted: boolean;
  /** The provider's version of the event as found (moves only). */
  etag?: string | null;
}

export interface ExternalConflict {
  bookingId: string;
  instanceKey: string;
  summary: string | null;
  start: number;
  end: number;
}

export interface SyncEffects {
  /** Rows were added, changed or removed. */
  changed: boolean;
  ownChanges: OwnEventChange[];
  conflicts: ExternalConflict[];
}

const UID_PATTERN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@yava$/i;

/** The booking id in one of our iCalUIDs (`<booking id>@yava`), or null for anyone else's. */
export function bookingIdOfUid(uid: string | null): string | null {
  return uid ? (UID_PATTERN.exec(uid)?.[1]?.toLowerCase() ?? null) : null;
}

/**
 * The booking each event belongs to, by event id, for bookings the calendar's owner hosts: from
 * our iCalUID (`<booking id>@yava`), or from the link we stored when we wrote it (Outlook gives
 * events its own iCalUId). A Yava meeting the owner only attends (our invitation, saved in their
 * calendar) belongs to no booking of theirs: it is busy time like any other event.
 */
async function bookingsOf(trx: Knex, target: SyncTarget, events: RemoteEvent[]): Promise<Map<string, string>> {
  const byUid = [...new Set(events.map((e) => bookingIdOfUid(e.icalUid)).filter((id): id is string => id !== null))];
  const hosted = byUid.length
    ? await trx('booking_hosts').where({ user_id: target.userId }).whereIn('booking_id', byUid).distinct('booking_id')
    : [];
  const known = new Set(hosted.map((r: { booking_id: string }) => r.booking_id));
  const out = new Map<string, string>();
  for (const e of events) {
    const id = bookingIdOfUid(e.icalUid);
    if (id && known.has(id)) out.set(e.externalId, id);
  }
  const rest = events.filter((e) => !out.has(e.externalId)).map((e) => e.externalId);
  for (let i = 0; i < rest.length; i += 500) {
    const links = await trx('calendar_event_links').where({ calendar_id: target.id }).whereIn('external_id', rest.slice(i, i + 500)).select('booking_id', 'external_id');
    for (const l of links as Array<{ booking_id: string; external_id: string }>) out.set(l.external_id, l.booking_id);
  }
  return out;
}

function rowOf(target: SyncTarget, event: RemoteEvent, occurrence: Occurrence, bookingId: string | null, now: Date) {
  return {
    calendar_id: target.id,
    user_id: target.userId,
    external_id: event.externalId,
    instance_key: occurrence.instanceKey,
    ical_uid: event.icalUid,
    booking_id: bookingId,
    summary: event.summary,
    busy: `[${new Date(occurrence.start).toISOString()},${new Date(Math.max(occurrence.end, occurrence.start + 1)).toISOString()})`,
    transparency: occurrence.transparency ?? event.transparency,
    status: occurrence.status,
    is_recurring: occurrence.isRecurring,
    etag: event.etag,
    updated_at: now,
  };
}

/**
 * Removes the rows of `externalIds`, returning our events among them: those stored, and
 * those we wrote (calendar_event_links) that no sync had brought back yet.
 */
async function removeEvents(trx: Knex, target: SyncTarget, externalIds: string[]): Promise<OwnEventChange[]> {
  if (!externalIds.length) return [];
  const rows = await trx('external_events')
    .where({ calendar_id: target.id })
    .whereIn('external_id', externalIds)
    .del()
    .returning(['booking_id', 'external_id']);
  const links = await trx('calendar_event_links')
    .where({ calendar_id: target.id })
    .whereIn('external_id', externalIds)
    .select('booking_id', 'external_id');
  const seen = new Set<string>();
  const out: OwnEventChange[] = [];
  for (const r of [...rows, ...links] as Array<{ booking_id: string | null; external_id: string }>) {
    if (!r.booking_id || seen.has(r.booking_id)) continue;
    seen.add(r.booking_id);
    out.push({ bookingId: r.booking_id, externalId: r.external_id, start: null, end: null, deleted: true });
  }
  return out;
}

/**
 * Removes the moved or changed occurrences of deleted series: Google stores each as an event of
 * its own (its id, the series' in `recurringEventId`) and need not send them again when the
 * series is deleted, so they would go on blocking. Their keys start with the series id.
 */
async function removeSeriesExceptions(trx: Knex, target: SyncTarget, seriesIds: string[]): Promise<void> {
  for (let i = 0; i < seriesIds.length; i += 200) {
    const prefixes = seriesIds.slice(i, i + 200).map((id) => `${escapeLike(id)}|%`);
    await trx('external_events')
      .where({ calendar_id: target.id })
      .whereNull('booking_id')
      .where((q) => {
        for (const prefix of prefixes) q.orWhere('instance_key', 'like', prefix);
      })
      .del();
  }
}

/**
 * Applies one sync batch for `target` inside `trx`: a full batch replaces the calendar's rows,
 * an incremental one replaces the rows of each changed event and removes deleted ones.
 * Occurrences are expanded over `window`.
 */
export async function applySyncBatch(
  trx: Knex,
  target: SyncTarget,
  batch: SyncBatch,
  options: { window: { from: number; to: number }; now: Date },
): Promise<SyncEffects> {
  const bookings = await bookingsOf(trx, target, batch.events);
  const live = batch.events.filter((e) => e.status !== 'cancelled' || e.series);
  const gone = [
    ...batch.deletedIds,
    ...batch.events.filter((e) => e.status === 'cancelled' && !e.series).map((e) => e.externalId),
  ];
  let removed: OwnEventChange[];
  if (batch.full) {
    // A full batch speaks for its window only (Outlook's calendarView starts at the window): our
    // event of a meeting that ended before it is left out, not deleted, and must not cancel it.
    const before = await trx('external_events')
      .where({ calendar_id: target.id })
      .del()
      .returning(['booking_id', 'external_id', trx.raw('upper(busy) <= ? AS before_window', [new Date(options.window.from)])]);
    const gone = batch.deletedIds.length
      ? await trx('calendar_event_links')
          .where({ calendar_id: target.id })
          .whereIn('external_id', batch.deletedIds)
          .select('booking_id', 'external_id')
      : [];
    const present = new Set(live.map((e) => bookings.get(e.externalId)));
    removed = ([...before.filter((r: { before_window: boolean }) => !r.before_window), ...gone] as Array<{ booking_id: string | null; external_id: string }>)
      .filter((r) => r.booking_id && !present.has(r.booking_id))
      .map((r) => ({ bookingId: r.booking_id!, externalId: r.external_id, start: null, end: null, deleted: true }));
    removed = removed.filter((r, i) => removed.findIndex((o) => o.bookingId === r.bookingId) === i);
  } else {
    removed = await removeEvents(trx, target, [...new Set([...gone, ...live.map((e) => e.externalId)])]);
    await removeSeriesExceptions(trx, target, gone);
  }
  const ownChanges: OwnEventChange[] = [];
  const inserted: string[] = [];
  // Series first, then single changed occurrences, which replace the series' generated ones.
  const ordered = [...live.filter((e) => !e.series), ...live.filter((e) => e.series)];
  for (const event of ordered) {
    const bookingId = bookings.get(event.externalId) ?? null;
    const occurrences = expandEvent(event, options.window);
    const rows = occurrences.map((o) => rowOf(target, event, o, bookingId, options.now));
    for (let i = 0; i < rows.length; i += 500) {
      const q = trx('external_events')
        .insert(rows.slice(i, i + 500))
        .onConflict(['calendar_id', 'instance_key']);
      await (event.series ? q.merge() : q.ignore());
    }
    inserted.push(...occurrences.filter((o) => o.status !== 'cancelled').map((o) => o.instanceKey));
    if (bookingId && !event.recurrence)
      ownChanges.push({ bookingId, externalId: event.externalId, start: event.start, end: event.end, deleted: false, etag: event.etag });
  }
  const still = new Set(ownChanges.map((c) => c.bookingId));
  for (const r of removed) if (!still.has(r.bookingId)) ownChanges.push(r);
  const conflicts = await findConflicts(trx, target, inserted);
  return { changed: removed.length > 0 || inserted.length > 0 || gone.length > 0 || batch.full, ownChanges, conflicts };
}

/** Outside events among `instanceKeys` that overlap an active booking of the calendar's owner. */
async function findConflicts(trx: Knex, target: SyncTarget, instanceKeys: string[]): Promise<ExternalConflict[]> {
  if (!instanceKeys.length) return [];
  const { rows } = await trx.raw<{
    rows: Array<{ booking_id: string; instance_key: string; summary: string | null; s: number; e: number }>;
  }>(
    `SELECT DISTINCT b.id AS booking_id, e.instance_key, e.summary,
            extract(epoch FROM lower(e.busy)) * 1000 AS s, extract(epoch FROM upper(e.busy)) * 1000 AS e
       FROM external_events e
       JOIN connected_calendars c ON c.id = e.calendar_id AND c.check_conflicts
       JOIN booking_hosts bh ON bh.user_id = e.user_id AND bh.active
       JOIN bookings b ON b.id = bh.booking_id AND tstzrange(b.start_at, b.end_at) && e.busy
      WHERE e.calendar_id = ? AND e.booking_id IS NULL AND e.transparency = 'opaque' AND e.status <> 'cancelled'
        AND e.instance_key = ANY(?)`,
    [target.id, instanceKeys],
  );
  return rows.map((r) => ({
    bookingId: r.booking_id,
    instanceKey: r.instance_key,
    summary: r.summary,
    start: Number(r.s),
    end: Number(r.e),
  }));
}
