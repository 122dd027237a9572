import type { Knex } from 'knex';
import type { BookingDetails, BookingActor } from '../booking/types.js';
import type { Clock } from '../clock.js';
import type { BookingNotifier } from '../notify/types.js';

/** What conflict repair runs with. */
export interface RepairContext {
  db: Knex;
  clock: Clock;
  /** Signs the accept links. */
  secret: string;
  publicUrl: string;
  outboxMaxAttempts: number;
  /** Whether a chat platform is configured (SLACK_BOT_TOKEN or DISCORD_TOKEN): invitees with a linked account also get a direct message. */
  chat?: boolean;
  /** Hears of a booking given to another host (e-mails, calendars, reminders, webhooks), in the same transaction. */
  notifier: BookingNotifier;
  /** Moves a booking inside the caller's transaction (the booking service's reschedule). */
  rescheduleIn(trx: Knex, bookingId: string, start: string, actor: BookingActor): Promise<BookingDetails>;
}
