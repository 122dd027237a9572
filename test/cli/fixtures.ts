import { DateTime } from 'luxon';
import type { RunningServer } from '../../server/compose.js';
import { apiClient, registerUser, type ApiCall } from '../helpers/server.js';

export const ZONE = 'Europe/Berlin';
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** A weekday at least `minDays` ahead (so minimum notice and "today" never interfere). */
export function futureWeekday(minDays = 8): DateTime {
  let d = DateTime.now().setZone(ZONE).startOf('day').plus({ days: minDays });
  while (d.weekday > 5) d = d.plus({ days: 1 });
  return d;
}

export interface Person {
  username: string;
  email: string;
  pat: string;
  accessToken: string;
}

/** A user with working hours 09:00–17:00 Berlin on weekdays and a personal access token. */
export async function createPerson(call: ApiCall, username: string): Promise<Person> {
  const s = await registerUser(call, { username, timezone: ZONE });
  const sched = await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: ZONE, weekly: WEEKDAYS.map((day) => ({ day, start: '09:00', end: '17:00' })), overrides: [] } });
  if (sched.status !== 200) throw new Error(`schedule: ${sched.status} ${sched.text}`);
  const pat = await call('POST', '/api/tokens', { token: s.accessToken, body: { name: 'cli tests' } });
  return { username, email: s.email, pat: pat.body.token, accessToken: s.accessToken };
}

export async function createEventType(call: ApiCall, person: Person, body: Record<string, unknown>) {
  const res = await call('POST', '/api/event-types', { token: person.accessToken, body });
  if (res.status !== 201) throw new Error(`event type: ${res.status} ${res.text}`);
  return res.body;
}

export const envFor = (server: RunningServer, person: Person | null, configHome: string) => ({
  XDG_CONFIG_HOME: configHome,
  YAVA_SERVER: server.url,
  YAVA_TOKEN: person?.pat,
});

export { apiClient };
