/**
 * A small, hand-checked dataset for the analytics suites: two hosts in two zones (ada in
 * Europe/Berlin with a schedule, ben in America/New_York on the default hours), a team
 * `sales` (weights 100 / 300) owning both event types (`intro`, round-robin `rr`), two weeks
 * around Berlin's DST end (2026-10-25), every status. B10 is ben's own ad hoc meeting: in his
 * figures and everyone's, not in the team's. The expected figures in the tests were worked out
 * by hand from the table below.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface SeedBooking {
  key: string;
  host: 'ada' | 'ben';
  start: string;
  minutes: number;
  status: 'pending' | 'scheduled' | 'completed' | 'no_show' | 'canceled' | 'rejected';
  created: string;
  attendee: string;
  eventType: 'intro' | 'rr' | null;
  canceledBy?: string;
  canceledAt?: string;
  rescheduledBy?: string;
}

/** start (UTC) · Berlin wall time · New York wall time */
export const SEED_BOOKINGS: SeedBooking[] = [
  { key: 'B1', host: 'ada', start: '2026-10-19T08:00:00Z', minutes: 30, status: 'completed', created: '2026-10-18T08:00:00Z', attendee: 'ann@x.org', eventType: 'intro' }, // Mon 10:00 CEST · Mon 04:00
  { key: 'B2', host: 'ada', start: '2026-10-20T08:00:00Z', minutes: 60, status: 'no_show', created: '2026-10-19T20:00:00Z', attendee: 'Ann@X.org', eventType: 'intro' }, // Tue 10:00 · Tue 04:00
  { key: 'B3', host: 'ada', start: '2026-10-26T09:00:00Z', minutes: 30, status: 'completed', created: '2026-10-12T09:00:00Z', attendee: 'bob@x.org', eventType: 'intro' }, // Mon 10:00 CET · Mon 05:00
  { key: 'B4', host: 'ada', start: '2026-10-27T09:00:00Z', minutes: 30, status: 'canceled', created: '2026-10-20T09:00:00Z', attendee: 'bob@x.org', eventType: 'intro', canceledBy: 'attendee:bob@x.org', canceledAt: '2026-10-26T21:00:00Z' },
  { key: 'B5', host: 'ben', start: '2026-10-19T14:00:00Z', minutes: 30, status: 'completed', created: '2026-10-19T13:30:00Z', attendee: 'cara@x.org', eventType: 'rr' }, // Mon 16:00 · Mon 10:00 EDT
  { key: 'B6', host: 'ben', start: '2026-10-28T14:00:00Z', minutes: 30, status: 'no_show', created: '2026-10-27T14:00:00Z', attendee: 'ann@x.org', eventType: 'rr' }, // Wed 15:00 · Wed 10:00
  { key: 'B7', host: 'ada', start: '2026-10-29T10:00:00Z', minutes: 30, status: 'scheduled', created: '2026-10-22T10:00:00Z', attendee: 'dan@x.org', eventType: 'intro', rescheduledBy: 'host:ada' }, // Thu 11:00 · Thu 06:00
  { key: 'B8', host: 'ada', start: '2026-10-30T09:00:00Z', minutes: 30, status: 'completed', created: '2026-10-29T09:00:00Z', attendee: 'eve@x.org', eventType: 'rr' }, // Fri 10:00 · Fri 05:00
  { key: 'B9', host: 'ben', start: '2026-10-22T14:00:00Z', minutes: 30, status: 'rejected', created: '2026-10-21T14:00:00Z', attendee: 'gus@x.org', eventType: 'rr', canceledBy: 'host:ben', canceledAt: '2026-10-21T15:00:00Z' },
  { key: 'B10', host: 'ben', start: '2026-10-23T14:00:00Z', minutes: 30, status: 'canceled', created: '2026-10-16T14:00:00Z', attendee: 'hal@x.org', eventType: null, canceledBy: 'host:ben', canceledAt: '2026-10-23T13:00:00Z' },
  { key: 'B11', host: 'ada', start: '2026-10-25T22:30:00Z', minutes: 30, status: 'completed', created: '2026-10-25T20:30:00Z', attendee: 'fay@x.org', eventType: 'intro' }, // Sun 23:30 CET (after the change) · Sun 18:30 · Mon 07:30 in Tokyo
  { key: 'OUT', host: 'ada', start: '2026-11-03T09:00:00Z', minutes: 30, status: 'scheduled', created: '2026-10-30T09:00:00Z', attendee: 'ann@x.org', eventType: 'intro' }, // after the range
];

