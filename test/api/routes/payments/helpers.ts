import type { RunningServer } from '../../../../server/compose.js';
import type { Clock } from '../../../../core/clock.js';
import { startFakeStripe, type FakeStripe } from '../../../fakes/stripe.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { invitee } from '../../../helpers/scheduling.js';

export const WEBHOOK_SECRET = 'whsec_test_secret_for_yava';

/** Books a slot of `user`'s event type as invitee n; returns the response. */
export function bookSlot(call: ApiCall, user: string, eventType: string, start: string, n = 1, extra: Record<string, unknown> = {}) {
  return call('POST', '/api/meetings/schedule', { body: { user, eventType, start, invitee: invitee(n), ...extra } });
}

/** Slot starts offered for one UTC day. */
export async function offeredStarts(call: ApiCall, user: string, eventType: string, day: string): Promise<string[]> {
  const res = await call('GET', `/api/availability?user=${user}&eventType=${eventType}&from=${day}&to=${day}&timezone=UTC`);
  if (res.status !== 200) throw new Error(`availability: ${res.status} ${res.text}`);
  return res.body.slots.map((s: { start: string }) => s.start);
}

/** Confirmation e-mails queued for a booking (one per recipient). */
export async function confirmationEmails(server: RunningServer, bookingId: string): Promise<string[]> {
  const rows: Array<{ idempotency_key: string }> = await server.deps.db('outbox').where({ booking_id: bookingId, channel: 'email' }).whereLike('idempotency_key', '%:created:%').select('idempotency_key');
  return rows.map((r) => r.idempotency_key);
}

/** Delivers everything queued (e-mails, refunds). */
export function drainOutbox(server: RunningServer) {
  return server.deps.services.notify.createDispatcher().drain();
}

/** A fake Stripe and a server using it (keys set), on the shared test database. */
export async function startWithFakeStripe(clock: Clock, env: Record<string, string> = {}) {
  const stripe = await startFakeStripe();
  const server = await startTestServer({ clock, env: { STRIPE_SECRET_KEY: 'sk_test_yava', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripe.url, ...env } });
  return { stripe, server, call: apiClient(server.url) };
}

/**
 * Pays a booking's Checkout Session at the fake Stripe and delivers the signed
 * checkout.session.completed webhook; returns the webhook's answer and the PaymentIntent id.
 */
export async function payWithStripe(server: RunningServer, stripe: FakeStripe, bookingId: string): Promise<{ status: number; paymentIntent: string }> {
  const session = await checkoutIdOf(server, bookingId);
  stripe.pay(session);
  const payload = stripe.event('checkout.session.completed', session);
  const res = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload, WEBHOOK_SECRET) }, body: payload });
  return { status: res.status, paymentIntent: stripe.sessions.get(session)!.payment_intent! };
}

/** Books `user`'s `eventType` at `start` as invitee n and pays it with Stripe (signed webhook); returns the booking and its PaymentIntent id. */
export async function bookPaidWithStripe(server: RunningServer, stripe: FakeStripe, user: string, eventType: string, start: string, n: number) {
  const booked = await bookSlot(apiClient(server.url), user, eventType, start, n);
  if (booked.status !== 201) throw new Error(`booking: ${booked.status} ${booked.text}`);
  const paid = await payWithStripe(server, stripe, booked.body.id);
  if (paid.status !== 200) throw new Error(`payment webhook: ${paid.status}`);
  return { booking: booked.body as { id: string; icalUid: string; manageToken: string }, paymentIntent: paid.paymentIntent };
}

/** The provider checkout id (Checkout Session or PayPal order) of a booking's payment. */
export async function checkoutIdOf(server: RunningServer, bookingId: string): Promise<string> {
  return (await server.deps.db('payments').where({ booking_id: bookingId }).first()).checkout_id as string;
}
