/**
 * Read-only meeting links for calendar feeds. A feed's events carry a URL (the ICS `URL:`
 * property); the attendee's manage token cannot go there (the database keeps only its hash),
 * so each event links to `/meetings/<id>?view=<signature>`: an HMAC of the meeting id that
 * opens a read-only summary. Whoever holds the feed already sees those details in it.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../auth/secrets.js';

const signature = (secret: string, bookingId: string) => createHmac('sha256', secret).update(`meeting-view:${bookingId.toLowerCase()}`).digest('base64url').slice(0, 32);

/** `${publicUrl}/meetings/<id>?view=<signature>`. */
export function meetingViewUrl(publicUrl: string, secret: string, bookingId: string): string {
  return `${publicUrl}/meetings/${encodeURIComponent(bookingId)}?view=${signature(secret, bookingId)}`;
}

/**
 * The link to a meeting for someone without its manage token: the signed read-only summary when
 * there is a secret, else the bare page (which asks for the link with a token, or a login).
 */
export function meetingLink(publicUrl: string, bookingId: string, secret?: string): string {
  return secret ? meetingViewUrl(publicUrl, secret, bookingId) : `${publicUrl}/meetings/${encodeURIComponent(bookingId)}`;
}

/** Whether `view` is the signature of this meeting id (constant time). */
export function isValidMeetingView(secret: string, bookingId: string, view: string): boolean {
  return safeEqual(signature(secret, bookingId), view);
}
