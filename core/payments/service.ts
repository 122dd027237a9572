/**
 * The payment service: paid bookings (holds, checkout, confirmation), refunds, payment status,
 * and the provider webhooks. It only wires the use cases (one module each) to one set of
 * dependencies, and exposes the extension points billing builds on:
 * - `webhooks.on(provider, type, handler)` for more webhook event types;
 * - `extensions.priceAdjusters` (promo codes, inside the booking transaction, before the hold);
 * - `extensions.paidListeners` (invoices, inside the confirming transaction).
 */
import { DomainError } from '../errors.js';
import type { BookingPaymentHooks } from '../booking/context.js';
import type { BookingRole } from '../booking/access.js';
import type { BookingActor } from '../booking/types.js';
import { checkReturn, heldCheckoutOf, openCheckout } from './checkout.js';
import { createCheckoutCloser, queueCheckoutClose } from './closeCheckout.js';
import type { PaymentContext, PaymentExtensions } from './context.js';
import { createPaymentHold, expireDueHolds, isPaidEventType } from './holds.js';
import { getMeetingPayment, listPayments, paymentOfMeeting, toPaymentDetails, type ListPaymentsInput } from './paymentStatus.js';
import { createPayPalClient, createPayPalProvider, type PayPalClient } from './providers/paypal.js';
import { createStripeProvider } from './providers/stripe.js';
import type { PaymentProvider } from './providers/types.js';
import { createRefundSender } from './refundSender.js';
import { keepRefundWindowClosed, refundMeetingPayment, refundOnCancel } from './refundPayment.js';
import { requireProviderConfigured, type PaymentProviderName, type PaymentSettings } from './settings.js';
import { registerPaymentHandlers } from './webhooks/handlers.js';
import { dispatchWebhookEvent } from './webhooks/receive.js';
import { createWebhookRegistry } from './webhooks/registry.js';
import { verifyPayPalWebhook, verifyStripeWebhook, type PayPalHeaders } from './webhooks/verify.js';

/** What the service is built from: the context minus what it makes itself. */
export type PaymentServiceDeps = Omit<PaymentContext, 'registry' | 'extensions' | 'providerOf'>;

function providerRegistry(settings: PaymentSettings): { providerOf(name: PaymentProviderName): PaymentProvider; paypalClient(): PayPalClient } {
  const cache = new Map<PaymentProviderName, PaymentProvider>();
  let paypal: PayPalClient | null = null;
  return {
    providerOf(name) {
      requireProviderConfigured(settings, name);
      let provider = cache.get(name);
      if (!provider) {
        provider = name === 'stripe' ? createStripeProvider(settings.stripe) : createPayPalProvider(settings.paypal);
        cache.set(name, provider);
      }
      return provider;
    },
    paypalClient() {
      paypal ??= createPayPalClient(settings.paypal);
      return paypal;
    },
  };
}

export function createPaymentService(deps: PaymentServiceDeps) {
  const registry = createWebhookRegistry();
  const extensions: PaymentExtensions = { priceAdjusters: [], paidListeners: [], unpaidListeners: [], refundListeners: [], refundedListeners: [], refundFailedListeners: [] };
  const providers = providerRegistry(deps.settings);
  const ctx: PaymentContext = { ...deps, registry, extensions, providerOf: providers.providerOf };
  registerPaymentHandlers(ctx, registry);
  // Every hold that ends unpaid closes its checkout, so nobody pays for the released slot.
  extensions.unpaidListeners.push((trx, payment) => queueCheckoutClose(trx, { clock: deps.clock, maxAttempts: deps.maxAttempts }, payment));
  const bookingHooks: BookingPaymentHooks = {
    isPaid: isPaidEventType,
    holdForPayment: (trx, input) => createPaymentHold(ctx, trx, input),
    bookingCanceled: (trx, input) => refundOnCancel(ctx, trx, input),
    bookingRescheduled: (trx, input) => keepRefundWindowClosed(ctx, trx, input),
  };
  return {
    settings: deps.settings,
    /** Webhook handlers by provider and event type; billing adds its own. */
    webhooks: registry,
    extensions,
    bookingHooks,
    /** Throws not_configured naming the variables a provider still needs. */
    requireProviderConfigured: (provider: PaymentProviderName) => requireProviderConfigured(deps.settings, provider),
    /** Stripe: verify the raw body against Stripe-Signature, then run the handlers once per event id. */
    async receiveStripeWebhook(rawBody: Buffer, signature: string | undefined) {
      return dispatchWebhookEvent(ctx, verifyStripeWebhook(deps.settings, rawBody, signature));
    },
    /** PayPal: verify through verify-webhook-signature, then run the handlers once per event id. */
    async receivePayPalWebhook(rawBody: Buffer, headers: PayPalHeaders) {
      return dispatchWebhookEvent(ctx, await verifyPayPalWebhook(deps.settings, providers.paypalClient(), rawBody, headers));
    },
    /** The provider checkout of a pending_payment booking (opened once). Throws upstream_failed (the hold then ends). */
    openCheckout: async (bookingId: string) => toPaymentDetails(await openCheckout(ctx, bookingId)),
    /**
     * The payment a new booking's answer carries: a hold's checkout (opened once; throws
     * upstream_failed, the hold then ends), the paid 0 payment of a booking a promo code left
     * nothing to pay, or null. Only those two have one when booked, so any other booking costs no query.
     */
    async paymentOfNewBooking(booking: { id: string; status: string }, promoCode: string | null | undefined) {
      if (booking.status !== 'pending_payment' && !promoCode) return null;
      const row: { id: string } | undefined = await deps.db('payments').where({ booking_id: booking.id }).first('id');
      return row ? toPaymentDetails(await openCheckout(ctx, booking.id)) : null;
    },
    checkReturn: (bookingId: string) => checkReturn(ctx, bookingId),
    /** The checkout a payer left unpaid, while its hold lasts (the return page's Pay now). */
    heldCheckoutOf: (bookingId: string) => heldCheckoutOf(ctx, bookingId),
    /** The status of a booking's payment (the return page). Throws not_found. */
    async paymentStatusOfBooking(bookingId: string) {
      const row: { status: string } | undefined = await deps.db('payments').where({ booking_id: bookingId }).first('status');
      if (!row) throw new DomainError('not_found', 'This meeting has no payment');
      return row.status;
    },
    getMeetingPayment: (id: string, actor: BookingActor) => getMeetingPayment(ctx, id, actor),
    /** A meeting's payment as `viewer` sees it, or null (free); the caller has checked that they may see the meeting. */
    paymentOfMeeting: (bookingId: string, viewer: BookingRole) => paymentOfMeeting(ctx, bookingId, viewer),
    listPayments: (userId: string, input?: ListPaymentsInput) => listPayments(ctx, userId, input),
    refundMeetingPayment: (id: string, input: { amount?: number }, actor: BookingActor) => refundMeetingPayment(ctx, id, input, actor),
    expireDueHolds: () => expireDueHolds(ctx),
    /** The outbox sender of channel `payment_refund`. */
    refundSender: createRefundSender(ctx),
    /** The outbox sender of channel `payment_checkout_close`. */
    checkoutCloser: createCheckoutCloser({ providerOf: providers.providerOf }),
    /** A paid event type's provider must be configured. Throws not_configured, validation_failed. */
    requirePaidEventTypeAllowed(provider: PaymentProviderName) {
      if (!['stripe', 'paypal'].includes(provider)) throw new DomainError('validation_failed', 'price.provider: expected stripe or paypal');
      requireProviderConfigured(deps.settings, provider);
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
