/**
 * The booking page's HTML. Every value goes through `html`, which escapes it, so a name
 * like `<script>` is shown, never run. No inline script or style (the CSP forbids them).
 */
import { DateTime } from 'luxon';
import type { BookingDetails } from '../../../core/booking/types.js';
import type { MeetingAction } from '../../../core/booking/allowedActions.js';
import type { PublicProfile } from '../../../core/bookingPage/service.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { formatMoney } from '../../../core/payments/money.js';
import { formatWallClockTime } from '../../../core/time/wallClock.js';
import { CSRF_FIELD } from './csrf.js';
import { layout, type Brand, type PageMeta } from './layout.js';

export { layout } from './layout.js';

const zoneNames: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

/** A select of every IANA zone with `current` chosen (listed first when the runtime does not know it); `attrs` go on the select. */
export function timezoneSelect(current: string, id = 'timezone', attrs: SafeHtml | string = ''): SafeHtml {
  const zones = zoneNames.includes(current) ? zoneNames : [current, ...zoneNames];
  return html`<select id="${id}" name="timezone"${attrs}>${zones.map((z) => html`<option value="${z}"${z === current ? html` selected` : ''}>${z.replace(/_/g, ' ')}</option>`)}</select>`;
}

/** "Wednesday 25 November 2026, 10:00–10:30" in a zone; "…, 10:00 AM–10:30 AM" for a 12-hour visitor (locale.ts); "02:00 CET" where a time happens twice that day. */
export function formatRange(startIso: string, endIso: string, zone: string, hour12 = false): string {
  const s = DateTime.fromISO(startIso, { zone }).setLocale('en-GB');
  const e = DateTime.fromISO(endIso, { zone }).setLocale('en-GB');
  return `${s.toFormat('cccc d LLLL yyyy')}, ${formatWallClockTime(s, hour12)}–${formatWallClockTime(e, hour12)}`;
}

/** Hidden inputs for fields a form passes on (embed=1, the prefill, utm_*). */
export function hiddenFields(fields: Record<string, string> = {}): SafeHtml[] {
  return Object.entries(fields).map(([k, value]) => html`<input type="hidden" name="${k}" value="${value}">`);
}

