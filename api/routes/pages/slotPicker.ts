/**
 * The booking page's picker, laid out as Calendly does: who and what on the left, a month
 * calendar in the middle (days with free times are links), the chosen day's times on the right.
 * Plain links and a GET form: it works without JavaScript. Times follow the visitor's locale
 * (12- or 24-hour); labels stay English like the rest of the page.
 */
import { DateTime } from 'luxon';
import type { EventTypeDetails, SlotDetails } from '../../../core/booking/types.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { formatMoney } from '../../../core/payments/money.js';
import { formatWallClockTime } from '../../../core/time/wallClock.js';
import type { PageMeta } from './layout.js';
import type { VisitorLocale } from './locale.js';
import { avatar, layout, type Brand } from './layout.js';
import { suggestedTimes } from './suggestedTimes.js';
import { hiddenFields, timezoneSelect } from './views.js';

export interface SlotPickerView {
  heading: string;
  eventType: Pick<EventTypeDetails, 'title' | 'durationMinutes' | 'description' | 'location'> & Partial<Pick<EventTypeDetails, 'requiresApproval' | 'price' | 'seats' | 'kind'>>;
  hostNames: string;
  /** The first host's picture, when they set one (initials otherwise). */
  avatarUrl?: string | null;
  /** Where the zone form submits (GET), and the base of the calendar's links. */
  pagePath: string;
  slotHref: (slot: SlotDetails) => string;
  timezone: string;
  /** True when the zone was chosen by the visitor (query), false when it is the host's default. */
  timezoneChosen: boolean;
  /** The month shown (YYYY-MM), the chosen day (YYYY-MM-DD, or null when the month has no time) and today, in `timezone`. */
  month: string;
  day: string | null;
  today: string;
  /** The month's free slots (from today on). */
  slots: SlotDetails[];
  /** Smart times: the best three (with reasons), shown before the day's times. */
  suggested?: SlotDetails[];
  locale: VisitorLocale;
  message?: SafeHtml;
  /** Extra query fields every link and the form keep (the manage token on reschedule, embed=1). */
  keep?: Record<string, string>;
  full?: SlotDetails[];
  waitlistAction?: string;
  people?: { people: string[]; times: Array<{ start: string; states: Record<string, string> }> };
  /** Nothing can be booked until everyone named as a host accepts (a collective event type). */
  awaitingHosts?: boolean;
  meta?: PageMeta;
  brand?: Brand;
}

/** "3:00 PM" for a 12-hour locale, "15:00" otherwise; "02:00 CEST" / "02:00 CET" where the time happens twice that day. */
export function formatTime(iso: string, zone: string, locale: VisitorLocale): string {
  return formatWallClockTime(DateTime.fromISO(iso, { zone }), locale.hour12);
}

const dayOf = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toISODate()!;
const dayLabel = (day: string) => DateTime.fromISO(day).setLocale('en-GB').toFormat('cccc d LLLL');
const zoneLabel = (zone: string) => zone.replace(/_/g, ' ');

function badges(view: SlotPickerView): SafeHtml {
  const e = view.eventType;
  const items: string[] = [`${e.durationMinutes} min`];
  if (e.location) items.push(/^https?:/.test(e.location) ? 'Video call' : e.location);
  if (e.requiresApproval) items.push('Requires approval');
  if (e.price) items.push(formatMoney(e.price.amount, e.price.currency));
  if (e.seats) items.push(`${e.seats} seats per session`);
  return html`<ul class="badges" aria-label="Details">${items.map((text) => html`<li class="badge">${text}</li>`)}</ul>`;
}

