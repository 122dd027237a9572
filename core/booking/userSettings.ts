/**
 * A user's own settings (zone, display name, daily meeting limit) and lookups by username.
 */
import type { LocalWindow } from '../availability/ranking.js';
import { User } from '../db/models.js';
import { DomainError } from '../errors.js';
import type { SchedulingContext } from './context.js';
import { invalidField, requireTimeZone } from './inputs.js';
import { requireUserByUsername, type UserRef } from './records.js';

export interface UpdateUserSettingsInput {
  timezone?: string;
  name?: string;
  /** null removes the limit. */
  dailyMeetingLimit?: number | null;
  /** Meetings per ISO week (Monday–Sunday in the host's zone), across event types; null removes it. */
  weeklyMeetingLimit?: number | null;
  /** Hours the user likes to meet in (their zone), for smart times; null or [] removes them. */
  preferredHours?: LocalWindow[] | null;
  /** Focus blocks smart times keep free when it can; null or [] removes them. */
  focusBlocks?: LocalWindow[] | null;
}

function requireWindows(field: string, windows: LocalWindow[] | null): string | null {
  if (windows === null || windows.length === 0) return null;
  for (const w of windows) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(w.start) || !/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(w.end) || w.end <= w.start) throw invalidField(field, 'expected {start: "HH:MM", end: "HH:MM"} with end after start');
    if (w.days && !w.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) throw invalidField(field, 'days are ISO weekdays 1 (Monday) to 7 (Sunday)');
  }
  return JSON.stringify(windows.map((w) => ({ start: w.start, end: w.end, ...(w.days ? { days: w.days } : {}) })));
}

/** Updates the user's zone, name, daily or weekly meeting limit (null = none), preferred hours and focus blocks. Throws validation_failed, user_not_found. */
export async function updateUserSettings(ctx: SchedulingContext, userId: string, input: UpdateUserSettingsInput): Promise<User> {
  const patch: Record<string, unknown> = {};
  if (input.timezone !== undefined) patch.timezone = requireTimeZone(input.timezone);
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.dailyMeetingLimit !== undefined) {
    if (input.dailyMeetingLimit !== null && !(Number.isInteger(input.dailyMeetingLimit) && input.dailyMeetingLimit > 0)) throw invalidField('dailyMeetingLimit', 'expected a positive whole number or null');
    patch.daily_meeting_limit = input.dailyMeetingLimit;
  }
  if (input.weeklyMeetingLimit !== undefined) {
    if (input.weeklyMeetingLimit !== null && !(Number.isInteger(input.weeklyMeetingLimit) && input.weeklyMeetingLimit > 0)) throw invalidField('weeklyMeetingLimit', 'expected a positive whole number or null');
    patch.weekly_meeting_limit = input.weeklyMeetingLimit;
  }
  if (input.preferredHours !== undefined) patch.preferred_hours = requireWindows('preferredHours', input.preferredHours);
  if (input.focusBlocks !== undefined) patch.focus_blocks = requireWindows('focusBlocks', input.focusBlocks);
  if (Object.keys(patch).length) await ctx.db('users').where({ id: userId }).update({ ...patch, updated_at: ctx.clock.now() });
  const user = await User.query(ctx.db).findById(userId);
  if (!user) throw new DomainError('user_not_found', 'User was not found');
  return user;
}

/** Resolves a username (case-insensitive). Throws user_not_found. */
export function findUser(ctx: SchedulingContext, username: string): Promise<UserRef> {
  return requireUserByUsername(ctx.db, username);
}
