/** The booking page's waitlist views: the join form, the joined notice, and an offer with its one button. */
import type { WaitlistEntryDetails, WaitlistOffer } from '../../../core/waitlist/index.js';
import { html } from '../../../core/notify/html.js';
import { CSRF_FIELD } from './csrf.js';
import type { PageMeta } from './layout.js';
import { type BookFormView, errorPage, formatRange, hiddenFields, layout, notice } from './views.js';

/** What the join form shows: the booking form's view, without its message (values: the prefill). */
export type WaitlistFormView = Omit<BookFormView, 'message'>;

export function waitlistFormPage(view: WaitlistFormView): string {
  const body = html`<h1>Waitlist: ${view.eventTitle}</h1>
<p><strong>${formatRange(view.start, view.end, view.timezone)}</strong> <span class="muted">(${view.timezone.replace(/_/g, ' ')})</span> with ${view.hostNames}</p>
${notice('info', 'This session is full. Join its waitlist: when a seat frees up, the first in line gets it by e-mail and has a while to take it.')}
<p><a href="${view.backHref}">← Choose another time</a></p>
<form class="card" method="post" action="${view.action}">
<input type="hidden" name="${CSRF_FIELD}" value="${view.csrf}">
<input type="hidden" name="start" value="${view.start}">
<input type="hidden" name="timezone" value="${view.timezone}">
${hiddenFields(view.hidden)}
<div class="field"><label for="name">Your name</label><input id="name" name="name" required maxlength="200" autocomplete="name" value="${view.values?.name ?? ''}"></div>
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" required maxlength="320" autocomplete="email" value="${view.values?.email ?? ''}"></div>
<button type="submit">Join the waitlist</button>
</form>`;
  return layout(`Waitlist: ${view.eventTitle}`, body, { meta: view.meta });
}

export function waitlistJoinedPage(entry: WaitlistEntryDetails, eventTitle: string, timezone: string, end: string, meta?: PageMeta): string {
  const body = html`<h1>You are on the waitlist</h1>
${notice('ok', `You are number ${entry.position} in line for ${eventTitle}. If a seat frees up and it is your turn, we e-mail ${entry.email} a link to take it.`)}
<p><strong>${formatRange(entry.start, end, timezone)}</strong> <span class="muted">(${timezone.replace(/_/g, ' ')})</span></p>`;
  return layout('On the waitlist', body, { meta });
}

function closedOfferMessage(status: WaitlistOffer['status']): string {
  if (status === 'booked') return 'You already took this seat; see your confirmation e-mail.';
  if (status === 'canceled') return 'The host canceled this session, so its waitlist is closed.';
  return 'This offer is no longer open: it lapsed and passed to the next person in line, or the session was canceled.';
}

export function offerPage(offer: WaitlistOffer, action: string, csrf: string): string {
  const when = html`<p><strong>${formatRange(offer.start, offer.end, offer.timezone)}</strong> <span class="muted">(${offer.timezone.replace(/_/g, ' ')})</span></p>`;
  const body = offer.open
    ? html`<h1>A seat is free: ${offer.title}</h1>${when}
${notice('info', `It is held for you until ${formatRange(offer.expiresAt!, offer.expiresAt!, offer.timezone).replace(/–\d\d:\d\d$/, '')} (${offer.timezone.replace(/_/g, ' ')}).`)}
<form class="card" method="post" action="${action}">
<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
<button type="submit">Take the seat</button>
</form>`
    : html`<h1>${offer.title}</h1>${when}${notice('error', closedOfferMessage(offer.status))}`;
  return layout(`Waitlist: ${offer.title}`, body);
}

/** The refusal to wait for a session with seats left (one came free since the form was shown), linking to its booking form. */
export function seatsLeftPage(message: string, bookHref: string, embed: boolean): string {
  return errorPage(409, 'Seats left', message, html`<p><a class="button" href="${bookHref}">Book a seat</a></p>`, embed);
}
