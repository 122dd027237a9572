/**
 * The activity notifier: on every booking change, inside the change's transaction, an
 * in-app notification for each person of the booking who has an account, and a webhook
 * event (with a delivery per matching subscription) for each host.
 */
import type { Clock } from '../clock.js';
import { recordWebhookEvent } from '../webhooks/record.js';
import { bookingEventData, bookingEventType } from '../webhooks/events.js';
import { formatMeetingTime } from './email/render.js';
import type { InboxWriter, NewInAppNotification } from './inbox/store.js';
import { loadChangeSnapshot, type MeetingSnapshot } from './meetingSnapshot.js';
import { reasonShownTo, type BookingChange, type BookingNotifier } from './types.js';

const HEADLINE: Record<BookingChange['type'], string> = {
  created: 'New meeting',
  requested: 'Approval needed',
  approved: 'Confirmed',
  declined: 'Declined',
  rescheduled: 'Rescheduled',
  canceled: 'Canceled',
  no_show: 'No-show',
  reassigned: 'New host',
  conference_added: 'Video link',
};

/** One notice per account holder of the booking (hosts, then invitees who have accounts). */
export function bookingNotices(snapshot: MeetingSnapshot, change: BookingChange): NewInAppNotification[] {
  const people = [
    ...[...snapshot.hosts, ...(change.previousHosts ?? [])].map((h) => ({ userId: h.id, timezone: h.timezone, host: true })),
    ...snapshot.attendees.flatMap((a) => (a.userId ? [{ userId: a.userId, timezone: a.timezone, host: false }] : [])),
  ];
  const seen = new Set<string>();
  const names = snapshot.attendees.map((a) => a.name).join(', ');
  const nowHosted = change.type === 'reassigned' ? ` Now hosted by ${snapshot.hosts.map((h) => h.name).join(', ')}.` : '';
  const out: NewInAppNotification[] = [];
  for (const p of people) {
    if (seen.has(p.userId)) continue;
    seen.add(p.userId);
    const shown = reasonShownTo(change, p.host);
    const reason = shown ? ` Reason: ${shown}` : '';
    out.push({
      userId: p.userId,
      kind: bookingEventType(change.type),
      title: `${HEADLINE[change.type]}: ${snapshot.title}${names ? ` with ${names}` : ''}`,
      body: `${formatMeetingTime(snapshot.start, snapshot.end, p.timezone)}.${nowHosted}${reason}`,
      bookingId: snapshot.id,
      dedupKey: `booking:${snapshot.id}:${change.type}:${snapshot.sequence}:${snapshot.updatedAt.toISOString()}:${p.userId}`,
    });
  }
  return out;
}

export interface CreateActivityNotifierOptions {
  clock: Clock;
  inbox: InboxWriter;
  /** How long webhook deliveries are retried. */
  retryForMs: number;
}

export function createActivityNotifier({ clock, inbox, retryForMs }: CreateActivityNotifierOptions): BookingNotifier {
  return {
    async bookingChanged(trx, change) {
      // A seat given up in a group session concerns that attendee only (core/booking/cancelSeat.ts): hosts are not told.
      if (change.attendeeIds && change.type === 'canceled') return;
      const snapshot = await loadChangeSnapshot(trx, change);
      if (!snapshot) return;
      await inbox.add(trx, bookingNotices(snapshot, change));
      const data = bookingEventData(snapshot, change);
      // A reassignment is announced to the hosts who lost the meeting too.
      for (const host of [...snapshot.hosts, ...(change.previousHosts ?? [])]) {
        await recordWebhookEvent(trx, { userId: host.id, type: bookingEventType(change.type), data, bookingId: snapshot.id }, { clock, retryForMs });
      }
    },
  };
}
