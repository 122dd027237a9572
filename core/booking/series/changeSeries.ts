/**
 * Cancelling or moving occurrences of a series: one occurrence ("this"), it and every later one
 * ("following"), or the whole series. Each is one transaction; every occurrence it touches is
 * reported to the notifier (so each one's calendar event is deleted or moved) and the series
 * once (one e-mail with the series' iCalendar document).
 */
import type { Knex } from 'knex';
import { DomainError } from '../../errors.js';
import { localDateOf, localTimeToInstant } from '../../time/zones.js';
import { addDays, MINUTE_MS } from '../../time/units.js';
import { askerZone, CANCELABLE, hasEnded, requireActor, requireBookingFor, requireNotEnded, requireStatus, resolveBookingIdFor } from '../access.js';
import { listBookingHostIds, loadBookings, moveBookingBusy, recordStatus, setBookingHostsActive, updateBookingRow, type BookingRow } from '../bookingRepository.js';
import { inTransaction, lockHosts, type BookingContext } from '../context.js';
import { invalidField, parseInstant, requireTimeZone } from '../inputs.js';
import type { EventTypeRow } from '../records.js';
import { rulesOfEventType, type SlotRules } from '../rules.js';
import { findSlot } from '../slots.js';
import type { BookingActor, BookingDetails } from '../types.js';
import { unavailableReason } from '../unavailable.js';
import { describeConflicts, formatConflictStart } from './scheduleSeries.js';
import { listOccurrenceRows, loadSeries, loadSeriesRow, seriesIdOfBooking, touchSeries, type OccurrenceRow, type SeriesRow } from './seriesRepository.js';
import type { SeriesConflict, SeriesDetails } from './types.js';

/** Which occurrences a change applies to. */
export type SeriesScope = 'this' | 'following' | 'series';

export interface SeriesChangeResult {
  series: SeriesDetails;
  /** The occurrences changed, in order. */
  changed: BookingDetails[];
}

interface Target {
  booking: BookingRow & { series_id: string | null; occurrence_index: number | null; recurrence_start: Date | null };
  label: string;
  series: SeriesRow;
  occurrences: OccurrenceRow[];
}

/**
 * Locks a series and every meeting of it, in one order for all series changes (the series row,
 * then its meetings by index, then — in the caller — the hosts): a change of several meetings
 * reads and writes them as they are, and two changes of one series cannot deadlock.
 */
async function lockSeriesOf(trx: Knex, bookingId: string): Promise<void> {
  const seriesId = await seriesIdOfBooking(trx, bookingId);
  if (!seriesId) return;
  await trx('booking_series').where({ id: seriesId }).forUpdate().first('id');
  await trx('bookings').where({ series_id: seriesId }).orderBy('occurrence_index').forUpdate().select('id');
}

/** The occurrence acted on (by its host or its invitee) and the occurrences `scope` selects from it. */
async function requireTarget(trx: Knex, idOrPrefix: string, actor: BookingActor, scope: SeriesScope): Promise<Target> {
  requireActor(actor);
  // The id is resolved once (a prefix is a search); the series is locked before the booking row.
  const id = await resolveBookingIdFor(trx, idOrPrefix, actor);
  if (trx.isTransaction) await lockSeriesOf(trx, id);
  const { booking, label } = await requireBookingFor(trx, id, actor, ['host', 'attendee']);
  const row = booking as Target['booking'];
  const series = row.series_id ? await loadSeriesRow(trx, row.series_id) : undefined;
  if (!series) throw invalidField('scope', 'this meeting is not part of a series');
  const all = await listOccurrenceRows(trx, series.id);
  const occurrences = all.filter((o) => (scope === 'series' || (scope === 'following' ? o.occurrence_index >= row.occurrence_index! : o.id === row.id)) && CANCELABLE.includes(o.status));
  return { booking: row, label, series, occurrences };
}

/**
 * Cancels occurrence `idOrPrefix` of a series and, with `scope` 'following', every later one, or
 * with 'series' all of them (those still pending or scheduled). Each frees its slot and is
 * reported as canceled, so its calendar event is removed. Meetings that have ended are left
 * as they are; the series is reported canceled as a whole only when none of its meetings is left,
 * else as those meetings canceled (`meetings_canceled`). Hosts (userId) and the invitee (any
 * occurrence's manage token) may do it.
 *
 * Throws unauthorized, forbidden, booking_not_found, ambiguous_id, invalid_transition (also
 * `details.reason` 'meeting_over' when every selected meeting has ended), validation_failed (not a series).
 */
