/**
 * The booking page's series parts: the "repeat" fields of the booking form (event types that
 * allow series; plain HTML, no JavaScript), and the page shown once a series is booked.
 */
import type { ScheduleSeriesResult } from '../../../core/booking/index.js';
import type { EventTypeDetails } from '../../../core/booking/types.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { formatRange, layout } from './views.js';

const REPEAT_CHOICES: Array<{ value: string; label: string }> = [
  { value: '', label: 'Just this once' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'every-2-weeks', label: 'Every 2 weeks' },
  { value: 'monthly', label: 'Monthly' },
];

/** The form's `repeat` value as a recurrence: "weekly", "every-2-weeks", "monthly"; null for once. */
export function recurrenceOfForm(repeat: string | undefined, count: number | undefined): { frequency: 'weekly' | 'monthly'; interval: number; count: number } | null {
  if (!repeat) return null;
  const frequency = repeat === 'monthly' ? 'monthly' : 'weekly';
  return { frequency, interval: repeat === 'every-2-weeks' ? 2 : 1, count: count ?? 2 };
}

/** "Repeat [weekly] for [N] meetings", and "book the free ones if some are taken": empty for event types without series. */
export function repeatFields(eventType: Pick<EventTypeDetails, 'allowsSeries' | 'seriesMaxOccurrences'>, values: { repeat?: string; count?: string; allowPartial?: string } = {}): SafeHtml {
  if (!eventType.allowsSeries) return html``;
  const max = eventType.seriesMaxOccurrences;
  return html`<fieldset class="field"><legend>Repeat</legend>
<label for="repeat">Repeat</label><select id="repeat" name="repeat">${REPEAT_CHOICES.map((c) => html`<option value="${c.value}"${c.value === (values.repeat ?? '') ? html` selected` : html``}>${c.label}</option>`)}</select>
<label for="count">for</label><input id="count" name="count" type="number" min="2" max="${String(max)}" value="${values.count ?? '4'}"> <span class="muted">meetings (at most ${String(max)})</span>
<label><input type="checkbox" name="allowPartial" value="1"${values.allowPartial ? html` checked` : html``}> If some are taken, book the free ones</label>
</fieldset>`;
}

/**
 * The page after booking a series: each meeting with its own manage link, and those not booked.
 * `kept`: query fields its links carry on (embed=1, utm_*); with embed=1 the page has no chrome.
 */
export function seriesBookedPage(result: ScheduleSeriesResult, view: { eventTitle: string; timezone: string; kept?: Record<string, string>; emailed?: boolean }): string {
  const kept = view.kept ?? {};
  const manageHref = (id: string, token: string) => `/meetings/${id}?${new URLSearchParams({ token, ...kept }).toString()}`;
  const { series, occurrences, conflicts } = result;
  const body = html`<h1>Booked: ${view.eventTitle}, ${occurrences.length} meeting${occurrences.length === 1 ? '' : 's'}</h1>
<p class="notice success">Your series is booked. ${view.emailed === false ? 'No e-mail is coming to you: keep the manage links below.' : 'We e-mailed you one invitation for the whole series.'}</p>
<ol class="card">${occurrences.map(
    (o) => html`<li value="${String(o.index)}">${formatRange(o.booking.start, o.booking.end, view.timezone)} — <a href="${manageHref(o.booking.id, o.manageToken)}">manage</a></li>`,
  )}</ol>
${conflicts.length ? html`<div class="notice error"><p>Not booked:</p><ul>${conflicts.map((c) => html`<li>${c.label}, ${c.local} (${c.reason.replace(/_/g, ' ')})</li>`)}</ul></div>` : html``}
<p class="muted">Times in ${view.timezone.replace(/_/g, ' ')}; the series repeats in ${series.timezone.replace(/_/g, ' ')}.</p>`;
  return layout(`Booked ${view.eventTitle}`, body, { meta: { noindex: true, embed: kept.embed === '1' } });
}
