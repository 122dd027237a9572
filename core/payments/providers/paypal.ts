/**
 * PayPal Orders v2 over REST (the server SDK has no base-URL option): OAuth client credentials,
 * create an order (booking id as custom_id, PayPal-Request-Id for idempotency), capture it once
 * approved, refund a capture, and verify a webhook through PayPal's verify-webhook-signature.
 * PAYPAL_API_URL names the host (the live one by default; a sandbox or a local fake otherwise).
 */
import { DomainError } from '../../errors.js';
import { fromDecimalString, toDecimalString } from '../money.js';
import type { PaymentSettings } from '../settings.js';
import { RefundRefusedError, type CheckCheckoutOptions, type CheckoutRequest, type CheckoutSession, type CheckoutState, type PaymentProvider, type RefundAccepted, type RefundRequest } from './types.js';

const TIMEOUT_MS = 10_000;

interface PayPalCapture {
  id: string;
  status: string;
  amount?: { value: string; currency_code: string };
  links?: Array<{ rel: string; href: string }>;
}

interface PayPalOrder {
  id: string;
  status: string;
  links?: Array<{ rel: string; href: string }>;
  purchase_units?: Array<{ custom_id?: string; payments?: { captures?: PayPalCapture[] } }>;
}

export interface PayPalClient {
  call<T>(method: string, path: string, body?: unknown, requestId?: string): Promise<T>;
}

/** A REST client with a cached OAuth token (client credentials). Throws upstream_failed. */
export function createPayPalClient(settings: PaymentSettings['paypal']): PayPalClient {
  const base = settings.apiUrl.replace(/\/+$/, '');
  let token: { value: string; expiresAt: number } | null = null;
  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now() + 60_000) return token.value;
    const basic = Buffer.from(`${settings.clientId ?? ''}:${settings.clientSecret ?? ''}`).toString('base64');
    const res = await fetch(`${base}/v1/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new DomainError('upstream_failed', `PayPal refused the client credentials (HTTP ${res.status}): check PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return token.value;
  }
  return {
    async call<T>(method: string, path: string, body?: unknown, requestId?: string): Promise<T> {
      const headers: Record<string, string> = { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json', accept: 'application/json' };
      if (requestId) headers['paypal-request-id'] = requestId;
      const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
      const text = await res.text();
      if (!res.ok) {
        const { name, issue } = (() => {
          try {
            const parsed = JSON.parse(text) as { name?: string; details?: Array<{ issue?: string }> };
            return { name: parsed.name ?? '', issue: parsed.details?.[0]?.issue ?? '' };
          } catch {
            return { name: '', issue: '' };
          }
        })();
        const said = [name, issue].filter(Boolean).join(': ');
        throw new DomainError('upstream_failed', `PayPal answered HTTP ${res.status}${said ? ` (${said})` : ''} to ${method} ${path.split('?')[0]}`, { details: { status: res.status, name, issue } });
      }
      return (text ? JSON.parse(text) : {}) as T;
    },
  };
}

function captureOf(order: PayPalOrder): PayPalCapture | undefined {
  return order.purchase_units?.[0]?.payments?.captures?.find((c) => c.status === 'COMPLETED');
}

/** Orders the payer can still approve or we can still capture. */
const OPEN_ORDER = new Set(['CREATED', 'SAVED', 'APPROVED', 'PAYER_ACTION_REQUIRED']);

function unpaidOrder(order: PayPalOrder): CheckoutState {
  const processing = Boolean(order.purchase_units?.[0]?.payments?.captures?.some((c) => c.status === 'PENDING'));
  return { paid: false, paymentRef: null, receiptUrl: null, amountMinor: null, currency: null, open: OPEN_ORDER.has(order.status), processing };
}

function stateOfOrder(order: PayPalOrder): CheckoutState {
  const capture = captureOf(order);
  if (!capture) return unpaidOrder(order);
  return { paid: true, paymentRef: capture.id, receiptUrl: null, ...capturedAmount(capture.amount), open: false };
}

/** A capture's amount (PayPal's decimal string) in minor units, with its currency; nulls when PayPal left it out. */
export function capturedAmount(amount: { value: string; currency_code: string } | undefined): { amountMinor: number | null; currency: string | null } {
  if (!amount?.currency_code) return { amountMinor: null, currency: null };
  return { amountMinor: fromDecimalString(amount.value, amount.currency_code), currency: amount.currency_code.toUpperCase() };
}

export function createPayPalProvider(settings: PaymentSettings['paypal']): PaymentProvider {
  const client = createPayPalClient(settings);
  return {
    name: 'paypal',
    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const order = await client.call<PayPalOrder>(
        'POST',
        '/v2/checkout/orders',
        {
          intent: 'CAPTURE',
          purchase_units: [{ reference_id: request.bookingId, custom_id: request.bookingId, description: request.title.slice(0, 127), amount: { currency_code: request.currency, value: toDecimalString(request.amountMinor, request.currency) } }],
          payment_source: { paypal: { experience_context: { return_url: request.returnUrl, cancel_url: request.cancelUrl, user_action: 'PAY_NOW' } } },
        },
        request.idempotencyKey,
      );
      const approve = order.links?.find((l) => l.rel === 'payer-action' || l.rel === 'approve');
      if (!approve) throw new DomainError('upstream_failed', 'PayPal created the order without an approval link');
      return { checkoutId: order.id, url: approve.href };
    },
    async checkCheckout(orderId: string, options: CheckCheckoutOptions = {}): Promise<CheckoutState> {
      const order = await client.call<PayPalOrder>('GET', `/v2/checkout/orders/${encodeURIComponent(orderId)}`);
      if (order.status === 'COMPLETED') return stateOfOrder(order);
      if (order.status !== 'APPROVED' || options.capture === false) return unpaidOrder(order);
      const captured = await client.call<PayPalOrder>('POST', `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`, {}, `capture:${orderId}`);
      return stateOfOrder(captured);
    },
    // An order is money only once captured, and an ended hold's order is never captured: nothing to close.
    async closeCheckout(): Promise<void> {},
    async refund(request: RefundRequest): Promise<RefundAccepted> {
      let refund: { id: string; status?: string };
      try {
        refund = await client.call<{ id: string; status?: string }>(
          'POST',
          `/v2/payments/captures/${encodeURIComponent(request.paymentRef)}/refund`,
          { amount: { value: toDecimalString(request.amountMinor, request.currency), currency_code: request.currency }, custom_id: request.refundId },
          request.idempotencyKey,
        );
      } catch (error) {
        // 400, 404 and 422 (already refunded, too old, more than is left) stay so; 401, 403, 429 and 5xx may pass.
        const status = (error as DomainError).details?.status;
        if (error instanceof DomainError && (status === 400 || status === 404 || status === 422)) throw new RefundRefusedError(error.message);
        throw error;
      }
      if (refund.status === 'FAILED' || refund.status === 'CANCELLED') throw new RefundRefusedError(`the refund came back ${refund.status.toLowerCase()}`);
      // PENDING (an eCheck refund, a review): its result comes as PAYMENT.CAPTURE.REFUNDED.
      return { refundId: refund.id, pending: refund.status === 'PENDING' };
    },
  };
}
