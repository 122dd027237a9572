/**
 * The e-mails people on a waitlist get: one layout (greeting, lead, labelled lines, an optional
 * note and link), each time in the entry's own zone (the zone they joined with).
 */
import { html } from '../notify/html.js';
import { formatMeetingTime } from '../notify/email/render.js';
import type { EmailPayload } from '../notify/outbox.js';
import type { WaitlistRow } from './offers.js';

type Entry = Pick<WaitlistRow, 'name' | 'email' | 'timezone'>;

interface SessionTimes {
  title: string;
  start_at: Date;
  end_at: Date;
}

export interface WaitlistNotice {
  subject: string;
  lead: string;
  /** Labelled lines, e.g. ['When', 'Tuesday, 1 December 2026, 10:00–11:00 (Europe/Paris)']. */
  rows: Array<[string, string]>;
  note?: string | null;
  /** [label, url] of the one action the e-mail offers. */
  link?: [string, string];
}

/** A waitlist e-mail in its plain text and HTML parts (every value escaped in the HTML). */
export function renderWaitlistNotice(entry: Pick<WaitlistRow, 'name' | 'email'>, notice: WaitlistNotice): EmailPayload {
  const { subject, lead, rows, note, link } = notice;
  const text = [`Hello ${entry.name},`, '', lead, '', ...rows.map(([k, v]) => `${k}: ${v}`), ...(note ? ['', note] : []), ...(link ? ['', `${link[0]}: ${link[1]}`] : []), '', '— Yava'].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem">
<p>Hello ${entry.name},</p><p>${lead}</p>${rows.map(([k, v]) => html`<p><strong>${k}:</strong> ${v}</p>`)}${note ? html`<p>${note}</p>` : ''}${link ? html`<p><a href="${link[1]}" style="color:#0b57d0">${link[0]}</a></p>` : ''}</body></html>`;
  return { to: entry.email, toName: entry.name, subject, text, html: body.value, ics: null, icsMethod: null };
}

/** To someone in the line of a session the host canceled: the line is closed. */
export function renderWaitlistCanceledEmail(entry: Entry, session: SessionTimes, reason: string | null): EmailPayload {
  return renderWaitlistNotice(entry, {
    subject: `Canceled: ${session.title}`,
    lead: `The host canceled ${session.title}, whose waitlist you were on: its waitlist is closed, and no seat will be offered to you.`,
    rows: [['When', formatMeetingTime(new Date(session.start_at), new Date(session.end_at), entry.timezone)]],
    note: reason ? `Reason: ${reason}` : null,
  });
}

/**
 * To someone in the line of a session the host moved: its new time and the time they joined for,
 * and that their place (or the seat held for them) went along.
 */
export function renderWaitlistMovedEmail(entry: Entry & Pick<WaitlistRow, 'status'>, session: SessionTimes, previous: { start: Date; end: Date }): EmailPayload {
  const place =
    entry.status === 'offered'
      ? 'The seat held for you moved with it: take it with the link in the e-mail that offered it, before the hold ends.'
      : 'You keep your place in line, and a seat that frees up is offered to you at the new time.';
  return renderWaitlistNotice(entry, {
    subject: `New time: ${session.title}`,
    lead: `The host moved ${session.title}, whose waitlist you are on, to a new time. ${place}`,
    rows: [
      ['When', formatMeetingTime(new Date(session.start_at), new Date(session.end_at), entry.timezone)],
      ['Was', formatMeetingTime(previous.start, previous.end, entry.timezone)],
    ],
  });
}
