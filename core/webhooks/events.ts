/**
 * Webhook events: the types a subscription can ask for and the body every receiver gets,
 * `{id, type, createdAt, data}` (schema version 1, documented in the README under
 * "Outgoing webhooks"). A booking event's `data` is built from the booking as it is inside
 * the transaction that changed it, so what a receiver reads is what was committed.
 */
import type { MeetingSnapshot } from '../notify/meetingSnapshot.js';
import type { BookingChange } from '../notify/types.js';

/** The schema version of the body, sent as `Yava-Webhook-Version`; a breaking change gets a new one. */
export const WEBHOOK_SCHEMA_VERSION = '1';

export const WEBHOOK_EVENT_TYPES = [
  'booking.created',
  'booking.requested',
  'booking.approved',
  'booking.declined',
  'booking.rescheduled',
  'booking.canceled',
  'booking.no_show',
  'booking.reassigned',
  'booking.conference_added',
  'payment.succeeded',
  'payment.refunded',
  'payment.refund_failed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** What a receiver gets, byte for byte (serialised once, signed as sent). */
export interface WebhookEventBody {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
}

/** The event type a booking change is announced as. */
export function bookingEventType(change: BookingChange['type']): WebhookEventType {
  return `booking.${change}` as WebhookEventType;
}

const person = (p: { id: string; name: string; email: string; timezone: string }) => ({ id: p.id, name: p.name, email: p.email, timezone: p.timezone });

/**
 * `data` of a booking event (schema 1): the booking now, and what this change did
 * (`previous` for a reschedule, `previousHosts` for a reassignment, `reason` for a cancel or
 * decline, `actor`: who acted).
 */
export function bookingEventData(snapshot: MeetingSnapshot, change: BookingChange): Record<string, unknown> {
  return {
    booking: {
      id: snapshot.id,
      status: snapshot.status,
      title: snapshot.title,
      start: snapshot.start.toISOString(),
      end: snapshot.end.toISOString(),
      location: snapshot.location,
      kind: snapshot.kind,
      eventTypeId: snapshot.eventTypeId,
      icalUid: snapshot.icalUid,
      sequence: snapshot.sequence,
      hosts: snapshot.hosts.map(person),
      attendees: snapshot.attendees.map(person),
    },
    previous: change.previousStart && change.previousEnd ? { start: change.previousStart, end: change.previousEnd } : null,
    // booking.reassigned: who hosted it before (booking.hosts is who hosts it now).
    ...(change.type === 'reassigned' ? { previousHosts: (change.previousHosts ?? []).map(person) } : {}),
    reason: change.reason ?? null,
    actor: change.actor ?? null,
  };
}
