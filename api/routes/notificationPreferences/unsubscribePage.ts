import { html } from '../../../core/notify/html.js';
import type { UnsubscribeTarget } from '../../../core/notify/preferences/unsubscribe.js';
import { layout } from '../pages/layout.js';

const LABEL: Record<UnsubscribeTarget['kind'], string> = {
  confirmation: 'booking confirmations',
  reminder: 'meeting reminders',
  cancellation: 'cancellation notices',
  follow_up: 'follow-ups after meetings',
  weekly_summary: 'the weekly summary',
  host_invitation: "invitations to host other people's event types",
};

export type UnsubscribePage =
  | { state: 'ask'; target: UnsubscribeTarget; action: string }
  | { state: 'done'; target: UnsubscribeTarget; action: string }
  | { state: 'undone'; target: UnsubscribeTarget & { account: boolean } }
  | { state: 'invalid' };

/**
 * The small page behind an unsubscribe link: a button (GET), the result (POST), or a broken link.
 * In the site's layout and stylesheet: the CSP (style-src 'self') forbids inline styles. Most
 * readers are invitees without an account, so the result says what still works for them.
 */
export function renderUnsubscribePage(page: UnsubscribePage): string {
  const body =
    page.state === 'invalid'
      ? html`<div class="notice error" role="alert">This unsubscribe link is not valid. Copy the whole link from the e-mail.</div>`
      : page.state === 'ask'
        ? html`<p>Stop e-mailing ${page.target.email} about ${LABEL[page.target.kind]}?</p>
<form class="card" method="post" action="${page.action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`
        : page.state === 'undone'
          ? page.target.account
            ? html`<div class="notice info" role="status">${page.target.email} belongs to a Yava account: turn e-mails about ${LABEL[page.target.kind]} back on under <a href="/app/notifications">Notifications</a>.</div>`
            : html`<div class="notice ok" role="status">Done: ${page.target.email} gets e-mails about ${LABEL[page.target.kind]} again.</div>`
          : html`<div class="notice ok" role="status">Done: ${page.target.email} gets no more e-mails about ${LABEL[page.target.kind]}.</div>
<p>Your meetings are unchanged: the links in earlier e-mails still open them, to add them to your calendar, reschedule or cancel.</p>
<form method="post" action="${page.action}/undo"><button type="submit" class="secondary">Undo: e-mail me about ${LABEL[page.target.kind]} again</button></form>
<p class="muted">Have a Yava account with this address? You can also change this under <a href="/app/notifications">Notifications</a>.</p>`;
  return layout('Unsubscribe', html`<h1>Unsubscribe</h1>\n${body}`, { meta: { noindex: true } });
}
