/**
 * The outbox notifier: turns a booking change into outbox rows, written with the
 * change's own transaction, so the messages commit or roll back with it (invariant 3).
 * Everything a sender needs is rendered into the payload now; the dispatcher only sends.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { currentRequestId } from '../requestContext.js';
import { buildCalendar, type IcsMethod } from '../ics/calendar.js';
import { renderBookingEmail, type EmailLinks, type EmailRecipient } from './email/render.js';
import { loadChangeSnapshot, loadMeetingSnapshot, seenByAttendee, toIcsMeeting, type MeetingSnapshot } from './meetingSnapshot.js';
import { buildReassignedOccurrence, buildSeriesInvite } from './seriesSnapshot.js';
import { attendeeManageTokens } from './attendeeTokens.js';
import { meetingLink } from '../feeds/viewLinks.js';
import type { BookingChange, BookingNotifier, SeriesChange } from './types.js';

/** What an 'email' outbox row carries. */
export interface EmailPayload {
  to: string;
  toName: string;
  subject: string;
  text: string;
  html: string;
  ics: string | null;
  icsMethod: IcsMethod | null;
  /** One-click unsubscribe link (RFC 8058 List-Unsubscribe headers are added when set). */
  unsubscribeUrl?: string | null;
  /** Files sent with the message (a receipt's invoice PDF), base64 so the payload stays JSON. */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export interface NewOutboxMessage {
  channel: string;
  idempotencyKey: string;
  payload: unknown;
  bookingId?: string | null;
  /** When it may go out (a reminder's instant); default now. */
  dueAt?: Date;
}

export interface EnqueueOptions {
  clock: Clock;
  maxAttempts: number;
}

/**
 * Inserts outbox rows with `trx`. A key that is already there is skipped (the same
 * message is never queued twice), so a retried change is harmless.
 */
export async function enqueueOutboxMessages(trx: Knex | Knex.Transaction, messages: NewOutboxMessage[], { clock, maxAttempts }: EnqueueOptions): Promise<void> {
  if (!messages.length) return;
  const now = clock.now();
  await trx('outbox')
    .insert(
      messages.map((m) => ({
        channel: m.channel,
        idempotency_key: m.idempotencyKey,
        payload: JSON.stringify(m.payload),
        status: 'pending',
        attempts: 0,
        max_attempts: maxAttempts,
        next_attempt_at: m.dueAt ?? now,
        booking_id: m.bookingId ?? null,
        request_id: currentRequestId(),
        created_at: now,
      })),
    )
    .onConflict('idempotency_key')
    .ignore();
}

/** The SMTP Message-ID for an idempotency key: the same key always gives the same id. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

export interface CreateOutboxNotifierOptions {
  clock: Clock;
  /** Base URL for links in messages, e.g. https://yava.example.com. */
  publicUrl: string;
  maxAttempts: number;
  /**
   * The server's secret: recomputes the invitees' manage tokens for e-mails sent after the booking
   * (core/booking/manageTokens.ts), and signs the read-only meeting link where none can be.
   */
  viewSecret?: string;
  /** Post-processes the messages of a change before they are queued (preferences, unsubscribe links). */
  decorate?: (trx: Knex.Transaction, messages: NewOutboxMessage[], change: BookingChange) => Promise<NewOutboxMessage[]>;
}

const METHOD_BY_CHANGE: Record<BookingChange['type'], IcsMethod | null> = {
  created: 'REQUEST',
  requested: null,
  approved: 'REQUEST',
  rescheduled: 'REQUEST',
  canceled: 'CANCEL',
  declined: null,
  no_show: null,
  reassigned: 'REQUEST',
  conference_added: 'REQUEST',
};

/**
 * Manage links: with the attendee's plain token when there is one (told by the change at booking,
 * or recomputed: core/notify/attendeeTokens.ts), else the meeting's signed read-only summary when a secret is
 * given (core/feeds/viewLinks.ts), else the bare page (which asks for the link with a token).
 */
export function manageLinks(publicUrl: string, bookingId: string, token?: string, viewSecret?: string): EmailLinks {
  if (!token) return { manage: meetingLink(publicUrl, bookingId, viewSecret) };
  const base = `${publicUrl}/meetings/${encodeURIComponent(bookingId)}`;
  const q = `?token=${encodeURIComponent(token)}`;
  return { manage: `${base}${q}`, reschedule: `${base}/reschedule${q}`, cancel: `${base}${q}#cancel` };
}

/** An attendee's own join link (group sessions), when the change carries its token. */
export function joinLink(publicUrl: string, token?: string): EmailLinks {
  return token ? { join: `${publicUrl}/j/${encodeURIComponent(token)}` } : {};
}

/** Who booked: the signed-in user who did (an ad-hoc organizer), else the first invitee (booking page). */
function bookedBy(snapshot: MeetingSnapshot): { name: string; email: string } | null {
  const person = snapshot.createdByUserId ? [...snapshot.hosts, ...snapshot.attendees].find((p) => p.id === snapshot.createdByUserId || ('userId' in p && p.userId === snapshot.createdByUserId)) : undefined;
  return person ?? snapshot.attendees[0] ?? null;
}

