/** Pages of the spam check: "confirm by e-mail", the confirmation button, and the appeal form. */
import { DateTime } from 'luxon';
import { html } from '../../../core/notify/html.js';
import { CSRF_FIELD } from './csrf.js';
import { layout, notice } from './views.js';

/** After a challenged booking: nothing is booked yet, the e-mailed link books it. `embed`: inside the host's site (no chrome). */
export function challengeSentPage(email: string, expiresAt: string, zone: string, embed = false): string {
  const until = DateTime.fromISO(expiresAt, { zone }).setLocale('en-GB').toFormat('HH:mm');
  return layout(
    'Check your e-mail',
    html`<h1>Check your e-mail</h1>${notice('info', `We sent a link to ${email}. Open it before ${until} (${zone.replace(/_/g, ' ')}) to confirm this booking.`)}<p>The time is not held meanwhile: it is booked when you confirm, if it is still free.</p>`,
    { meta: { noindex: true, embed } },
  );
}

/** The e-mailed link's page: one button, so a mail scanner opening the link books nothing. */
export function confirmBookingPage(token: string, csrf: string): string {
  return layout(
    'Confirm your booking',
    html`<h1>Confirm your booking</h1><form class="card" method="post" action="/confirm-booking"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><input type="hidden" name="token" value="${token}"><button type="submit">Confirm my booking</button></form>`,
  );
}

export function appealPage(ref: string, csrf: string): string {
  return layout(
    'Tell us about this booking',
    html`<h1>Tell us about this booking</h1><p>Your booking could not be completed. If you think this is a mistake, tell us who you are and what you wanted to book; an administrator will read it.</p>
<form class="card" method="post" action="/appeal"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><input type="hidden" name="ref" value="${ref}">
<div class="field"><label for="message">Your message</label><textarea id="message" name="message" required maxlength="2000"></textarea></div>
<button type="submit">Send</button></form>`,
  );
}

export function appealSentPage(): string {
  return layout('Message sent', html`<h1>Message sent</h1>${notice('ok', 'Thank you: an administrator will read your message.')}`);
}
