import { expect } from 'chai';
import type { Knex } from 'knex';
import { createFixedClock } from '../../../core/clock.js';
import { createBookingService, createSchedulingService } from '../../../core/booking/index.js';
import { DomainError } from '../../../core/errors.js';
import type { EmailPayload } from '../../../core/notify/outbox.js';
import type { BookingChange, BookingNotifier } from '../../../core/notify/types.js';
import { resetTestDb } from '../../helpers/db.js';

/** Resolves when `promise` rejects with a DomainError of `code`; returns that error. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    expect((error as DomainError).code).to.equal(code);
    return error as DomainError;
  }
  return expect.fail(`expected ${code}`);
}

/**
 * An empty database with three users (ada in UTC, bob in Berlin, cy in New York, all on the
 * default Mon–Fri 09–17 schedule), ada's "intro" event type (30 min, buffers 5/10, daily limit 5),
 * a clock fixed at Tuesday 2026-11-24 10:00Z, and a notifier that records what it is told and
 * whether it ran inside the booking's transaction.
 */
export async function setUpBookingWorld() {
  const db: Knex = (await resetTestDb()).knex;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const changes: Array<BookingChange & { inTransaction: boolean }> = [];
  const notifier: BookingNotifier = {
    async bookingChanged(trx, change) {
      // Runs inside the booking's transaction: it sees the uncommitted row through trx.
      const row = await trx('bookings').where({ id: change.bookingId }).first('status');
      changes.push({ ...change, inTransaction: Boolean(row) && trx.isTransaction === true });
    },
  };
  const scheduling = createSchedulingService({ db, clock });
  const booking = createBookingService({ db, clock, notifier });
  const users: Record<'ada' | 'bob' | 'cy', string> = { ada: '', bob: '', cy: '' };
  for (const [username, timezone] of [['ada', 'UTC'], ['bob', 'Europe/Berlin'], ['cy', 'America/New_York']] as const) {
    const [row] = await db('users').insert({ email: `${username}@x.org`, username, name: username.toUpperCase(), password_hash: 'x', timezone }).returning('id');
    users[username] = row.id;
  }
  await scheduling.createEventType(users.ada, { slug: 'intro', title: 'Intro', durationMinutes: 30, bufferBeforeMinutes: 5, bufferAfterMinutes: 10, dailyLimit: 5 });
  return { db, clock, changes, notifier, scheduling, booking, users };
}

export type BookingWorld = Awaited<ReturnType<typeof setUpBookingWorld>>;

/** The payloads of the e-mails queued in the outbox to `email`, oldest first. */
export async function emailsQueuedTo(db: Knex, email: string): Promise<EmailPayload[]> {
  const rows: Array<{ payload: unknown }> = await db('outbox').where({ channel: 'email' }).orderBy('seq');
  return rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as EmailPayload).filter((p) => p.to === email);
}

/** An invitee for scheduleBooking. */
export const invitee = (name = 'G', email = 'g@x.org', timezone = 'UTC') => ({ name, email, timezone });
