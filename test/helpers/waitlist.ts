import { expect } from 'chai';
import type { RunningServer } from '../../server/compose.js';

export interface QueuedEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const payloadOf = (row: { payload: QueuedEmail | string }): QueuedEmail => (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload);

/** The offer link's token from the one waitlist offer e-mail queued for `email`. */
export async function offerTokenFor(server: RunningServer, email: string): Promise<string> {
  const rows: Array<{ payload: QueuedEmail | string }> = await server.deps.db('outbox').where({ channel: 'email' }).whereRaw("payload->>'to' = ?", [email]);
  const offers = rows.map(payloadOf).filter((p) => /^A seat is free/.test(p.subject));
  expect(offers, `one offer e-mail to ${email}`).to.have.length(1);
  return /\/waitlist\/(yava_wl_[\w-]+)/.exec(offers[0]!.text)![1]!;
}

/** The waitlist e-mails of one kind queued so far (keys `email:waitlist-<kind>:…`), in the order queued. */
export async function queuedWaitlistEmails(server: RunningServer, kind: 'offer' | 'canceled' | 'moved'): Promise<QueuedEmail[]> {
  const rows: Array<{ payload: QueuedEmail | string }> = await server.deps.db('outbox').whereLike('idempotency_key', `email:waitlist-${kind}:%`).orderBy('seq').select('payload');
  return rows.map(payloadOf);
}
