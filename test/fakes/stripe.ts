/**
 * A fake Stripe API on 127.0.0.1 speaking Stripe's wire format (form-encoded requests with
 * bracketed keys, JSON objects, `Idempotency-Key`), enough for Checkout Sessions (payment and
 * subscription mode, expiring an open one), subscriptions and refunds.
 * The real `stripe` client talks to it (host/port/protocol). Events are built as Stripe sends
 * them; tests sign them with `stripe.webhooks.generateTestHeaderString`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { readBody, sendJson } from './http.js';

export interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  url: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  subscription: string | null;
  customer: string | null;
  customer_email: string | null;
  /** The Price of a subscription-mode session's first line. */
  price: string | null;
  /** subscription_data[metadata]: what the subscription will carry. */
  subscription_metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
}

export interface FakeSubscription {
  id: string;
  object: 'subscription';
  customer: string;
  status: string;
  metadata: Record<string, string>;
  items: { object: 'list'; data: Array<{ id: string; object: 'subscription_item'; price: { id: string; object: 'price' }; current_period_end: number }> };
}

export interface FakeStripe {
  url: string;
  sessions: Map<string, FakeSession>;
  subscriptions: Map<string, FakeSubscription>;
  refunds: Array<{ id: string; payment_intent: string; amount: number; idempotencyKey: string | undefined; metadata: Record<string, string>; status: string }>;
  /**
   * How the next refund requests go, one each: `refuse` (400, the charge already refunded),
   * `error` (500), `pending` (taken, status pending: a bank refund) or `made-then-error` (made, but
   * the answer lost: a 500, as a timeout after Stripe made it); then `succeeded`.
   */
  refundOutcomes: Array<'refuse' | 'error' | 'pending' | 'made-then-error'>;
  /** Runs while a refund request is being answered (a test's way into the moment Yava waits on Stripe). */
  whileRefunding: ((form: Record<string, string>) => Promise<void>) | null;
  /** Requests as received: method, path, form fields, idempotency key. */
  requests: Array<{ method: string; path: string; form: Record<string, string>; idempotencyKey?: string }>;
  /** The payer pays: the session becomes paid with a PaymentIntent. */
  pay(sessionId: string): FakeSession;
  /** The buyer completes a subscription-mode session: a subscription exists, active, for its Price. */
  subscribe(sessionId: string): FakeSubscription;
  /** A webhook event about a session or subscription (by id), as Stripe sends it (JSON text). */
  event(type: string, objectId: string, eventId?: string): string;
  /** A webhook event about any object (e.g. a PaymentIntent), as Stripe sends it. */
  eventOf(type: string, object: Record<string, unknown>, eventId?: string): string;
  /** `Stripe-Signature` for a payload, made as Stripe makes it. */
  sign(payload: string, secret: string): string;
  close(): Promise<void>;
}

/** `prefix[key]=value` form fields as {key: value}. */
function bracketed(form: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) if (key.startsWith(`${prefix}[`) && key.endsWith(']') && !key.slice(prefix.length + 1, -1).includes('[')) out[key.slice(prefix.length + 1, -1)] = value;
  return out;
}

function receipt(pi: string) {
  return `https://pay.stripe.com/receipts/payment/${pi}`;
}

