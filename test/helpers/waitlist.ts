import { expect } from 'chai';
import type { RunningServer } from '../../server/compose.js';

/** The offer link's token from the one waitlist offer e-mail queued for `email`. */
export async function offerTokenFor(server: RunningServer, email: string): Promise<string> {
  const rows: Array<{ payload: { to: string; subject: string; text: string } | string }> = await server.deps.db('outbox').where({ channel: 'email' }).whereRaw("payload->>'to' = ?", [email]);
  const offers = rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload)).filter((p) => /^A seat is free/.test(p.subject));
  expect(offers, `one offer e-mail to ${email}`).to.have.length(1);
  return /\/waitlist\/(yava_wl_[\w-]+)/.exec(offers[0].text)![1]!;
}
