/** The summary e-mail: the summary, decisions and action items, as text and escaped HTML. */
import { html } from '../notify/html.js';
import type { MeetingSummary } from './extractive.js';

export function renderSummaryEmail(input: { title: string; start: Date; summary: MeetingSummary; link: string }): { subject: string; text: string; html: string } {
  const { summary: s } = input;
  const day = input.start.toISOString().slice(0, 10);
  const items = s.actionItems.map((a) => `${a.text}${a.owner ? ` (${a.owner}${a.due ? `, ${a.due}` : ''})` : a.due ? ` (${a.due})` : ''}`);
  const text = [
    `Summary of "${input.title}" (${day})`,
    '',
    s.summary,
    ...(s.decisions.length ? ['', 'Decisions:', ...s.decisions.map((d) => `- ${d}`)] : []),
    ...(items.length ? ['', 'Action items:', ...items.map((a) => `- ${a}`)] : []),
    '',
    `Full summary: ${input.link}`,
  ].join('\n');
  const list = (title: string, entries: string[]) => (entries.length ? html`<h2>${title}</h2><ul>${entries.map((e) => html`<li>${e}</li>`)}</ul>` : '');
  const body = html`<h1>Summary of ${input.title}</h1><p>${day}</p><p>${s.summary}</p>${list('Decisions', s.decisions)}${list('Action items', items)}`;
  return { subject: `Summary: ${input.title}`, text, html: body.value };
}
