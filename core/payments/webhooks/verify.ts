/**
 * Verifying provider webhooks before anything acts: Stripe's signature over the raw bytes
 * (`stripe.webhooks.constructEvent` with STRIPE_WEBHOOK_SECRET, 5-minute tolerance), and PayPal's
 * through `POST /v1/notifications/verify-webhook-signature` with PAYPAL_WEBHOOK_ID.
 * A failure throws validation_failed (400) and nothing changes.
 */
import Stripe from 'stripe';
import { DomainError } from '../../errors.js';
import type { PayPalClient } from '../providers/paypal.js';
import type { PaymentSettings } from '../settings.js';
import { requireProviderConfigured } from '../settings.js';
import type { ProviderEvent } from './registry.js';

const rejected = (why: string) => new DomainError('validation_failed', `Webhook rejected: ${why}`);

/** Stripe: the event, once `Stripe-Signature` proves the raw body came from Stripe. */
export function verifyStripeWebhook(settings: PaymentSettings, rawBody: Buffer, signature: string | undefined): ProviderEvent {
  requireProviderConfigured(settings, 'stripe');
  if (!signature) throw rejected('the Stripe-Signature header is missing');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, settings.stripe.webhookSecret!);
  } catch {
    throw rejected('the Stripe signature does not match');
  }
  const raw = event as unknown as Record<string, unknown>;
  return { provider: 'stripe', id: event.id, type: event.type, object: event.data.object as unknown as Record<string, unknown>, raw };
}

export interface PayPalHeaders {
  authAlgo?: string;
  certUrl?: string;
  transmissionId?: string;
  transmissionSig?: string;
  transmissionTime?: string;
}

/** PayPal: the event, once PayPal answers SUCCESS to verify-webhook-signature for these headers and body. */
export async function verifyPayPalWebhook(settings: PaymentSettings, client: PayPalClient, rawBody: Buffer, headers: PayPalHeaders): Promise<ProviderEvent> {
  requireProviderConfigured(settings, 'paypal');
  if (!headers.transmissionId || !headers.transmissionSig || !headers.certUrl || !headers.authAlgo || !headers.transmissionTime) throw rejected('PayPal transmission headers are missing');
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw rejected('the body is not JSON');
  }
  const answer = await client.call<{ verification_status?: string }>('POST', '/v1/notifications/verify-webhook-signature', {
    auth_algo: headers.authAlgo,
    cert_url: headers.certUrl,
    transmission_id: headers.transmissionId,
    transmission_sig: headers.transmissionSig,
    transmission_time: headers.transmissionTime,
    webhook_id: settings.paypal.webhookId,
    webhook_event: event,
  });
  if (answer.verification_status !== 'SUCCESS') throw rejected('PayPal did not verify the signature');
  if (typeof event.id !== 'string' || typeof event.event_type !== 'string') throw rejected('the event has no id or event_type');
  return { provider: 'paypal', id: event.id, type: event.event_type, object: (event.resource ?? {}) as Record<string, unknown>, raw: event };
}
