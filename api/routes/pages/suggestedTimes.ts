/** The booking page's "Suggested times": the best three of a smart ranking, each with why. */
import { DateTime } from 'luxon';
import type { SlotDetails } from '../../../core/booking/types.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';

/** `time` writes a start on the visitor's clock ("3:00 PM" or "15:00"; 24-hour by default). */
export function suggestedTimes(slots: readonly SlotDetails[], zone: string, href: (slot: SlotDetails) => string, time: (iso: string) => string = (iso) => DateTime.fromISO(iso, { zone }).toFormat('HH:mm')): SafeHtml | string {
  if (slots.length === 0) return '';
  return html`<h2 id="suggested-heading">Suggested times</h2>
<ol class="plain suggested" aria-labelledby="suggested-heading">${slots.map((s) => {
    const label = `${DateTime.fromISO(s.start, { zone }).setLocale('en-GB').toFormat('cccc d LLLL')}, ${time(s.start)}`;
    return html`<li><a href="${href(s)}">${label}</a> <span class="muted">${(s.reasons ?? []).slice(0, 2).join('; ')}</span></li>`;
  })}</ol>`;
}
