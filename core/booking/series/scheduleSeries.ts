/**
 * Booking a series of an event type ("every Tuesday at 10:00 for 6 weeks"): every occurrence is
 * checked and booked in ONE transaction, all or nothing — or, when the booker accepts it, the
 * free ones, with the others listed.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { explainUnavailableStart } from '../../availability/index.js';
import type { BookingStatus } from '../../db/models.js';
import { DomainError, PG, sqlState } from '../../errors.js';
import { expandSeries, toRrule, type SeriesRule } from '../../time/recurrence.js';
import { MINUTE_MS } from '../../time/units.js';
import { insertBooking, loadBookings } from '../bookingRepository.js';
import { inTransaction, lockHosts, type BookingContext } from '../context.js';
import { invalidField, parseInstant, requireTimeZone } from '../inputs.js';
import { loadHostRows } from '../loader.js';
import { hostsPendingError, isAwaitingHosts } from '../hostInvitations.js';
import { listEventTypeHostIds, requireEventTypeBySlug, type EventTypeRow } from '../records.js';
import { rulesOfEventType, type SlotRules } from '../rules.js';
import type { ScheduleBookingInput } from '../scheduleBooking.js';
import { engineOptions, findSlot, windowAround } from '../slots.js';
import type { BookingDetails } from '../types.js';
import type { ManageTokenIssuer } from '../manageTokens.js';
import { insertSeries, linkOccurrence, loadSeries } from './seriesRepository.js';
import type { RecurrenceInput, SeriesConflict, SeriesDetails } from './types.js';

/** The most occurrences an event type allows when it does not say (event_types.series_max_occurrences). */
export const DEFAULT_SERIES_MAX_OCCURRENCES = 12;

export interface ScheduleSeriesInput extends Omit<ScheduleBookingInput, 'idempotencyKey' | 'callerAddress'> {
  recurrence: RecurrenceInput;
  /** Book the free occurrences and list the others, instead of refusing the whole series. */
  allowPartial?: boolean;
}

export interface ScheduleSeriesResult {
  series: SeriesDetails;
  /** The booked occurrences, in order, each with the invitee's manage token (shown once). */
  occurrences: Array<{ index: number; booking: BookingDetails; manageToken: string }>;
  /** The occurrences not booked (only with allowPartial). */
  conflicts: SeriesConflict[];
}

/** "week 4", "month 2", or "meeting 3" when the series skips weeks or months. */
function occurrenceLabel(rule: SeriesRule, index: number): string {
  if (rule.interval !== 1) return `meeting ${index}`;
  return `${rule.frequency === 'weekly' ? 'week' : 'month'} ${index}`;
}

const REASON_WORDS: Record<string, string> = {
  taken: 'is taken',
  outside_hours: 'is outside working hours',
  limit_reached: 'falls on a full day (daily limit)',
  too_soon: 'is too soon',
  beyond_horizon: 'is too far ahead',
  in_past: 'has passed',
  off_grid: 'is not an offered start',
};

