/** The booking page's "Suggested times": the best three of a smart ranking, each with why. */
import { DateTime } from 'luxon';
import type { SlotDetails } from '../../../core/booking/types.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';

export function suggestedTimes(slots: readonly SlotDetails[], zone: string, href: (slot: SlotDetails) => string): SafeHtml | string {
  if (slots.length === 0) return '';
  return html`<h2 id="suggested-heading">Suggested times</h2>
<ol class="plain suggested" aria-labelledby="suggested-heading">${slots.map((s) => {
    const label = DateTime.fromISO(s.start, { zone }).setLocale('en-GB').toFormat('cccc d LLLL, HH:mm');
    return html`<li><a href="${href(s)}">${label}</a> <span class="muted">${(s.reasons ?? []).slice(0, 2).join('; ')}</span></li>`;
  })}</ol>`;
}
