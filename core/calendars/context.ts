/**
 * What every calendar use case runs with. Built once by createCalendarService.
 */
import type { Knex } from 'knex';
import type { BookingPaymentHooks } from '../booking/context.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { BookingNotifier } from '../notify/types.js';
import type { UrlPolicy } from '../webhooks/urls.js';
import type { SecretBox } from './secretBox.js';

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  oauthUrl: string;
  apiUrl: string;
}

export interface MicrosoftSettings {
  clientId: string;
  clientSecret: string;
  tenant: string;
  loginUrl: string;
  graphUrl: string;
}

export interface CalendarSettings {
  publicUrl: string;
  google: GoogleSettings | null;
  microsoft: MicrosoftSettings | null;
  outboxMaxAttempts: number;
  /** How far ahead events (and recurrences) are stored. */
  horizonDays: number;
  /** CALDAV_ALLOW_PRIVATE_URLS: whether a CalDAV server may be on this machine or the private network. */
  caldavPolicy: UrlPolicy;
}

/** Booking operations two-way sync needs (the booking service provides them). */
export interface BookingOperations {
  cancelBooking(id: string, input: { reason?: string | null }, actor: { userId?: string }): Promise<unknown>;
}

export interface CalendarContext {
  db: Knex;
  clock: Clock;
  logger: Logger;
  box: SecretBox;
  settings: CalendarSettings;
  /** Reports booking changes (e-mail to the invitee, calendar writes) inside their transaction. */
  notifier: BookingNotifier;
  bookings: BookingOperations;
  /**
   * Paid meetings (core/payments, the booking service's own hooks): a move the host makes in
   * their calendar is, for its payment, the host's reschedule. Absent: every meeting is free.
   */
  payments?: Pick<BookingPaymentHooks, 'bookingRescheduled'>;
  /** Conflict repair (core/repair): proposes other times for bookings an outside event now overlaps. */
  repairs?: { proposeRepairs(bookingIds: readonly string[], reason: string): Promise<unknown> };
  /** Called after a sync was queued (a push, a dropped batch): runs this process's dispatcher of syncs now, when it runs one (roles worker and all). */
  syncQueued?: () => void;
  /** Test hook: runs right after an event is created at the provider, before its id is stored. */
  afterProviderCreate?: (bookingId: string) => Promise<void>;
}

/** The horizon window stored events cover: from a day back to `horizonDays` ahead. */
export function syncWindow(ctx: CalendarContext): { from: number; to: number } {
  const now = ctx.clock.now().getTime();
  return { from: now - 86_400_000, to: now + ctx.settings.horizonDays * 86_400_000 };
}