export async function cancelSeries(ctx: BookingContext, idOrPrefix: string, input: { scope: SeriesScope; reason?: string | null }, actor: BookingActor): Promise<SeriesChangeResult> {
  return inTransaction(ctx.db, async (trx) => {
    const target = await requireTarget(trx, idOrPrefix, actor, input.scope);
    const { booking, label, series } = target;
    if (input.scope !== 'series') requireStatus(booking, CANCELABLE, 'canceled');
    const now = ctx.clock.now();
    // Meetings that took place stay as they are (and in everyone's calendar).
    const occurrences = target.occurrences.filter((o) => !hasEnded(o, now));
    if (!occurrences.length) throw new DomainError('invalid_transition', 'Every meeting this would cancel is over: there is nothing left to cancel', { details: { reason: 'meeting_over', action: 'canceled' } });
    const reason = input.reason ?? null;
    for (const o of occurrences) {
      await setBookingHostsActive(trx, o.id, false);
      await updateBookingRow(trx, o.id, { status: 'canceled', canceled_by: label, cancel_reason: reason, sequence: o.sequence + 1, updated_at: now });
      await recordStatus(trx, { bookingId: o.id, from: o.status, to: 'canceled', actor: label, at: now, reason });
      await ctx.notifier.bookingChanged(trx, { type: 'canceled', bookingId: o.id, actor: label, reason, seriesId: series.id });
    }
    await touchSeries(trx, series.id, now);
    const ids = occurrences.map((o) => o.id);
    // The whole series is off only when none of its meetings is left; else those meetings are.
    const left = (await listOccurrenceRows(trx, series.id)).some((o) => o.status !== 'canceled' && o.status !== 'rejected');
    const change = left ? { type: 'meetings_canceled' as const, bookingIds: ids } : { type: 'canceled' as const };
    const first = ids[0]!;
    await ctx.notifier.seriesChanged?.(trx, { ...change, seriesId: series.id, firstBookingId: first, actor: label, reason });
    return { series: (await loadSeries(trx, series.id))!, changed: await loadBookings(trx, ids) };
  });
}

/**
 * The new start of an occurrence whose rule start is `ruleStart` when the one whose rule start is
 * `from` moves to `to`: the same shift of local day, at `to`'s time of day ("from Tuesdays 10:00
 * to Thursdays 15:00"). Rule starts (RECURRENCE-ID), not current ones: a meeting moved alone
 * before lands in the new pattern like the others.
 */
function shiftedStart(ruleStart: number, from: number, to: number, zone: string): number {
  const dayShift = Math.round((Date.parse(localDateOf(to, zone)) - Date.parse(localDateOf(from, zone))) / 86_400_000);
  const minutes = (to - localTimeToInstant(localDateOf(to, zone), 0, zone)) / MINUTE_MS;
  return localTimeToInstant(addDays(localDateOf(ruleStart, zone), dayShift), Math.round(minutes), zone);
}

interface PlaceMovesOptions {
  rules: SlotRules;
  hostIds: string[];
  now: number;
  /** The zone a conflict names its time in (the asker's). */
  timezone: string;
}

/**
 * Checks and writes the new busy ranges of occurrences that move together. Every moving range is
 * first taken out of the exclusion constraint (deactivated), so a new time may be where a sibling
 * is now, and the siblings about to leave a day count against no daily or weekly limit; each is
 * then checked (the ones placed before it count) and written, active again as before. Returns the
 * ones that cannot move; the caller refuses the change, which rolls all of this back.
 */
async function placeMoves(trx: Knex, moves: ReadonlyArray<{ o: OccurrenceRow; start: number }>, options: PlaceMovesOptions): Promise<SeriesConflict[]> {
  const { rules, hostIds, now, timezone } = options;
  const ids = moves.map((m) => m.o.id);
  const held: Array<{ booking_id: string; user_id: string }> = await trx('booking_hosts').whereIn('booking_id', ids).where({ active: true }).select('booking_id', 'user_id');
  await trx('booking_hosts').whereIn('booking_id', ids).update({ active: false });
  const conflicts: SeriesConflict[] = [];
  for (const { o, start } of moves) {
    const end = start + rules.durationMinutes * MINUTE_MS;
    const { slot, hosts } = await findSlot(trx, { rules, hostIds, start, now });
    if (!slot) {
      // The reason a single move would give (outside_hours, limit_reached, taken, …).
      const { reason } = unavailableReason({ rules, hostIds, start, now, timezone }, hosts);
      conflicts.push({ index: o.occurrence_index, label: `meeting ${o.occurrence_index}`, start: new Date(start).toISOString(), end: new Date(end).toISOString(), local: formatConflictStart(start, timezone), reason });
      continue;
    }
    await moveBookingBusy(trx, o.id, start, end, rules);
    // Its new time counts from now on (daily and weekly limits count bookings by start_at), not the one it leaves.
    await updateBookingRow(trx, o.id, { start_at: new Date(start), end_at: new Date(end) });
    const users = held.filter((h) => h.booking_id === o.id).map((h) => h.user_id);
    if (users.length) await trx('booking_hosts').where({ booking_id: o.id }).whereIn('user_id', users).update({ active: true });
  }
  return conflicts;
}