function monthCalendar(view: SlotPickerView, href: (q: Record<string, string>) => string, counts: Map<string, number>): SafeHtml {
  const first = DateTime.fromISO(`${view.month}-01`);
  const lead = (first.weekday - view.locale.firstWeekday + 7) % 7;
  const cells: Array<string | null> = [...Array.from({ length: lead }, () => null), ...Array.from({ length: first.daysInMonth! }, (_, i) => first.plus({ days: i }).toISODate()!)];
  while (cells.length % 7) cells.push(null);
  const weekdays = Array.from({ length: 7 }, (_, i) => DateTime.fromISO('2024-01-01').plus({ days: (view.locale.firstWeekday - 1 + i) % 7 }).setLocale('en-GB'));
  const prev = first.minus({ months: 1 }).toFormat('yyyy-LL');
  const next = first.plus({ months: 1 }).toFormat('yyyy-LL');
  const monthName = first.setLocale('en-GB').toFormat('LLLL yyyy');
  const cell = (day: string | null) => {
    if (!day) return html`<td></td>`;
    const n = counts.get(day) ?? 0;
    const number = Number(day.slice(8));
    if (!n) return html`<td><span class="day-off"${day === view.today ? html` aria-current="date"` : ''}>${number}</span></td>`;
    const label = `${dayLabel(day)}, ${n} ${n === 1 ? 'time' : 'times'} free`;
    return html`<td><a class="day-on${day === view.day ? ' chosen' : ''}" href="${href({ date: day })}" aria-label="${label}"${day === view.day ? html` aria-current="true"` : ''}>${number}</a></td>`;
  };
  const rows = Array.from({ length: cells.length / 7 }, (_, w) => html`<tr>${cells.slice(w * 7, w * 7 + 7).map(cell)}</tr>`);
  return html`<div class="calendar">
<div class="month-nav"><h2 id="month-heading">${monthName}</h2>
${view.month > view.today.slice(0, 7) ? html`<a class="icon-button" href="${href({ month: prev })}" aria-label="Previous month">‹</a>` : html`<span class="icon-button disabled" aria-hidden="true">‹</span>`}
<a class="icon-button" href="${href({ month: next })}" aria-label="Next month">›</a></div>
<table class="month" aria-labelledby="month-heading"><thead><tr>${weekdays.map((d) => html`<th scope="col"><abbr title="${d.toFormat('cccc')}">${d.toFormat('ccc')}</abbr></th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function dayTimes(view: SlotPickerView): SafeHtml {
  if (view.awaitingHosts) return html`<h2 id="slots-heading">Not open for booking yet</h2><p>Not everyone hosting this meeting has confirmed yet, so no times are offered. Please try again later.</p>`;
  // A collective type with no common time at all: each host's state per time, whatever the day.
  if (view.people) return peopleStates(view);
  if (!view.day) return html`<h2 id="slots-heading">No free times this month</h2><p class="muted">Try the next month.</p>`;
  const label = dayLabel(view.day);
  const slots = view.slots.filter((s) => dayOf(s.start, view.timezone) === view.day);
  const full = (view.full ?? []).filter((s) => dayOf(s.start, view.timezone) === view.day);
  return html`<h2 id="slots-heading">${label}</h2>
<p class="muted zone-note">Times in ${zoneLabel(view.timezone)}</p>
${slots.length ? '' : html`<p>No free times on this day.</p>`}
<ul class="plain slots" aria-label="${label}">${slots.map((s) => {
    const t = formatTime(s.start, view.timezone, view.locale);
    const seats = s.seatsTotal !== undefined ? `${s.seatsLeft} of ${s.seatsTotal} seats left` : '';
    return html`<li><a href="${view.slotHref(s)}" aria-label="${label}, ${t}${seats ? `, ${seats}` : ''}">${t}${seats ? html` <span class="seats">${seats}</span>` : ''}</a></li>`;
  })}</ul>
${full.length && view.waitlistAction ? fullSessions(full, view, view.waitlistAction) : ''}`;
}

/** "No time suits everyone" and, per time, each host's state ("alice busy, bob free"). */
function peopleStates(view: SlotPickerView): SafeHtml {
  if (!view.people?.times.length) return html`<h2 id="slots-heading">No free times this month</h2><p class="muted">Try the next month.</p>`;
  const { people, times } = view.people;
  return html`<h2 id="slots-heading">Who is free when</h2><p>No time suits everyone this week.</p>
<table class="people-states"><tbody>${times.map((t) => html`<tr><th scope="row">${DateTime.fromISO(t.start, { zone: view.timezone }).setLocale('en-GB').toFormat('ccc d LLL')} ${formatTime(t.start, view.timezone, view.locale)}</th><td>${people.map((p) => `${p} ${t.states[p]}`).join(', ')}</td></tr>`)}</tbody></table>`;
}

/** Full group sessions, each with a no-JavaScript "Join waitlist" button. */
function fullSessions(full: SlotDetails[], view: SlotPickerView, action: string): SafeHtml {
  const zone = view.timezone;
  return html`<h3 id="full-heading">Full sessions</h3>
<ul class="plain full" aria-labelledby="full-heading">${full.map((s) => {
    const label = `${DateTime.fromISO(s.start, { zone }).setLocale('en-GB').toFormat('cccc d LLLL')}, ${formatTime(s.start, zone, view.locale)}`;
    return html`<li><form method="get" action="${action}"><span>${label} · full</span> <input type="hidden" name="start" value="${s.start}"><input type="hidden" name="timezone" value="${zone}">${hiddenFields(view.keep)}<button type="submit" class="secondary" aria-label="Join the waitlist for ${label}">Join waitlist</button></form></li>`;
  })}</ul>`;
}

export function slotPickerPage(view: SlotPickerView): string {
  const href = (q: Record<string, string>) => `${view.pagePath}?${new URLSearchParams({ ...(view.keep ?? {}), timezone: view.timezone, ...q }).toString()}`;
  const counts = new Map<string, number>();
  for (const s of view.slots) counts.set(dayOf(s.start, view.timezone), (counts.get(dayOf(s.start, view.timezone)) ?? 0) + 1);
  const body = html`<div data-detect-timezone data-current-timezone="${view.timezone}"${view.timezoneChosen ? html` data-chosen` : ''}></div>
<div class="booking card">
<section class="about" aria-label="About this meeting">
<div class="host">${avatar(view.hostNames, view.avatarUrl)}<span class="host-name">${view.hostNames}</span></div>
<h1>${view.heading}</h1>
${badges(view)}
${view.eventType.description ? html`<p class="description">${view.eventType.description}</p>` : ''}
</section>
<section class="picker" aria-label="Pick a day">
${view.message ?? ''}
${monthCalendar(view, href, counts)}
<form class="zone" method="get" action="${view.pagePath}" data-autosubmit>
${Object.entries(view.keep ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
${view.day ? html`<input type="hidden" name="date" value="${view.day}">` : html`<input type="hidden" name="month" value="${view.month}">`}
<label for="timezone">Time zone</label>
<div class="zone-row">${timezoneSelect(view.timezone)}<button type="submit" class="secondary">Update</button></div>
</form>
${suggestedTimes(view.suggested ?? [], view.timezone, view.slotHref, (iso) => formatTime(iso, view.timezone, view.locale))}
</section>
<section class="times" aria-labelledby="slots-heading">
${dayTimes(view)}
</section>
</div>`;
  return layout(view.heading, body, { meta: view.meta, brand: view.brand });
}
