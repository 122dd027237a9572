/**
 * A fake PayPal REST API on 127.0.0.1: OAuth client credentials, Orders v2 (create, get,
 * capture once approved), capture refunds, and verify-webhook-signature. Webhooks are signed as
 * PayPal signs them — RSA-SHA256 over `transmissionId|transmissionTime|webhookId|crc32(body)` —
 * with the fake's own key, and only the fake can say whether a signature is good, as with PayPal.
 */
import { createHash, generateKeyPairSync, randomUUID, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { readBody, sendJson } from './http.js';

interface FakeOrder {
  id: string;
  status: 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED';
  intent: string;
  purchase_units: Array<{ reference_id?: string; custom_id?: string; amount: { currency_code: string; value: string }; payments?: { captures: Array<{ id: string; status: string; amount: { currency_code: string; value: string } }> } }>;
  links: Array<{ rel: string; href: string; method?: string }>;
  returnUrl: string;
}

export interface FakePayPal {
  url: string;
  orders: Map<string, FakeOrder>;
  refunds: Array<{ id: string; captureId: string; amount: { value: string; currency_code: string }; customId?: string; requestId?: string }>;
  requests: Array<{ method: string; path: string; body: unknown; requestId?: string }>;
  /** The payer approves the order on PayPal's page. */
  approve(orderId: string): void;
  /** The status of the next captures: COMPLETED (default), or PENDING as for an eCheck or a payment under review. */
  captureStatus: 'COMPLETED' | 'PENDING';
  /**
   * How the next refund requests go, one each: `refuse` (422, the capture already refunded),
   * `error` (500) or `pending` (taken, status PENDING: an eCheck refund); then COMPLETED.
   */
  refundOutcomes: Array<'refuse' | 'error' | 'pending'>;
  /** A webhook event (JSON text) and the transmission headers PayPal would send with it. */
  webhook(type: string, resource: unknown, eventId?: string): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
}

export async function startFakePayPal(options: { clientId: string; clientSecret: string; webhookId: string }): Promise<FakePayPal> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const orders = new Map<string, FakeOrder>();
  const refunds: FakePayPal['refunds'] = [];
  const requests: FakePayPal['requests'] = [];
  const replies = new Map<string, unknown>();
  const tokens = new Set<string>();
  let n = 0;
  const signed = (tid: string, time: string, webhookId: string, body: string) => `${tid}|${time}|${webhookId}|${crc32(body)}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const text = await readBody(req);
    const requestId = req.headers['paypal-request-id'] as string | undefined;
    if (url.pathname === '/v1/oauth2/token') {
      const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== expected || text !== 'grant_type=client_credentials') return sendJson(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
      const token = `A21AA${randomUUID()}`;
      tokens.add(token);
      return sendJson(res, 200, { scope: 'https://uri.paypal.com/services/payments', access_token: token, token_type: 'Bearer', expires_in: 32400 });
    }
    if (!tokens.has(String(req.headers.authorization ?? '').replace(/^Bearer /, ''))) return sendJson(res, 401, { name: 'AUTHENTICATION_FAILURE' });
    const body = text ? (JSON.parse(text) as Record<string, any>) : {};
    requests.push({ method: req.method ?? '', path: url.pathname, body, requestId });
    const key = requestId ? `${url.pathname}:${requestId}` : null;
    if (key && replies.has(key)) return sendJson(res, 201, replies.get(key));
    const reply = (status: number, value: unknown) => {
      if (key && status < 300) replies.set(key, value);
      sendJson(res, status, value);
    };
    const orderMatch = /^\/v2\/checkout\/orders\/([^/]+)(\/capture)?$/.exec(url.pathname);
    const refundMatch = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(url.pathname);
    if (req.method === 'POST' && url.pathname === '/v2/checkout/orders') {
      n += 1;
      const id = `ORDER-${n}`;
      const order: FakeOrder = { id, status: 'PAYER_ACTION_REQUIRED', intent: body.intent, purchase_units: body.purchase_units, links: [{ rel: 'self', href: `/v2/checkout/orders/${id}` }, { rel: 'payer-action', href: `https://www.paypal.com/checkoutnow?token=${id}` }], returnUrl: body.payment_source?.paypal?.experience_context?.return_url };
      orders.set(id, order);
      return reply(200, order);
    }
    if (orderMatch) {
      const order = orders.get(decodeURIComponent(orderMatch[1]!));
      if (!order) return sendJson(res, 404, { name: 'RESOURCE_NOT_FOUND' });
      if (req.method === 'GET') return sendJson(res, 200, order);
      if (order.status === 'COMPLETED') return sendJson(res, 422, { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_ALREADY_CAPTURED' }] });
      if (order.status !== 'APPROVED') return sendJson(res, 422, { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_NOT_APPROVED' }] });
      n += 1;
      order.status = 'COMPLETED';
      order.purchase_units[0]!.payments = { captures: [{ id: `CAPTURE-${n}`, status: fake.captureStatus, amount: order.purchase_units[0]!.amount }] };
      return reply(201, order);
    }
    if (req.method === 'POST' && refundMatch) {
      const outcome = fake.refundOutcomes.shift();
      if (outcome === 'refuse') return sendJson(res, 422, { name: 'UNPROCESSABLE_ENTITY', message: 'The requested action could not be performed, semantically incorrect, or failed business validation.', details: [{ issue: 'CAPTURE_FULLY_REFUNDED', description: 'The capture has already been fully refunded' }] });
      if (outcome === 'error') return sendJson(res, 500, { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.' });
      n += 1;
      refunds.push({ id: `REFUND-${n}`, captureId: refundMatch[1]!, amount: body.amount, customId: body.custom_id, requestId });
      return reply(201, { id: `REFUND-${n}`, status: outcome === 'pending' ? 'PENDING' : 'COMPLETED' });
    }
    if (req.method === 'POST' && url.pathname === '/v1/notifications/verify-webhook-signature') {
      const ok =
        body.webhook_id === options.webhookId &&
        body.auth_algo === 'SHA256withRSA' &&
        rsaVerify('sha256', Buffer.from(signed(body.transmission_id, body.transmission_time, body.webhook_id, JSON.stringify(body.webhook_event))), publicKey, Buffer.from(String(body.transmission_sig), 'base64'));
      return sendJson(res, 200, { verification_status: ok ? 'SUCCESS' : 'FAILURE' });
    }
    sendJson(res, 404, { name: 'RESOURCE_NOT_FOUND' });
  };
  const server: Server = createServer((req, res) => void handle(req, res).catch((e: Error) => sendJson(res, 500, { name: 'INTERNAL_SERVER_ERROR', message: e.message })));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const fake: FakePayPal = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captureStatus: 'COMPLETED',
    refundOutcomes: [],
    orders,
    refunds,
    requests,
    approve(orderId) {
      orders.get(orderId)!.status = 'APPROVED';
    },
    webhook(type, resource, eventId) {
      n += 1;
      const event = { id: eventId ?? `WH-${n}`, event_version: '1.0', create_time: new Date().toISOString(), resource_type: type.startsWith('PAYMENT') ? 'capture' : 'checkout-order', event_type: type, summary: type, resource };
      const body = JSON.stringify(event);
      const tid = randomUUID();
      const time = new Date().toISOString();
      const sig = rsaSign('sha256', Buffer.from(signed(tid, time, options.webhookId, body)), privateKey).toString('base64');
      const certUrl = `https://api.paypal.com/v1/notifications/certs/CERT-${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'pem' })).digest('hex').slice(0, 12)}`;
      return { body, headers: { 'paypal-transmission-id': tid, 'paypal-transmission-time': time, 'paypal-transmission-sig': sig, 'paypal-cert-url': certUrl, 'paypal-auth-algo': 'SHA256withRSA' } };
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
  return fake;
}
