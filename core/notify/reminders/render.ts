/**
 * The words of reminders and follow-ups on each channel, in the recipient's zone. Pure.
 * A rule's template may use {{name}}, {{title}}, {{when}}, {{link}} and {{in}}.
 */
import { html } from '../html.js';
import { formatMeetingTime } from '../email/render.js';

export interface NoticeMeeting {
  title: string;
  start: Date;
  end: Date;
  location: string | null;
}

export interface RenderNoticeOptions {
  kind: 'reminder' | 'follow_up';
  meeting: NoticeMeeting;
  recipient: { name: string; timezone: string };
  offsetMinutes: number;
  template: string | null;
  link: string;
}

export interface RenderedNotice {
  subject: string;
  /** One paragraph: the template's words, or the default ones. */
  text: string;
}

/** "1 hour", "24 hours", "90 minutes", "2 days". */
export function describeLead(minutes: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0 && minutes >= 2880) return unit(minutes / 1440, 'day');
  if (minutes % 60 === 0 && minutes > 0) return unit(minutes / 60, 'hour');
  return unit(minutes, 'minute');
}

/** Replaces {{key}} with its value; unknown keys stay as written. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in values ? values[key]! : whole));
}

/** Subject and text of one reminder or follow-up. */
export function renderNotice(options: RenderNoticeOptions): RenderedNotice {
  const { kind, meeting, recipient, offsetMinutes, template, link } = options;
  const when = formatMeetingTime(meeting.start, meeting.end, recipient.timezone);
  const lead = describeLead(offsetMinutes);
  const values = { name: recipient.name, title: meeting.title, when, link, in: lead };
  if (kind === 'reminder') {
    const subject = `Reminder: ${meeting.title} ${offsetMinutes === 0 ? 'now' : `in ${lead}`}`;
    const fallback = `${meeting.title} starts ${offsetMinutes === 0 ? 'now' : `in ${lead}`}: ${when}${meeting.location ? ` at ${meeting.location}` : ''}. ${link}`;
    return { subject, text: template ? fillTemplate(template, values) : fallback };
  }
  const subject = `Follow-up: ${meeting.title}`;
  const fallback = `Thank you for meeting (${meeting.title}, ${when}). ${link}`;
  return { subject, text: template ? fillTemplate(template, values) : fallback };
}

/** A plain e-mail around a notice: greeting, the notice, sign-off, and the unsubscribe link. */
export function renderNoticeEmail(notice: RenderedNotice, recipientName: string, unsubscribeUrl: string): { subject: string; text: string; html: string } {
  const text = [`Hello ${recipientName},`, '', notice.text, '', '— Yava', '', `Unsubscribe: ${unsubscribeUrl}`].join('\n');
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${notice.subject}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1a1a;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">
<p>Hello ${recipientName},</p>
<p>${notice.text}</p>
<p>— Yava</p>
<p style="color:#555;font-size:.85rem"><a href="${unsubscribeUrl}">Unsubscribe</a></p>
</body></html>`;
  return { subject: notice.subject, text, html: body.value };
}