export function notice(kind: 'info' | 'error' | 'ok', text: string): SafeHtml {
  return html`<div class="notice ${kind === 'info' ? '' : kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

/** `keep`: the query fields each event type's link passes on (embed=1, the prefill, utm_*). */
export function profilePage(profile: PublicProfile, meta?: PageMeta, keep: Record<string, string> = {}): string {
  const query = new URLSearchParams(keep).toString();
  const body = html`<h1>${profile.name}</h1>
<p class="muted">Pick a meeting type.</p>
${
  profile.eventTypes.length
    ? html`<ul class="plain events">${profile.eventTypes.map(
        (e) => html`<li><a href="/${profile.username}/${e.slug}${query ? `?${query}` : ''}"><strong>${e.title}</strong><span class="muted">${e.durationMinutes} min${e.description ? html` · ${e.description}` : ''}</span></a></li>`,
      )}</ul>`
    : html`<p>No public meeting types yet.</p>`
}`;
  return layout(profile.name, body, { meta });
}

export interface BookFormView {
  /** With `choices`: the time asked for, which was taken meanwhile (the heading names it as taken). */
  takenStart?: string;
  eventTitle: string;
  hostNames: string;
  action: string;
  backHref: string;
  start: string;
  end: string;
  timezone: string;
  csrf: string;
  values?: { name?: string; email?: string; notes?: string; promoCode?: string };
  message?: SafeHtml;
  /** Times as the visitor's locale writes them (Accept-Language): 3:00 PM rather than 15:00. */
  hour12?: boolean;
  /** Starts to choose from instead of `start` (the time asked was just taken: the nearest free ones). */
  choices?: string[];
  /** More fields before the button (the series' "repeat" fields). */
  extraFields?: SafeHtml;
  /** A paid event type's price, formatted ("€45.00"): the form leads to the provider's checkout. */
  price?: string | null;
  /** Show a promo code field (a paid event type whose host has codes). */
  promo?: boolean;
  /** More hidden fields (embed=1), and what goes in the head (embed mode, noindex). */
  hidden?: Record<string, string>;
  meta?: PageMeta;
  /** Before the form: e.g. the embed's slot_selected event. */
  marker?: SafeHtml;
  brand?: Brand;
}

/** The booking form's honeypot: hidden from people (and screen readers), filled in by form bots. */
export const HONEYPOT_FIELD = 'website';

/** Radio buttons for the nearest free starts, the first chosen (the time asked was taken meanwhile). */
function startChoices(view: BookFormView): SafeHtml {
  const length = Date.parse(view.end) - Date.parse(view.start);
  const end = (start: string) => new Date(Date.parse(start) + length).toISOString();
  return html`<fieldset class="field"><legend>Nearest free times</legend>${view.choices!.map(
    (start, i) => html`<label><input type="radio" name="start" value="${start}"${i === 0 ? html` checked` : ''} required> ${formatRange(start, end(start), view.timezone, view.hour12)}</label><br>`,
  )}</fieldset>`;
}

export function bookFormPage(view: BookFormView): string {
  const v = view.values ?? {};
  const body = html`<h1>${view.eventTitle}</h1>
${
  view.choices?.length && view.takenStart
    ? html`<p><s>${formatRange(view.takenStart, new Date(Date.parse(view.takenStart) + Date.parse(view.end) - Date.parse(view.start)).toISOString(), view.timezone, view.hour12)}</s> <span class="muted">(${view.timezone.replace(/_/g, ' ')})</span> is taken now; with ${view.hostNames}</p>`
    : html`<p><strong>${formatRange(view.start, view.end, view.timezone, view.hour12)}</strong> <span class="muted">(${view.timezone.replace(/_/g, ' ')})</span> with ${view.hostNames}</p>`
}
<p><a href="${view.backHref}">← Choose another time</a></p>
${view.price ? html`<p class="price">Price: <strong>${view.price}</strong>. You pay on the next page; the time is held for you meanwhile.</p>` : ''}
${view.message ?? ''}
<form class="card" method="post" action="${view.action}">
<input type="hidden" name="${CSRF_FIELD}" value="${view.csrf}">
${view.choices?.length ? startChoices(view) : html`<input type="hidden" name="start" value="${view.start}">`}
<input type="hidden" name="timezone" value="${view.timezone}">
${hiddenFields(view.hidden)}
<div class="field"><label for="name">Your name</label><input id="name" name="name" required maxlength="200" autocomplete="name" value="${v.name ?? ''}"></div>
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" required maxlength="320" autocomplete="email" value="${v.email ?? ''}"></div>
<div class="field"><label for="notes">Notes <span class="muted">(optional)</span></label><textarea id="notes" name="notes" maxlength="2000">${v.notes ?? ''}</textarea></div>
<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Leave this empty</label><input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
${view.extraFields ?? ''}
${view.promo ? html`<div class="field"><label for="promoCode">Promo code <span class="muted">(optional)</span></label><input id="promoCode" name="promoCode" maxlength="32" autocomplete="off" value="${v.promoCode ?? ''}"></div>` : ''}
<button type="submit">${view.price ? 'Continue to payment' : 'Confirm booking'}</button>
</form>${view.marker ?? ''}`;
  return layout(`Book ${view.eventTitle}`, body, { meta: { noindex: true, ...view.meta }, brand: view.brand });
}

export interface MeetingPageView {
  meeting: BookingDetails;
  token: string | null;
  viewerZone: string;
  hostZone: string;
  csrf: string;
  banner?: SafeHtml;
  icsHref: string | null;
  googleHref: string;
  /** What the invitee may do (core's allowedActions). */
  actions: MeetingAction[];
  rescheduleHref: string | null;
  /** More hidden fields of the cancel form (embed=1 and the other kept fields). */
  hidden?: Record<string, string>;
  /** Times as the visitor's locale writes them (Accept-Language). */
  hour12?: boolean;
  meta?: PageMeta;
  /** After the banner: e.g. the embed's booking_created event. */
  marker?: SafeHtml;
  brand?: Brand;
  /**
   * The meeting's payment: for an unpaid hold (pending_payment) what is due, until when the time is
   * held, and where to pay (null: no checkout opened); and any refunds, with how each goes.
   */
  payment?: {
    amount: number;
    currency: string;
    holdExpiresAt: string | null;
    checkoutUrl: string | null;
    processingSince?: string | null;
    refunds?: Array<{ amount: number; status: 'pending' | 'succeeded' | 'failed'; createdAt: string; completedAt: string | null }>;
  } | null;
}

const STATUS_LABEL: Record<string, string> = { pending: 'Waiting for approval', pending_payment: 'Awaiting payment', scheduled: 'Confirmed', canceled: 'Canceled', rejected: 'Declined', completed: 'Completed', no_show: 'No-show' };

/** "26 Nov 2026, 14:00" (or "2:00 PM" where the visitor's locale writes 12-hour times) in `zone`. */
const instantFor = (iso: string, zone: string, hour12?: boolean): string => DateTime.fromISO(iso, { zone }).setLocale('en-GB').toFormat(hour12 ? 'd LLL yyyy, h:mm a' : 'd LLL yyyy, HH:mm');

/** The amount due, the hold's end in the viewer's zone, and the way to pay. */
export function awaitingPayment(p: NonNullable<MeetingPageView['payment']>, zone: string, hour12?: boolean): SafeHtml {
  const until = p.holdExpiresAt ? instantFor(p.holdExpiresAt, zone, hour12) : null;
  if (p.processingSince) return html`<div class="card" id="payment"><p><strong>${formatMoney(p.amount, p.currency)}</strong>: your bank is processing the payment.${until ? html` The time is held for you until ${until} <span class="muted">(${zone.replace(/_/g, ' ')})</span> or until the payment clears; you will get a confirmation e-mail then.` : ''}</p></div>`;
  return html`<div class="card" id="payment"><p><strong>${formatMoney(p.amount, p.currency)}</strong> to pay.${until ? html` The time is held for you until ${until} <span class="muted">(${zone.replace(/_/g, ' ')})</span>; unpaid, it is released then.` : ''}</p>
${p.checkoutUrl ? html`<div class="actions"><a class="button" href="${p.checkoutUrl}" rel="noopener noreferrer">Pay now</a></div>` : ''}</div>`;
}

/** The refunds of the meeting's payment, for its invitee: on its way, made (when), or not made (the host is told). */
export function refundsCard(p: NonNullable<MeetingPageView['payment']>, zone: string, hour12?: boolean): SafeHtml | string {
  if (!p.refunds?.length) return '';
  const when = (iso: string) => instantFor(iso, zone, hour12);
  const how = (r: NonNullable<typeof p.refunds>[number]) =>
    r.status === 'succeeded' ? `refunded on ${when(r.completedAt ?? r.createdAt)}; your bank may take a few days to show it` : r.status === 'pending' ? `on its way since ${when(r.createdAt)}` : 'could not be made; the host has been told and will settle it with you';
  return html`<div class="card" id="refunds"><h2>Refunds</h2><ul class="plain">${p.refunds.map((r) => html`<li><strong>${formatMoney(r.amount, p.currency)}</strong>: ${how(r)}</li>`)}</ul><p class="muted">Times in ${zone.replace(/_/g, ' ')}.</p></div>`;
}

export function meetingPage(view: MeetingPageView): string {
  const m = view.meeting;
  const zones = view.viewerZone === view.hostZone ? [view.viewerZone] : [view.viewerZone, view.hostZone];
  const body = html`${view.banner ?? ''}${view.marker ?? ''}
<h1>${m.title}</h1>
<p><span class="status ${m.status}">${STATUS_LABEL[m.status] ?? m.status}</span></p>
${m.status === 'pending_payment' && view.payment ? awaitingPayment(view.payment, view.viewerZone, view.hour12) : ''}
${view.payment ? refundsCard(view.payment, view.viewerZone, view.hour12) : ''}
<div class="card">
<dl class="facts">
${zones.map((z, i) => html`<dt>${i === 0 ? 'Your time' : 'Host\u2019s time'}</dt><dd>${formatRange(m.start, m.end, z, view.hour12)} <span class="muted">(${z.replace(/_/g, ' ')})</span></dd>`)}
<dt>Hosts</dt><dd>${m.hosts.map((h) => h.name).join(', ')}</dd>
<dt>Invitees</dt><dd>${m.attendees.map((a) => a.name).join(', ')}</dd>
${m.location ? html`<dt>Where</dt><dd>${m.location}</dd>` : ''}
${m.notes ? html`<dt>Notes</dt><dd>${m.notes}</dd>` : ''}
${m.cancelReason ? html`<dt>Reason</dt><dd>${m.cancelReason}</dd>` : ''}
</dl>
</div>
${
  view.actions.includes('addToCalendar')
    ? html`<h2>Add to your calendar</h2>
<div class="actions">
${view.icsHref ? html`<a class="button secondary" href="${view.icsHref}" download="meeting.ics">Download .ics</a>` : ''}
<a class="button secondary" href="${view.googleHref}" rel="noopener noreferrer" target="_blank">Google Calendar</a>
</div>`
    : ''
}
${
  view.actions.includes('cancel') && view.token
    ? html`<h2>Change this meeting</h2>
<div class="actions">${view.rescheduleHref ? html`<a class="button" href="${view.rescheduleHref}">Reschedule</a>` : ''}</div>
<form class="card" id="cancel" method="post" action="/meetings/${m.id}/cancel">
<input type="hidden" name="${CSRF_FIELD}" value="${view.csrf}">
<input type="hidden" name="token" value="${view.token}">
${hiddenFields(view.hidden)}
<div class="field"><label for="reason">Reason for canceling <span class="muted">(optional)</span></label><textarea id="reason" name="reason" maxlength="500"></textarea></div>
<button type="submit" class="danger">Cancel meeting</button>
</form>`
    : ''
}
<h2>History</h2>
<ol class="history">${m.statusHistory.map((h) => html`<li>${DateTime.fromISO(h.at, { zone: view.viewerZone }).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm')}: ${STATUS_LABEL[h.to] ?? h.to}${h.from === h.to ? ' (time changed)' : ''}${h.reason ? html` — ${h.reason}` : ''}</li>`)}</ol>`;
  return layout(m.title, body, { meta: { noindex: true, ...view.meta }, brand: view.brand });
}

export function errorPage(status: number, title: string, message: string, links: SafeHtml = html`<p><a href="/">Yava home</a></p>`, embed = false): string {
  const hint = status === 404 ? 'Check the address for a typo, or ask the person who sent it for their booking link.' : status === 410 ? 'This link has expired or was replaced by a newer one: look for the latest email about this meeting.' : '';
  return layout(title, html`<div class="hero"><p class="error-code" aria-hidden="true">${status}</p><h1>${title}</h1>${notice('error', message)}${hint ? html`<p class="muted">${hint}</p>` : ''}${links}<p class="muted">Error ${status}</p></div>`, { meta: { noindex: true, embed } });
}
