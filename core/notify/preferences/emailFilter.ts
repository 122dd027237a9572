/**
 * Booking e-mails (confirmations, cancellations) as people want them: a recipient who
 * turned the kind off for e-mail, or unsubscribed by link, gets none; everyone else gets
 * the one-click unsubscribe link in the message and in its RFC 8058 headers.
 */
import type { Knex } from 'knex';
import { escapeHtml } from '../html.js';
import type { EmailPayload, NewOutboxMessage } from '../outbox.js';
import type { NotificationKind } from '../reminders/types.js';
import type { BookingChange } from '../types.js';
import { isWanted, loadPreferenceState } from './store.js';
import { unsubscribeUrl } from './unsubscribe.js';

/** Changes an outbox notifier post-processes before it queues them. */
export type OutboxDecorator = (trx: Knex.Transaction, messages: NewOutboxMessage[], change: BookingChange) => Promise<NewOutboxMessage[]>;

/** The kind of notification a booking change's e-mail is. */
export function kindOfChange(type: BookingChange['type']): NotificationKind {
  return type === 'canceled' || type === 'declined' ? 'cancellation' : 'confirmation';
}

/** The e-mail with an unsubscribe line at the end of its text and HTML, and the link recorded for the headers. */
export function withUnsubscribeLink(payload: EmailPayload, url: string): EmailPayload {
  const line = `<p style="color:#555;font-size:.85rem"><a href="${escapeHtml(url)}">Unsubscribe</a> from these e-mails.</p>`;
  const html = payload.html.includes('</body>') ? payload.html.replace('</body>', `${line}\n</body>`) : `${payload.html}\n${line}`;
  return { ...payload, text: `${payload.text}\n\nUnsubscribe: ${url}`, html, unsubscribeUrl: url };
}

/** Drops unwanted booking e-mails and adds unsubscribe links to the rest. */
export function createEmailPreferenceFilter(options: { publicUrl: string; unsubscribeKey: Buffer }): OutboxDecorator {
  return async (trx, messages, change) => {
    const emails = messages.filter((m) => m.channel === 'email');
    if (!emails.length) return messages;
    const changeKind = kindOfChange(change.type);
    const state = await loadPreferenceState(
      trx,
      [],
      emails.map((m) => (m.payload as EmailPayload).to),
    );
    return messages.flatMap((m) => {
      if (m.channel !== 'email') return [m];
      const payload = m.payload as EmailPayload;
      // A former host's copy of a reassignment takes the meeting off their calendar: a cancellation to them.
      const kind = payload.icsMethod === 'CANCEL' ? 'cancellation' : changeKind;
      if (!isWanted(state, { userId: null, email: payload.to }, 'email', kind)) return [];
      return [{ ...m, payload: withUnsubscribeLink(payload, unsubscribeUrl(options.publicUrl, options.unsubscribeKey, { email: payload.to, kind })) }];
    });
  };
}
