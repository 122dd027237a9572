/**
 * A user's working hours: the default schedule (weekly rules and date overrides in a zone).
 */
import { compileSchedule } from '../availability/index.js';
import type { DateOverride, Schedule, WeeklyRule } from '../availability/types.js';
import { DomainError } from '../errors.js';
import type { SchedulingContext } from './context.js';
import { invalidField, requireTimeZone } from './inputs.js';
import { loadHostRows } from './loader.js';
import type { ScheduleDetails } from './types.js';

export interface SaveScheduleInput {
  timezone: string;
  weekly: WeeklyRule[];
  overrides?: DateOverride[];
}

/** What is wrong with a schedule, or null. */
function scheduleError(schedule: Schedule): string | null {
  try {
    compileSchedule(schedule);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'invalid working hours';
  }
}

/** Checks the schedule; an error names the part that is wrong (the weekly rules, else the date overrides). */
function validateSchedule(input: Schedule): Schedule {
  const schedule = { ...input, timezone: requireTimeZone(input.timezone) };
  const error = scheduleError(schedule);
  if (error) throw invalidField(scheduleError({ ...schedule, overrides: [] }) ? 'weekly' : 'overrides', error);
  return schedule;
}

/** The user's default schedule, or Mon–Fri 09:00–17:00 in their zone (`saved: false`). Throws user_not_found. */
export async function getSchedule(ctx: SchedulingContext, userId: string): Promise<ScheduleDetails> {
  const [host] = await loadHostRows(ctx.db, [userId]);
  if (!host) throw new DomainError('user_not_found', 'User was not found');
  const saved = await ctx.db('schedules').where({ user_id: userId, is_default: true }).first('id');
  return { ...host.schedule, saved: Boolean(saved) };
}

/**
 * Replaces the user's default schedule. Empty `intervals` in an override = day off.
 * Throws validation_failed (unknown zone, malformed or reversed times, unknown weekday).
 *
 * @example saveSchedule(ctx, userId, { timezone: 'Europe/Berlin', weekly: [{ day: 'mon', start: '09:00', end: '17:00' }] })
 */
export async function saveSchedule(ctx: SchedulingContext, userId: string, input: SaveScheduleInput): Promise<ScheduleDetails> {
  const schedule = validateSchedule({ timezone: input.timezone, weekly: input.weekly, overrides: input.overrides ?? [] });
  return changeSchedule(ctx, userId, () => schedule);
}

/**
 * Read, change and write the user's default schedule in one transaction under a per-user lock, so two
 * changes at once (two date overrides added from two tabs) both land, with or without a saved row. `change` gets the current
 * schedule (the default Mon–Fri 09–17 when none is saved) and returns the next; it may throw.
 * The result is validated as saveSchedule does. Throws validation_failed, user_not_found.
 */
export async function changeSchedule(ctx: SchedulingContext, userId: string, change: (current: Schedule) => Schedule): Promise<ScheduleDetails> {
  return ctx.db.transaction(async (trx) => {
    // A lock per user rather than on the row: the first change of a user without a saved schedule has no row to lock.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`yava:schedule:${userId}`]);
    const existing: { id: string } | undefined = await trx('schedules').where({ user_id: userId, is_default: true }).first('id');
    const [host] = await loadHostRows(trx, [userId]);
    if (!host) throw new DomainError('user_not_found', 'User was not found');
    const schedule = validateSchedule(change(host.schedule));
    const values = { timezone: schedule.timezone, weekly: JSON.stringify(schedule.weekly), overrides: JSON.stringify(schedule.overrides), updated_at: ctx.clock.now() };
    if (existing) await trx('schedules').where({ id: existing.id }).update(values);
    else await trx('schedules').insert({ ...values, user_id: userId, is_default: true });
    return { timezone: schedule.timezone, weekly: schedule.weekly, overrides: schedule.overrides, saved: true };
  });
}
