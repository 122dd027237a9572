import { html } from '../../../core/notify/html.js';
import type { UnsubscribeTarget } from '../../../core/notify/preferences/unsubscribe.js';

const LABEL: Record<UnsubscribeTarget['kind'], string> = {
  confirmation: 'booking confirmations',
  reminder: 'meeting reminders',
  cancellation: 'cancellation notices',
  follow_up: 'follow-ups after meetings',
  weekly_summary: 'the weekly summary',
};

export type UnsubscribePage = { state: 'ask'; target: UnsubscribeTarget; action: string } | { state: 'done'; target: UnsubscribeTarget } | { state: 'invalid' };

/** The small page behind an unsubscribe link: a button (GET), the result (POST), or a broken link. */
export function renderUnsubscribePage(page: UnsubscribePage): string {
  const body =
    page.state === 'invalid'
      ? html`<p>This unsubscribe link is not valid. Copy the whole link from the e-mail.</p>`
      : page.state === 'ask'
        ? html`<p>Stop e-mailing ${page.target.email} about ${LABEL[page.target.kind]}?</p>
<form method="post" action="${page.action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`
        : html`<p>Done: ${page.target.email} gets no more e-mails about ${LABEL[page.target.kind]}. Turn them back on with <code>yava notifications prefs</code>.</p>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Unsubscribe — Yava</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">
<h1>Unsubscribe</h1>
${body}
</body></html>`.value;
}