/** A conflict's `local`: its start on the wall clock of `zone`, "2026-12-22 10:00 Europe/Berlin". */
export function formatConflictStart(start: number, zone: string): string {
  return `${DateTime.fromMillis(start, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}

/** "Week 4, 2026-12-22 10:00 Europe/Berlin is taken; week 5, … is outside working hours". */
export function describeConflicts(conflicts: readonly SeriesConflict[]): string {
  const text = conflicts.map((c) => `${c.label}, ${c.local} ${REASON_WORDS[c.reason] ?? 'cannot be booked'}`).join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function requireRule(input: RecurrenceInput, eventType: EventTypeRow, max: number): SeriesRule {
  if (!eventType.allows_series) throw invalidField('recurrence', `the event type "${eventType.slug}" does not allow series`);
  if (input.frequency !== 'weekly' && input.frequency !== 'monthly') throw invalidField('recurrence.frequency', 'use weekly or monthly');
  if (input.count !== undefined && !(Number.isInteger(input.count) && input.count >= 2 && input.count <= max)) throw invalidField('recurrence.count', `count must be from 2 to ${max}`);
  if (eventType.kind === 'round_robin' || eventType.kind === 'group') throw invalidField('recurrence', `a ${eventType.kind} event type cannot be booked as a series`);
  return { frequency: input.frequency, interval: input.interval ?? 1, count: input.count, until: input.until };
}

/** The occurrence starts (at least 2), or validation_failed naming the recurrence field that is wrong. */
function expandOrRefuse(start: number, zone: string, rule: SeriesRule, max: number): number[] {
  let starts: number[];
  try {
    starts = expandSeries({ start, zone, rule, maxOccurrences: max });
  } catch (error) {
    if (error instanceof RangeError) throw invalidField(/end date/.test(error.message) ? 'recurrence.until' : 'recurrence', error.message);
    throw error;
  }
  if (starts.length < 2) throw invalidField('recurrence.until', 'a series has at least 2 meetings, and that end date leaves only the first one; pick a later date or book a single meeting');
  return starts;
}

interface Plan {
  eventType: EventTypeRow;
  rules: SlotRules;
  hostIds: string[];
  zone: string;
  rule: SeriesRule;
  starts: number[];
}

/**
 * The zone a series repeats in: that of the (first) host's working hours (their default
 * schedule), else their profile zone, so 16:00 New York stays 16:00 New York for a host whose
 * profile says Kolkata. Working hours and daily limits are checked in that same zone.
 */
async function seriesZone(trx: Knex, hostId: string): Promise<string> {
  const [host] = await loadHostRows(trx, [hostId]);
  if (!host) throw new DomainError('user_not_found', 'User was not found');
  return host.schedule.timezone;
}

async function planSeries(trx: Knex, input: ScheduleSeriesInput, start: number): Promise<Plan> {
  const eventType = await requireEventTypeBySlug(trx, input.team ? { team: input.team } : { user: input.user ?? '' }, input.eventType);
  const max = eventType.series_max_occurrences ?? DEFAULT_SERIES_MAX_OCCURRENCES;
  const rule = requireRule(input.recurrence, eventType, max);
  if (await isAwaitingHosts(trx, eventType)) throw hostsPendingError();
  const hostIds = await listEventTypeHostIds(trx, eventType);
  const zone = await seriesZone(trx, hostIds[0]!);
  const starts = expandOrRefuse(start, zone, rule, max);
  return { eventType, rules: rulesOfEventType(eventType), hostIds, zone, rule, starts };
}

/** Why `start` cannot be booked now (inside the transaction, after the earlier occurrences), or null when it can. */
async function occurrenceProblem(trx: Knex, plan: Plan, start: number, now: number): Promise<{ reason: string } | null> {
  const { slot, hosts } = await findSlot(trx, { rules: plan.rules, hostIds: plan.hostIds, start, now });
  if (slot) return null;
  const reason = hosts.length ? (explainUnavailableStart(engineOptions(plan.rules, hosts, windowAround(start, plan.rules.durationMinutes), now), start) ?? 'taken') : 'outside_hours';
  return { reason };
}

function conflictOf(plan: Plan, index: number, start: number, reason: string): SeriesConflict {
  const end = start + plan.rules.durationMinutes * MINUTE_MS;
  return { index, label: occurrenceLabel(plan.rule, index), start: new Date(start).toISOString(), end: new Date(end).toISOString(), local: formatConflictStart(start, plan.zone), reason };
}

/** Inserts one occurrence under a savepoint: an exclusion violation (a concurrent booking) rolls back only it. */
async function insertOccurrence(trx: Knex.Transaction, plan: Plan, input: ScheduleSeriesInput, start: number, now: Date, issue: ManageTokenIssuer): Promise<{ id: string; manageToken: string } | null> {
  const status: BookingStatus = plan.eventType.requires_approval ? 'pending' : 'scheduled';
  try {
    return await trx.transaction(async (sp) => {
      const { id, tokens } = await insertBooking(sp, {
        eventType: plan.eventType,
        title: plan.eventType.title,
        notes: input.notes ?? null,
        start,
        end: start + plan.rules.durationMinutes * MINUTE_MS,
        status,
        location: plan.eventType.location,
        source: input.source ?? 'api',
        createdByUserId: input.createdByUserId ?? null,
        assignmentReason: null,
        hostIds: plan.hostIds,
        bufferBeforeMinutes: plan.rules.bufferBeforeMinutes,
        bufferAfterMinutes: plan.rules.bufferAfterMinutes,
        holdsSlot: status === 'scheduled' || plan.eventType.pending_holds_slot,
        attendees: [input.invitee],
        actor: input.createdByUserId ? `user:${input.createdByUserId}` : `attendee:${input.invitee.email.toLowerCase()}`,
      }, now, issue);
      return { id, manageToken: Object.values(tokens)[0]! };
    });
  } catch (error) {
    if (sqlState(error) === PG.exclusionViolation) return null;
    throw error;
  }
}

/**
 * Books a series of an event type that allows series (`allows_series`): the occurrences the rule
 * gives from `start`, repeated in the zone of the host's working hours. Under the per-host advisory locks, each is
 * re-checked (hours, busy, notice, horizon, daily limits — earlier occurrences count) and written
 * under the exclusion constraint, all in one transaction. Any occurrence that cannot be booked
 * refuses the whole series, naming each one ("Week 4, 2026-12-22 10:00 Europe/Berlin is taken"),
 * unless `allowPartial`: then the free ones are booked and the others come back in `conflicts`.
 * Each occurrence is an ordinary booking (own id, manage token, calendar event) linked to the series.
 *
 * Throws user_not_found, team_not_found, event_type_not_found, validation_failed (recurrence not
 * allowed or malformed, too many occurrences), slot_unavailable (`details.reason` 'series_conflict',
 * `details.conflicts`; with allowPartial only when no occurrence is free; 'hosts_pending' while a
 * collective event type waits for a named host to accept).
 *
 * @example scheduleSeries(ctx, { user: 'ada', eventType: 'sync', start: '2026-12-01T09:00:00Z', invitee, recurrence: { frequency: 'weekly', count: 6 } })
 */
export async function scheduleSeries(ctx: BookingContext, typed: ScheduleSeriesInput): Promise<ScheduleSeriesResult> {
  const start = parseInstant(typed.start, 'start');
  const input = { ...typed, invitee: { ...typed.invitee, timezone: requireTimeZone(typed.invitee.timezone, 'invitee.timezone') } };
  return inTransaction(ctx.db, async (trx) => {
    const plan = await planSeries(trx, input, start);
    await lockHosts(trx, plan.hostIds);
    const now = ctx.clock.now();
    const seriesId = await insertSeries(trx, { eventTypeId: plan.eventType.id, rrule: toRrule(plan.rule, plan.zone), timezone: plan.zone, firstStart: start, durationMinutes: plan.rules.durationMinutes, createdByUserId: input.createdByUserId ?? null }, now);
    const booked: Array<{ index: number; id: string; manageToken: string }> = [];
    const conflicts: SeriesConflict[] = [];
    for (const [i, occurrenceStart] of plan.starts.entries()) {
      const problem = await occurrenceProblem(trx, plan, occurrenceStart, now.getTime());
      const made = problem ? null : await insertOccurrence(trx, plan, input, occurrenceStart, now, ctx.issueManageToken);
      if (!made) {
        conflicts.push(conflictOf(plan, i + 1, occurrenceStart, problem?.reason ?? 'taken'));
        continue;
      }
      await linkOccurrence(trx, made.id, { seriesId, index: i + 1, recurrenceStart: occurrenceStart });
      booked.push({ index: i + 1, ...made });
    }
    if (conflicts.length && (!input.allowPartial || booked.length === 0)) {
      const what = booked.length === 0 && input.allowPartial ? 'none of the meetings is free' : 'nothing was booked';
      const hint = input.allowPartial ? '' : ' Book the free ones with allowPartial, or pick another time.';
      throw new DomainError('slot_unavailable', `${describeConflicts(conflicts)}; ${what}.${hint}`, { details: { reason: 'series_conflict', conflicts, alternatives: [] } });
    }
    await notifySeriesCreated(ctx, trx, seriesId, booked, input);
    const bookings = await loadBookings(trx, booked.map((b) => b.id));
    return {
      series: (await loadSeries(trx, seriesId))!,
      occurrences: booked.map((b, i) => ({ index: b.index, booking: bookings[i]!, manageToken: b.manageToken })),
      conflicts,
    };
  });
}

/** Each occurrence is reported as created (calendar writes, webhooks); e-mail goes once, for the whole series. */
async function notifySeriesCreated(ctx: BookingContext, trx: Knex.Transaction, seriesId: string, booked: ReadonlyArray<{ id: string; manageToken: string }>, input: ScheduleSeriesInput): Promise<void> {
  const actor = `attendee:${input.invitee.email.toLowerCase()}`;
  const pending = (await trx('bookings').where({ id: booked[0]!.id }).first('status'))?.status === 'pending';
  let firstTokens: Record<string, string> | undefined;
  for (const b of booked) {
    const attendee: { id: string } = await trx('booking_attendees').where({ booking_id: b.id }).first('id');
    const manageTokens = { [attendee.id]: b.manageToken };
    firstTokens ??= manageTokens;
    await ctx.notifier.bookingChanged(trx, { type: pending ? 'requested' : 'created', bookingId: b.id, manageTokens, actor, seriesId });
  }
  await ctx.notifier.seriesChanged?.(trx, { type: pending ? 'requested' : 'created', seriesId, firstBookingId: booked[0]!.id, manageTokens: firstTokens, actor });
}
