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

function validateSchedule(input: Schedule): void {
  requireTimeZone(input.timezone);
  try {
    compileSchedule(input);
  } catch (error) {
    throw invalidField('weekly', error instanceof Error ? error.message : 'invalid working hours');
  }
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
  const schedule: Schedule = { timezone: input.timezone, weekly: input.weekly, overrides: input.overrides ?? [] };
  validateSchedule(schedule);
  await ctx.db.transaction(async (trx) => {
    const existing: { id: string } | undefined = await trx('schedules').where({ user_id: userId, is_default: true }).forUpdate().first('id');
    const values = { timezone: schedule.timezone, weekly: JSON.stringify(schedule.weekly), overrides: JSON.stringify(schedule.overrides), updated_at: ctx.clock.now() };
    if (existing) await trx('schedules').where({ id: existing.id }).update(values);
    else await trx('schedules').insert({ ...values, user_id: userId, is_default: true });
  });
  return { ...schedule, saved: true };
}