export interface BuildBookingEmailsOptions {
  publicUrl: string;
  now: Date;
  seriesIcs?: string | null;
  /** The method of `seriesIcs` when it is not the change's own (some meetings of a series canceled: an updated series, REQUEST). */
  icsMethod?: IcsMethod | null;
  /** The meetings a series change is about, when it names several (the ones canceled). */
  occurrences?: Array<{ start: Date; end: Date }>;
  formerHostIcs?: string;
  viewSecret?: string;
  manageTokens?: Record<string, string>;
}

/** The e-mails one change causes: one per attendee and one per host. */
export function buildBookingEmails(snapshot: MeetingSnapshot, change: BookingChange, options: BuildBookingEmailsOptions): NewOutboxMessage[] {
  // The invite's URL: the meeting's signed read-only summary (a bare /meetings/<id> asks for a token).
  const meetingUrl = meetingLink(options.publicUrl, snapshot.id, options.viewSecret);
  // A request given to another host is still a request: no invite until it is approved.
  const method = options.icsMethod !== undefined ? options.icsMethod : change.type === 'reassigned' && snapshot.status !== 'scheduled' ? null : METHOD_BY_CHANGE[change.type];
  // One invite goes to everyone: as an attendee of a group session may see it.
  const icsSnapshot = seenByAttendee(snapshot);
  // An occurrence of a series carries the whole series (RRULE, EXDATE, RECURRENCE-ID), so calendar apps keep one series.
  const ics = options.seriesIcs !== undefined ? options.seriesIcs : method ? buildCalendar([toIcsMeeting(icsSnapshot, meetingUrl)], { name: snapshot.title, method, now: options.now }) : null;
  const meeting = {
    id: snapshot.id,
    title: snapshot.title,
    start: snapshot.start,
    end: snapshot.end,
    location: snapshot.location,
    notes: snapshot.notes,
    kind: snapshot.kind,
    hosts: snapshot.hosts,
    attendees: snapshot.attendees,
    bookedBy: bookedBy(snapshot),
    occurrences: options.occurrences,
  };
  // A seat taken or given up in a group session concerns only that attendee (change.attendeeIds).
  const only = change.attendeeIds ? new Set(change.attendeeIds) : null;
  const recipients: Array<{ recipient: EmailRecipient; links: EmailLinks; seatId?: string }> = [
    ...snapshot.attendees.filter((a) => !only || only.has(a.id)).map((a) => ({
      seatId: only ? a.id : undefined,
      recipient: { name: a.name, email: a.email, timezone: a.timezone, role: 'attendee' as const },
      links: { ...manageLinks(options.publicUrl, snapshot.id, (options.manageTokens ?? change.manageTokens)?.[a.id], options.viewSecret), ...joinLink(options.publicUrl, change.joinTokens?.[a.id]) },
    })),
    ...(only ? [] : snapshot.hosts.map((h) => ({ recipient: { name: h.name, email: h.email, timezone: h.timezone, role: 'host' as const }, links: {} }))),
    ...(change.previousHosts ?? []).map((h) => ({ recipient: { name: h.name, email: h.email, timezone: h.timezone, role: 'former_host' as const }, links: {} })),
  ];
  // A former host's invite cancels the event in their calendar app (same UID, higher SEQUENCE);
  // for an occurrence of a series, that occurrence of the series (options.formerHostIcs).
  const formerHostIcs = !change.previousHosts?.length || !method ? null : (options.formerHostIcs ?? buildCalendar([toIcsMeeting(icsSnapshot, meetingUrl)], { name: snapshot.title, method: 'CANCEL', now: options.now }));
  const seen = new Set<string>();
  const out: NewOutboxMessage[] = [];
  for (const { recipient, links, seatId } of recipients) {
    const address = recipient.email.toLowerCase();
    if (seen.has(address)) continue;
    seen.add(address);
    const rendered = renderBookingEmail({
      change,
      meeting,
      recipient,
      links,
      brand: snapshot.brand,
      approveHint: `Approve or decline it in your dashboard: ${options.publicUrl}/app/meetings/${snapshot.id} (or run "yava approve ${snapshot.id}" / "yava decline ${snapshot.id}").`,
      hasInvite: Boolean(recipient.role === 'former_host' ? formerHostIcs : ics),
    });
    const former = recipient.role === 'former_host';
    const payload: EmailPayload = { to: recipient.email, toName: recipient.name, ...rendered, ics: former ? formerHostIcs : ics, icsMethod: former && formerHostIcs ? 'CANCEL' : method };
    // A seat taken or given up leaves the session's sequence alone (core/booking/seats.ts), so the
    // same address may get this change again for another seat of theirs: the seat is in its key.
    const seat = seatId ? `${seatId}:` : '';
    out.push({ channel: 'email', idempotencyKey: `email:${snapshot.id}:${change.type}:${snapshot.sequence}:${seat}${address}`, payload, bookingId: snapshot.id });
  }
  return out;
}

