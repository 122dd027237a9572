import type { User } from '../../core/db/models.js';

/** The fields of a user that leave the API; never the password hash or feed token. */
export function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    emailVerified: Boolean(user.email_verified_at),
    username: user.username,
    name: user.name,
    role: user.role,
    timezone: user.timezone,
    dailyMeetingLimit: user.daily_meeting_limit,
    weeklyMeetingLimit: user.weekly_meeting_limit ?? null,
    preferredHours: user.preferred_hours ?? null,
    focusBlocks: user.focus_blocks ?? null,
    createdAt: new Date(user.created_at).toISOString(),
  };
}

/** Public view of a user, for booking pages and other people's meetings. */
export function presentPublicUser(user: Pick<User, 'username' | 'name' | 'timezone'>) {
  return { username: user.username, name: user.name, timezone: user.timezone };
}
