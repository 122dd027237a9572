/**
 * The booking page's HTML. Every value goes through `html`, which escapes it, so a name
 * like `<script>` is shown, never run. No inline script or style (the CSP forbids them).
 */
import { DateTime } from 'luxon';
import type { EventTypeDetails, BookingDetails, SlotDetails } from '../../../core/booking/types.js';
import type { MeetingAction } from '../../../core/booking/allowedActions.js';
import type { PublicProfile } from '../../../core/bookingPage/service.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { CSRF_FIELD } from './csrf.js';
import { suggestedTimes } from './suggestedTimes.js';

export function layout(title: string, body: SafeHtml, options: { assetVersion?: string } = {}): string {
  const v = options.assetVersion ?? '1';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Yava</title>
<link rel="stylesheet" href="/assets/app.css?v=${v}">
<script src="/assets/app.js?v=${v}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><span class="brand">Yava</span></header>
<main id="main">
${body}
</main>
</body>
</html>`.value;
}

const zoneNames: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

export function timezoneSelect(current: string, id = 'timezone'): SafeHtml {
  const zones = zoneNames.includes(current) ? zoneNames : [current, ...zoneNames];
  return html`<select id="${id}" name="timezone">${zones.map((z) => html`<option value="${z}"${z === current ? html` selected` : ''}>${z.replace(/_/g, ' ')}</option>`)}</select>`;
}

/** "Wed 25 Nov, 10:00–10:30" in a zone. */
export function formatRange(startIso: string, endIso: string, zone: string): string {
  const s = DateTime.fromISO(startIso, { zone }).setLocale('en-GB');
  const e = DateTime.fromISO(endIso, { zone }).setLocale('en-GB');
  return `${s.toFormat('cccc d LLLL yyyy, HH:mm')}–${e.toFormat('HH:mm')}`;
}

export function notice(kind: 'info' | 'error' | 'ok', text: string): SafeHtml {
  return html`<div class="notice ${kind === 'info' ? '' : kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

export function profilePage(profile: PublicProfile): string {
  const body = html`<h1>${profile.name}</h1>
<p class="muted">Pick a meeting type.</p>
${
  profile.eventTypes.length
    ? html`<ul class="plain events">${profile.eventTypes.map(
        (e) => html`<li><a href="/${profile.username}/${e.slug}"><strong>${e.title}</strong><span class="muted">${e.durationMinutes} min${e.description ? html` · ${e.description}` : ''}</span></a></li>`,
      )}</ul>`
    : html`<p>No public meeting types yet.</p>`
}`;
  return layout(profile.name, body);
}

export interface SlotPickerView {
  heading: string;
  eventType: Pick<EventTypeDetails, 'title' | 'durationMinutes' | 'description' | 'location'>;
  hostNames: string;
  /** Where the zone/date form submits (GET), and the base of each slot's link. */
  pagePath: string;
  /** Builds the link for choosing a slot. */
  slotHref: (slot: SlotDetails) => string;
  timezone: string;
  /** True when the zone was chosen by the visitor (query), false when it is the host's default. */
  timezoneChosen: boolean;
  from: string;
  days: number;
  slots: SlotDetails[];
  /** Smart times: the best three (with reasons), shown before the full list. */
  suggested?: SlotDetails[];
  message?: SafeHtml;
  /** Extra hidden query fields to keep (e.g. the manage token on reschedule). */
  keep?: Record<string, string>;
  /** Group event types: full sessions, each with a "Join waitlist" button (a GET form to `waitlistAction`). */
  full?: SlotDetails[];
  waitlistAction?: string;
  /** A collective type with no common time: each host's state per time. */
  people?: { people: string[]; times: Array<{ start: string; states: Record<string, string> }> };
}

/** "No time suits everyone" and, per time, each host's state ("alice busy, bob free"). */
function peopleStatesSection(view: SlotPickerView): SafeHtml | string {
  if (!view.people?.times.length) return html`<p>No free times this week. Try the next week.</p>`;
  const { people, times } = view.people;
  return html`<p>No time suits everyone this week. Who is free when:</p>
<table class="people-states"><tbody>${times.map((t) => html`<tr><th scope="row">${DateTime.fromISO(t.start, { zone: view.timezone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm')}</th><td>${people.map((p) => `${p} ${t.states[p]}`).join(', ')}</td></tr>`)}</tbody></table>`;
}

export function slotPickerPage(view: SlotPickerView): string {
  const byDay = new Map<string, SlotDetails[]>();
  for (const slot of view.slots) {
    const day = DateTime.fromISO(slot.start, { zone: view.timezone }).toISODate()!;
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  const from = DateTime.fromISO(view.from, { zone: view.timezone });
  const prev = from.minus({ days: view.days }).toISODate()!;
  const next = from.plus({ days: view.days }).toISODate()!;
  const today = DateTime.now().setZone(view.timezone).toISODate()!;
  const query = (date: string) => {
    const q = new URLSearchParams({ ...(view.keep ?? {}), timezone: view.timezone, date });
    return `${view.pagePath}?${q.toString()}`;
  };
  const body = html`<div data-detect-timezone data-current-timezone="${view.timezone}"${view.timezoneChosen ? html` data-chosen` : ''}></div>
<h1>${view.heading}</h1>
<p class="muted">${view.eventType.durationMinutes} min with ${view.hostNames}${view.eventType.location ? html` · ${view.eventType.location}` : ''}</p>
${view.eventType.description ? html`<p>${view.eventType.description}</p>` : ''}
${view.message ?? ''}
<form class="card controls" method="get" action="${view.pagePath}" data-autosubmit>
${Object.entries(view.keep ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<label for="timezone">Time zone ${timezoneSelect(view.timezone)}</label>
<label for="date">Week from <input type="date" id="date" name="date" value="${view.from}"></label>
<button type="submit" class="secondary">Show times</button>
</form>
${suggestedTimes(view.suggested ?? [], view.timezone, view.slotHref)}
<h2 id="slots-heading">Available times (${view.timezone.replace(/_/g, ' ')})</h2>
<section aria-labelledby="slots-heading">
${
  byDay.size
    ? [...byDay.entries()].map(([day, slots]) => {
        const d = DateTime.fromISO(day, { zone: view.timezone }).setLocale('en-GB');
        const label = d.toFormat('cccc d LLLL');
        return html`<div class="day"><h3>${label}</h3><ul class="plain slots" aria-label="${label}">${slots.map((s) => {
          const t = DateTime.fromISO(s.start, { zone: view.timezone }).toFormat('HH:mm');
          const seats = s.seatsTotal !== undefined ? `${s.seatsLeft} of ${s.seatsTotal} seats left` : '';
          return html`<li><a href="${view.slotHref(s)}" aria-label="${label}, ${t}${seats ? `, ${seats}` : ''}">${t}${seats ? html` <span class="seats">${seats}</span>` : ''}</a></li>`;
        })}</ul></div>`;
      })
    : peopleStatesSection(view)
}
</section>
${view.full?.length && view.waitlistAction ? fullSessions(view.full, view.timezone, view.waitlistAction) : ''}
<nav class="nav" aria-label="Weeks">
${view.from > today ? html`<a class="button secondary" href="${query(prev)}">← Previous week</a>` : html`<span></span>`}
<a class="button secondary" href="${query(next)}">Next week →</a>
</nav>`;
  return layout(view.heading, body);
}

/** Full group sessions, each with a no-JavaScript "Join waitlist" button. */
function fullSessions(full: SlotDetails[], zone: string, action: string): SafeHtml {
  return html`<h2 id="full-heading">Full sessions</h2>
<section aria-labelledby="full-heading"><ul class="plain full">${full.map((s) => {
    const label = DateTime.fromISO(s.start, { zone }).setLocale('en-GB').toFormat('cccc d LLLL, HH:mm');
    return html`<li><form method="get" action="${action}"><span>${label} · full</span> <input type="hidden" name="start" value="${s.start}"><input type="hidden" name="timezone" value="${zone}"><button type="submit" class="secondary" aria-label="Join the waitlist for ${label}">Join waitlist</button></form></li>`;
  })}</ul></section>`;
}

export interface BookFormView {
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
  /** More fields before the button (the series' "repeat" fields). */
  extraFields?: SafeHtml;
  /** A paid event type's price, formatted ("€45.00"): the form leads to the provider's checkout. */
  price?: string | null;
  /** Show a promo code field (a paid event type whose host has codes). */
  promo?: boolean;
}

/** The booking form's honeypot: hidden from people (and screen readers), filled in by form bots. */
export const HONEYPOT_FIELD = 'website';

export function bookFormPage(view: BookFormView): string {
  const v = view.values ?? {};
  const body = html`<h1>${view.eventTitle}</h1>
<p><strong>${formatRange(view.start, view.end, view.timezone)}</strong> <span class="muted">(${view.timezone.replace(/_/g, ' ')})</span> with ${view.hostNames}</p>
<p><a href="${view.backHref}">← Choose another time</a></p>
${view.price ? html`<p class="price">Price: <strong>${view.price}</strong>. You pay on the next page; the time is held for you meanwhile.</p>` : ''}
${view.message ?? ''}
<form class="card" method="post" action="${view.action}">
<input type="hidden" name="${CSRF_FIELD}" value="${view.csrf}">
<input type="hidden" name="start" value="${view.start}">
<input type="hidden" name="timezone" value="${view.timezone}">
<div class="field"><label for="name">Your name</label><input id="name" name="name" required maxlength="200" autocomplete="name" value="${v.name ?? ''}"></div>
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" required maxlength="320" autocomplete="email" value="${v.email ?? ''}"></div>
<div class="field"><label for="notes">Notes <span class="muted">(optional)</span></label><textarea id="notes" name="notes" maxlength="2000">${v.notes ?? ''}</textarea></div>
<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Leave this empty</label><input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
${view.extraFields ?? ''}
${view.promo ? html`<div class="field"><label for="promoCode">Promo code <span class="muted">(optional)</span></label><input id="promoCode" name="promoCode" maxlength="32" autocomplete="off" value="${v.promoCode ?? ''}"></div>` : ''}
<button type="submit">${view.price ? 'Continue to payment' : 'Confirm booking'}</button>
</form>`;
  return layout(`Book ${view.eventTitle}`, body);
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
}

const STATUS_LABEL: Record<string, string> = { pending: 'Waiting for approval', scheduled: 'Confirmed', canceled: 'Canceled', rejected: 'Declined', completed: 'Completed', no_show: 'No-show' };

export function meetingPage(view: MeetingPageView): string {
  const m = view.meeting;
  const zones = view.viewerZone === view.hostZone ? [view.viewerZone] : [view.viewerZone, view.hostZone];
  const body = html`${view.banner ?? ''}
<h1>${m.title}</h1>
<p><span class="status ${m.status}">${STATUS_LABEL[m.status] ?? m.status}</span></p>
<div class="card">
<dl class="facts">
${zones.map((z, i) => html`<dt>${i === 0 ? 'Your time' : 'Host\u2019s time'}</dt><dd>${formatRange(m.start, m.end, z)} <span class="muted">(${z.replace(/_/g, ' ')})</span></dd>`)}
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
<div class="field"><label for="reason">Reason for canceling <span class="muted">(optional)</span></label><textarea id="reason" name="reason" maxlength="500"></textarea></div>
<button type="submit" class="danger">Cancel meeting</button>
</form>`
    : ''
}
<h2>History</h2>
<ol class="history">${m.statusHistory.map((h) => html`<li>${DateTime.fromISO(h.at, { zone: view.viewerZone }).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm')}: ${STATUS_LABEL[h.to] ?? h.to}${h.from === h.to ? ' (time changed)' : ''}${h.reason ? html` — ${h.reason}` : ''}</li>`)}</ol>`;
  return layout(m.title, body);
}

export function errorPage(status: number, title: string, message: string, links: SafeHtml = html`<p><a href="/">Yava home</a></p>`): string {
  return layout(title, html`<h1>${title}</h1>${notice('error', message)}${links}<p class="muted">Error ${status}</p>`);
}