const SERIES_CHANGE: Record<SeriesChange['type'], BookingChange['type']> = { created: 'created', requested: 'requested', updated: 'rescheduled', canceled: 'canceled', meetings_canceled: 'canceled' };

/** The times of some meetings, in order (the ones a series change is about). */
async function loadOccurrenceTimes(trx: Knex.Transaction, bookingIds: readonly string[]): Promise<Array<{ start: Date; end: Date }>> {
  const rows: Array<{ start_at: Date; end_at: Date }> = await trx('bookings').whereIn('id', bookingIds).orderBy('start_at').select('start_at', 'end_at');
  return rows.map((r) => ({ start: new Date(r.start_at), end: new Date(r.end_at) }));
}

/** The BookingNotifier the booking service is given: queues e-mails in the change's transaction. */
export function createOutboxNotifier({ clock, publicUrl, maxAttempts, decorate, viewSecret }: CreateOutboxNotifierOptions): BookingNotifier {
  // A cancellation or a refusal shows no links: nothing to recompute.
  const linkTokens = (trx: Knex.Transaction, change: BookingChange, snapshot: MeetingSnapshot) =>
    change.type === 'canceled' || change.type === 'declined' ? undefined : attendeeManageTokens(trx, change, snapshot, viewSecret);
  return {
    async bookingChanged(trx, change) {
      // One occurrence of a series change: the series e-mail (seriesChanged) covers it.
      if (change.seriesId) return;
      if (change.type === 'no_show') return;
      const snapshot = await loadChangeSnapshot(trx, change);
      if (!snapshot) return;
      // A request's video link goes out with its approval; only a confirmed meeting's invite is updated.
      if (change.type === 'conference_added' && snapshot.status !== 'scheduled') return;
      const seriesId = snapshot.seriesId ?? null;
      // The last meeting of a series canceled: the series is off, and calendars are told so (CANCEL), as a series cancel does.
      const seriesOver = seriesId !== null && change.type === 'canceled' && !(await trx('bookings').where({ series_id: seriesId }).whereNotIn('status', ['canceled', 'rejected']).first('id'));
      const method = METHOD_BY_CHANGE[change.type] === null ? null : seriesOver ? 'CANCEL' : 'REQUEST';
      const url = meetingLink(publicUrl, change.bookingId, viewSecret);
      // One occurrence given to another host changes that occurrence only, in every calendar.
      const occurrence = seriesId && method && change.type === 'reassigned' ? await buildReassignedOccurrence(trx, seriesId, change.bookingId, { now: clock.now(), url }) : null;
      const seriesIcs = occurrence ? occurrence.request : seriesId && method ? await buildSeriesInvite(trx, seriesId, change.bookingId, { method, now: clock.now(), url }) : undefined;
      const manageTokens = await linkTokens(trx, change, snapshot);
      // One meeting of a series canceled: the invite is the series with it as an EXDATE, a REQUEST (the header says what the document says).
      const icsMethod = seriesId && seriesIcs && change.type === 'canceled' ? method : undefined;
      const messages = buildBookingEmails(snapshot, change, { publicUrl, now: clock.now(), seriesIcs, icsMethod, formerHostIcs: occurrence?.cancel, viewSecret, manageTokens });
      await enqueueOutboxMessages(trx, decorate ? await decorate(trx, messages, change) : messages, { clock, maxAttempts });
    },
    async seriesChanged(trx, change) {
      const snapshot = await loadMeetingSnapshot(trx, change.firstBookingId);
      if (!snapshot) return;
      const type = SERIES_CHANGE[change.type];
      // Some meetings canceled, the rest kept: the updated series (those as EXDATEs), not a CANCEL of its UID.
      const method = change.type === 'meetings_canceled' ? 'REQUEST' : METHOD_BY_CHANGE[type];
      const seriesIcs = method ? await buildSeriesInvite(trx, change.seriesId, change.firstBookingId, { method, now: clock.now(), url: meetingLink(publicUrl, change.firstBookingId, viewSecret) }) : null;
      const seriesChange: BookingChange = { type, bookingId: change.firstBookingId, actor: change.actor, reason: change.reason, manageTokens: change.manageTokens };
      const occurrences = change.bookingIds ? await loadOccurrenceTimes(trx, change.bookingIds) : undefined;
      const built = buildBookingEmails(snapshot, seriesChange, { publicUrl, now: clock.now(), seriesIcs, icsMethod: method, occurrences, viewSecret, manageTokens: await linkTokens(trx, seriesChange, snapshot) });
      const emails = decorate ? await decorate(trx, built, seriesChange) : built;
      await enqueueOutboxMessages(trx, emails.map((m) => ({ ...m, idempotencyKey: `series:${change.seriesId}:${m.idempotencyKey}` })), { clock, maxAttempts });
    },
  };
}
