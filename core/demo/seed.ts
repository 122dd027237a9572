import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords.js';

export const DEMO_USER = {
  email: 'demo@yava.local',
  username: 'demo',
  name: 'Demo Host',
  password: 'yava-demo-password',
  timezone: 'Europe/Berlin',
};

const DEMO_WEEKLY = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((day) => [
  { day, start: '09:00', end: '12:00' },
  { day, start: '13:00', end: '17:00' },
]);

const DEMO_EVENT_TYPES = [
  { slug: 'intro', title: 'Intro call', description: 'A quick first conversation.', duration_minutes: 30, buffer_after_minutes: 0, minimum_notice_minutes: 60 },
  { slug: 'deep-dive', title: 'Deep dive', description: 'An hour to work through something together.', duration_minutes: 60, buffer_before_minutes: 10, buffer_after_minutes: 10, minimum_notice_minutes: 240 },
];

/**
 * Demo data: a host with working hours and two event types. Idempotent: running it
 * again leaves existing rows as they are.
 */
export async function seedDemo(db: Knex, options: { bcryptCost: number }): Promise<{ created: boolean }> {
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [7_001]);
    let user = await trx('users').whereRaw('lower(username) = ?', [DEMO_USER.username]).first();
    const created = !user;
    if (!user) {
      const { count } = (await trx('users').count<{ count: number }[]>('* as count'))[0]!;
      [user] = await trx('users')
        .insert({
          email: DEMO_USER.email,
          username: DEMO_USER.username,
          name: DEMO_USER.name,
          password_hash: await hashPassword(DEMO_USER.password, options.bcryptCost),
          role: Number(count) === 0 ? 'admin' : 'user',
          timezone: DEMO_USER.timezone,
          // The demo account's address is ours: it counts as verified.
          email_verified_at: trx.fn.now(),
        })
        .returning('*');
    }
    if (!created && !user.email_verified_at && user.email === DEMO_USER.email) {
      await trx('users').where({ id: user.id }).update({ email_verified_at: trx.fn.now() });
    }
    const schedule = await trx('schedules').where({ user_id: user.id, is_default: true }).first();
    if (!schedule) {
      await trx('schedules').insert({ user_id: user.id, timezone: DEMO_USER.timezone, weekly: JSON.stringify(DEMO_WEEKLY), overrides: JSON.stringify([]), is_default: true });
    }
    for (const eventType of DEMO_EVENT_TYPES) {
      const exists = await trx('event_types').where({ owner_user_id: user.id, slug: eventType.slug }).whereNull('archived_at').first();
      if (exists) continue;
      const [row] = await trx('event_types').insert({ ...eventType, owner_user_id: user.id, kind: 'one_on_one' }).returning('id');
      await trx('event_type_hosts').insert({ event_type_id: row.id, user_id: user.id });
    }
    return { created };
  });
}
