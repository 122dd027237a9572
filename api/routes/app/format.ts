/** How the dashboard writes statuses and times. */
import { DateTime } from 'luxon';
import type { BookingDetails } from '../../../core/booking/types.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { formatWallClockTime } from '../../../core/time/wallClock.js';

export const STATUSES = ['scheduled', 'pending', 'canceled', 'completed', 'no_show', 'rejected'] as const;
export const STATUS_LABELS: Record<string, string> = { scheduled: 'Confirmed', pending: 'Pending', pending_payment: 'Awaiting payment', canceled: 'Canceled', completed: 'Completed', no_show: 'No-show', rejected: 'Declined' };

export const statusBadge = (status: string): SafeHtml => html`<span class="status ${status}">${STATUS_LABELS[status] ?? status}</span>`;

/** "Tue 24 Nov, 09:00–09:30" in the viewer's zone ("02:00 CEST" for a time the autumn change repeats). */
export function shortRange(m: Pick<BookingDetails, 'start' | 'end'>, zone: string): string {
  const s = DateTime.fromISO(m.start, { zone }).setLocale('en-GB');
  return `${s.toFormat('ccc d LLL')}, ${formatWallClockTime(s)}–${formatWallClockTime(DateTime.fromISO(m.end, { zone }))}`;
}

/** "Tuesday 24 November 2026, 09:00–09:30 (Europe/Berlin)", a repeated time with its offset's name. */
export function fullRange(m: Pick<BookingDetails, 'start' | 'end'>, zone: string): string {
  const s = DateTime.fromISO(m.start, { zone }).setLocale('en-GB');
  return `${s.toFormat('cccc d LLLL yyyy')}, ${formatWallClockTime(s)}–${formatWallClockTime(DateTime.fromISO(m.end, { zone }))} (${zone.replace(/_/g, ' ')})`;
}


/** "24 Nov 2026, 11:00": an instant (a status change, a refund) in the viewer's zone. */
export function instantIn(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm');
}