function expanded(session: FakeSession) {
  if (!session.payment_intent) return session;
  return { ...session, payment_intent: { id: session.payment_intent, object: 'payment_intent', latest_charge: { id: `ch_${session.payment_intent.slice(3)}`, object: 'charge', receipt_url: receipt(session.payment_intent) } } };
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const sessions = new Map<string, FakeSession>();
  const subscriptions = new Map<string, FakeSubscription>();
  const refunds: FakeStripe['refunds'] = [];
  const refundOutcomes: FakeStripe['refundOutcomes'] = [];
  const requests: FakeStripe['requests'] = [];
  const replies = new Map<string, unknown>();
  let n = 0;
  const stripe = new Stripe('sk_test_fake');
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    requests.push({ method: req.method ?? '', path: url.pathname, form, idempotencyKey });
    if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_')) return sendJson(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    const replay = idempotencyKey ? replies.get(`${url.pathname}:${idempotencyKey}`) : undefined;
    if (replay) return sendJson(res, 200, replay);
    let body: unknown;
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      n += 1;
      const id = `cs_test_${n}`;
      const session: FakeSession = {
        id, object: 'checkout.session', mode: form.mode ?? 'payment', url: `https://checkout.stripe.com/c/pay/${id}`, status: 'open', payment_status: 'unpaid',
        amount_total: Number(form['line_items[0][price_data][unit_amount]'] ?? 0), currency: form['line_items[0][price_data][currency]'] ?? 'usd',
        client_reference_id: form.client_reference_id ?? null, metadata: bracketed(form, 'metadata'), payment_intent: null,
        subscription: null, customer: form.customer ?? null, customer_email: form.customer_email ?? null, price: form['line_items[0][price]'] ?? null,
        subscription_metadata: bracketed(form, 'subscription_data[metadata]'),
        success_url: form.success_url ?? '', cancel_url: form.cancel_url ?? '',
      };
      sessions.set(id, session);
      body = session;
    } else if (req.method === 'GET' && url.pathname.startsWith('/v1/checkout/sessions/')) {
      const session = sessions.get(decodeURIComponent(url.pathname.split('/').pop()!));
      if (!session) return sendJson(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such checkout.session' } });
      body = url.searchParams.getAll('expand[]').length || url.searchParams.getAll('expand[0]').length ? expanded(session) : session;
    } else if (req.method === 'POST' && /^\/v1\/checkout\/sessions\/[^/]+\/expire$/.test(url.pathname)) {
      const session = sessions.get(decodeURIComponent(url.pathname.split('/')[4]!));
      if (!session) return sendJson(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such checkout.session' } });
      if (session.status !== 'open') return sendJson(res, 400, { error: { type: 'invalid_request_error', message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".` } });
      session.status = 'expired';
      body = session;
    } else if (req.method === 'POST' && url.pathname === '/v1/refunds') {
      const outcome = refundOutcomes.shift();
      await fake.whileRefunding?.(form);
      if (outcome === 'refuse') return sendJson(res, 400, { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ch_${form.payment_intent?.slice(3)} has already been refunded.` } });
      if (outcome === 'error') return sendJson(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
      n += 1;
      const refund = { id: `re_${n}`, payment_intent: form.payment_intent!, amount: Number(form.amount), idempotencyKey, metadata: bracketed(form, 'metadata'), status: outcome === 'pending' ? 'pending' : 'succeeded' };
      refunds.push(refund);
      if (outcome === 'made-then-error') return sendJson(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
      body = { object: 'refund', ...refund };
    } else if (req.method === 'GET' && url.pathname === '/v1/refunds') {
      const pi = url.searchParams.get('payment_intent');
      body = { object: 'list', url: '/v1/refunds', has_more: false, data: refunds.filter((r) => r.payment_intent === pi).map((r) => ({ object: 'refund', ...r })).reverse() };
    } else return sendJson(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname})` } });
    if (idempotencyKey) replies.set(`${url.pathname}:${idempotencyKey}`, body);
    sendJson(res, 200, body);
  };
  const eventOf = (type: string, object: Record<string, unknown>, eventId?: string): string => {
    n += 1;
    return JSON.stringify({ id: eventId ?? `evt_${n}`, object: 'event', api_version: '2025-01-27.acacia', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, type, data: { object } }, null, 2);
  };
  const server: Server = createServer((req, res) => void handle(req, res).catch((e: Error) => sendJson(res, 500, { error: { message: e.message } })));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const fake: FakeStripe = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    whileRefunding: null,
    sessions,
    subscriptions,
    refunds,
    refundOutcomes,
    requests,
    pay(sessionId) {
      const session = sessions.get(sessionId)!;
      n += 1;
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: `pi_${n}` });
      return session;
    },
    subscribe(sessionId) {
      const session = sessions.get(sessionId)!;
      n += 1;
      const subscription: FakeSubscription = {
        id: `sub_${n}`, object: 'subscription', customer: session.customer ?? `cus_${n}`, status: 'active', metadata: session.subscription_metadata,
        items: { object: 'list', data: [{ id: `si_${n}`, object: 'subscription_item', price: { id: session.price ?? '', object: 'price' }, current_period_end: Math.floor(Date.UTC(2027, 0, 1) / 1000) }] },
      };
      subscriptions.set(subscription.id, subscription);
      Object.assign(session, { status: 'complete', payment_status: 'paid', subscription: subscription.id, customer: subscription.customer });
      return subscription;
    },
    event: (type, objectId, eventId) => eventOf(type, (sessions.get(objectId) ?? subscriptions.get(objectId)) as unknown as Record<string, unknown>, eventId),
    eventOf,
    sign(payload, secret) {
      return stripe.webhooks.generateTestHeaderString({ payload, secret });
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
  return fake;
}