/** Ada's working hours: Mon–Fri 09–17 and whole Sundays (25 hours on 2026-10-25) in Berlin; Friday 2026-10-30 only 09–12. */
export const ADA_SCHEDULE = {
  timezone: 'Europe/Berlin',
  weekly: [...['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })), { day: 'sun', start: '00:00', end: '24:00' }],
  overrides: [{ date: '2026-10-30', intervals: [{ start: '09:00', end: '12:00' }] }],
};

/** Inserts the team, event types, schedule and bookings for users `ada` and `ben` (already registered). */
export async function seedAnalytics(db: Knex, users: { ada: string; ben: string }): Promise<Record<string, string>> {
  await db('users').where({ id: users.ada }).update({ timezone: 'Europe/Berlin' });
  await db('users').where({ id: users.ben }).update({ timezone: 'America/New_York' });
  await db('schedules').insert({ user_id: users.ada, timezone: ADA_SCHEDULE.timezone, weekly: JSON.stringify(ADA_SCHEDULE.weekly), overrides: JSON.stringify(ADA_SCHEDULE.overrides), is_default: true });
  const [team] = await db('teams').insert({ slug: 'sales', name: 'Sales' }).returning('id');
  await db('team_members').insert([
    { team_id: team.id, user_id: users.ada, weight: 100 },
    { team_id: team.id, user_id: users.ben, weight: 300 },
  ]);
  const [intro] = await db('event_types').insert({ team_id: team.id, slug: 'intro', title: 'Intro', duration_minutes: 30 }).returning('id');
  const [rr] = await db('event_types').insert({ team_id: team.id, slug: 'rr', title: 'Demo', kind: 'round_robin', duration_minutes: 30 }).returning('id');
  const ids: Record<string, string> = {};
  for (const b of SEED_BOOKINGS) {
    const id = randomUUID();
    ids[b.key] = id;
    const end = new Date(new Date(b.start).getTime() + b.minutes * 60_000).toISOString();
    await db('bookings').insert({
      id, event_type_id: b.eventType === 'intro' ? intro.id : b.eventType === 'rr' ? rr.id : null, title: `Meeting ${b.key}`, start_at: b.start, end_at: end, status: b.status,
      ical_uid: `${id}@test`, created_at: b.created, updated_at: b.created, canceled_by: b.canceledBy ?? null, cancel_reason: b.canceledBy ? 'Cannot make it' : null, notes: b.key === 'B1' ? 'Agenda, "quoted"\nsecond line' : null,
    });
    await db('booking_hosts').insert({ booking_id: id, user_id: b.host === 'ada' ? users.ada : users.ben, busy: `[${b.start},${end})`, active: !['canceled', 'rejected'].includes(b.status) });
    await db('booking_attendees').insert({ booking_id: id, name: b.attendee.split('@')[0], email: b.attendee, timezone: 'UTC', manage_token_hash: randomUUID() });
    await db('booking_status_history').insert({ booking_id: id, from_status: null, to_status: b.status === 'rejected' ? 'pending' : 'scheduled', actor: 'system', at: b.created });
    if (b.canceledAt) await db('booking_status_history').insert({ booking_id: id, from_status: 'scheduled', to_status: b.status, actor: b.canceledBy, at: b.canceledAt });
    if (b.rescheduledBy) await db('booking_status_history').insert({ booking_id: id, from_status: 'scheduled', to_status: 'scheduled', actor: b.rescheduledBy, at: b.created, details: JSON.stringify({ rescheduledFrom: '2026-10-28T10:00:00.000Z', rescheduledTo: b.start }) });
  }
  return ids;
}