/** A new start for a meeting of a series; `timezone` (IANA, optional) is the zone a refusal names times in. */
export interface RescheduleSeriesInput {
  start: string;
  scope: 'this' | 'following';
  timezone?: string;
}

/**
 * Moves occurrence `idOrPrefix` to `start` and, with `scope` 'following', every later held one by
 * the same change of local day and time ("from Tuesdays 10:00 to Wednesdays 14:00"), in the
 * series' zone. All or nothing: one that cannot move refuses the change, naming each one at its
 * time in `input.timezone` (the asker's client), else in the acting host's or invitee's own zone,
 * as a refused single move does.
 * The series keeps its rule; moved occurrences go out as RECURRENCE-ID overrides. A meeting that
 * has ended is not moved: the one acted on refuses (invalid_transition, 'meeting_over'), later ones stay.
 *
 * Throws unauthorized, forbidden, booking_not_found, ambiguous_id, invalid_transition,
 * validation_failed (not a series, bad start), slot_unavailable (`details.conflicts`).
 */
export async function rescheduleSeries(ctx: BookingContext, idOrPrefix: string, input: RescheduleSeriesInput, actor: BookingActor): Promise<SeriesChangeResult> {
  const to = parseInstant(input.start, 'start');
  const askedZone = input.timezone === undefined ? undefined : requireTimeZone(input.timezone);
  return inTransaction(ctx.db, async (trx) => {
    const { booking, label, series, occurrences } = await requireTarget(trx, idOrPrefix, actor, input.scope);
    requireStatus(booking, CANCELABLE, 'rescheduled');
    requireNotEnded(booking, ctx.clock.now(), 'moved');
    const hostIds = await listBookingHostIds(trx, booking.id);
    await lockHosts(trx, hostIds);
    const eventType = series.event_type_id ? await trx<EventTypeRow>('event_types').where({ id: series.event_type_id }).first() : undefined;
    if (!eventType) throw new DomainError('invalid_transition', "This series' event type is gone; move its meetings one by one");
    const rules = { ...rulesOfEventType(eventType), kind: hostIds.length === 1 ? ('one_on_one' as const) : ('collective' as const) };
    const now = ctx.clock.now();
    const from = new Date(booking.recurrence_start ?? booking.start_at).getTime();
    // A later meeting already over (moved alone before now) stays where it took place.
    const moves = occurrences.filter((o) => !hasEnded(o, now)).map((o) => ({ o, start: shiftedStart(new Date(o.recurrence_start).getTime(), from, to, series.timezone) }));
    const timezone = askedZone ?? (await askerZone(trx, booking.id, label));
    const conflicts = await placeMoves(trx, moves, { rules, hostIds, now: now.getTime(), timezone });
    if (conflicts.length) throw new DomainError('slot_unavailable', `${describeConflicts(conflicts)}; nothing was moved.`, { details: { reason: 'series_conflict', conflicts, alternatives: [] } });
    for (const { o, start } of moves) {
      const end = start + rules.durationMinutes * MINUTE_MS;
      await updateBookingRow(trx, o.id, { start_at: new Date(start), end_at: new Date(end), sequence: o.sequence + 1, updated_at: now });
      await recordStatus(trx, { bookingId: o.id, from: o.status, to: o.status, actor: label, at: now, details: { rescheduledFrom: new Date(o.start_at).toISOString(), rescheduledTo: new Date(start).toISOString() } });
      await ctx.notifier.bookingChanged(trx, { type: 'rescheduled', bookingId: o.id, previousStart: new Date(o.start_at).toISOString(), previousEnd: new Date(o.end_at).toISOString(), actor: label, seriesId: series.id });
    }
    await touchSeries(trx, series.id, now);
    await ctx.notifier.seriesChanged?.(trx, { type: 'updated', seriesId: series.id, firstBookingId: booking.id, actor: label });
    return { series: (await loadSeries(trx, series.id))!, changed: await loadBookings(trx, moves.map((m) => m.o.id)) };
  });
}

/** A series by one of its occurrences (as its host or invitee sees it). Throws as requireBookingFor, validation_failed (not a series). */
export async function getSeriesOf(ctx: BookingContext, idOrPrefix: string, actor: BookingActor): Promise<SeriesDetails> {
  const { series } = await requireTarget(ctx.db, idOrPrefix, actor, 'this');
  return (await loadSeries(ctx.db, series.id))!;
}
