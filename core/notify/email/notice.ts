/**
 * A short notice to one person (a host told of a calendar gone, a refund that failed): a greeting,
 * a few lines, the sign-off; plain text and the same in HTML. Pure.
 */
import { html } from '../html.js';
import type { EmailPayload } from '../outbox.js';

/** @example noticeEmail({ name: 'Ada', email: 'ada@x.org' }, 'Refund failed', ['Stripe did not refund EUR 35.00.']) */
export function noticeEmail(to: { name: string; email: string }, subject: string, lines: string[]): EmailPayload {
  return {
    to: to.email,
    toName: to.name,
    subject,
    text: [`Hi ${to.name},`, '', ...lines, '', '— Yava'].join('\n'),
    html: html`<p>Hi ${to.name},</p>${lines.map((l) => html`<p>${l}</p>`)}<p>— Yava</p>`.value,
    ics: null,
    icsMethod: null,
  };
}
