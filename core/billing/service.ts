/**
 * The billing service: plans, promo codes, invoices and billing history, bound to one set of
 * dependencies. The payment flow (core/payments) calls `redeemPromoCode` in the booking's
 * transaction and `issueInvoice` in the transaction that confirms the payment.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createStripeClient } from '../payments/providers/stripe.js';
import type { WebhookRegistry } from '../payments/webhooks/registry.js';
import { getCreditNote, listCreditNotes, type CreditNote, type IssueCreditNoteInput } from './creditNotes.js';
import { renderCreditNotePdf, renderInvoicePdf } from './invoicePdf.js';
import { getInvoice, listInvoices, type Invoice, type IssueInvoiceInput, type TaxSettings } from './invoices.js';
import { createPlanGuard, currentPlanOf, planSettingsFrom } from './planGuard.js';
import { acceptsPromoCodes, createPromoCode, disablePromoCode, listPromoCodes, type PromoCodeInput } from './promoCodes.js';
import { openPlanCheckout, type PlanCheckoutDeps, type SoldPlanId } from './planCheckout.js';
import { issueCreditNoteWithEmail, issueInvoiceWithReceipt } from './receipt.js';
import { registerSubscriptionHandlers } from './subscriptionWebhooks.js';
import type { PlanPrices } from './subscriptions.js';
import { discountOfBooking, redeemPromoCode, releasePromoRedemption } from './redeemPromoCode.js';

export type BillingConfig = Pick<
  Config,
  | 'YAVA_DEFAULT_PLAN'
  | 'STRIPE_PRICE_PRO'
  | 'STRIPE_PRICE_ENTERPRISE'
  | 'BILLING_GRACE_DAYS'
  | 'INVOICE_TAX_RATE'
  | 'INVOICE_TAX_LABEL'
  | 'PDF_FALLBACK_FONT'
  | 'OUTBOX_MAX_ATTEMPTS'
  | 'STRIPE_SECRET_KEY'
  | 'STRIPE_WEBHOOK_SECRET'
  | 'STRIPE_API_URL'
  | 'publicUrl'
>;

export interface BillingServiceDeps {
  db: Knex;
  clock: Clock;
  config: BillingConfig;
  logger?: Logger;
}

/** The tax printed on invoices, when INVOICE_TAX_RATE is set. */
export function taxSettingsFrom(config: Pick<Config, 'INVOICE_TAX_RATE' | 'INVOICE_TAX_LABEL'>): TaxSettings | null {
  return config.INVOICE_TAX_RATE ? { ratePercent: Number(config.INVOICE_TAX_RATE), label: config.INVOICE_TAX_LABEL } : null;
}

/** What selling plans through Stripe needs, from the configuration. */
function planCheckoutDeps(db: Knex, clock: Clock, config: BillingConfig, settings: PlanCheckoutDeps['settings']): PlanCheckoutDeps {
  let stripe: ReturnType<PlanCheckoutDeps['stripe']> | null = null;
  return {
    db,
    clock,
    settings,
    prices: planPricesFrom(config),
    stripeKeys: { secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET },
    stripe: () => (stripe ??= createStripeClient({ secretKey: config.STRIPE_SECRET_KEY, apiUrl: config.STRIPE_API_URL })),
    publicUrl: config.publicUrl,
  };
}

/** The Stripe Price of each plan on sale (STRIPE_PRICE_PRO, STRIPE_PRICE_ENTERPRISE). */
export function planPricesFrom(config: Pick<Config, 'STRIPE_PRICE_PRO' | 'STRIPE_PRICE_ENTERPRISE'>): PlanPrices {
  return { pro: config.STRIPE_PRICE_PRO, enterprise: config.STRIPE_PRICE_ENTERPRISE };
}

export function createBillingService({ db, clock, config, logger }: BillingServiceDeps) {
  const settings = planSettingsFrom(config);
  const checkout = planCheckoutDeps(db, clock, config, settings);
  const plans = createPlanGuard({ settings, clock });
  const ctx = { db, clock, plans };
  const tax = taxSettingsFrom(config);
  const pdfFonts = { fallbackFont: config.PDF_FALLBACK_FONT };
  return {
    /** The guard the scheduling service and the payment flow ask. */
    plans,
    planSettings: settings,
    currentPlan: (userId: string) => currentPlanOf(db, settings, userId, clock.now()),
    /** A Stripe Checkout Session (subscription mode) selling `plan`; the plan changes on Stripe's webhook. */
    openPlanCheckout: (userId: string, plan: SoldPlanId) => openPlanCheckout(checkout, userId, plan),
    /** Registers the subscription handlers (plans, renewals, dunning) on the Stripe webhook registry. */
    registerWebhookHandlers: (registry: WebhookRegistry) => registerSubscriptionHandlers(registry, { db, clock, prices: checkout.prices, logger }),
    createPromoCode: (userId: string, input: PromoCodeInput) => createPromoCode(ctx, userId, input),
    listPromoCodes: (userId: string) => listPromoCodes(ctx, userId),
    disablePromoCode: (userId: string, id: string) => disablePromoCode(ctx, userId, id),
    redeemPromoCode,
    /** Gives an unpaid booking's promo use back (hold expired, cancelled before paying). */
    releasePromoRedemption,
    /** In the transaction confirming a payment: the invoice (gapless number) and, once, its receipt. */
    issueInvoice: (trx: Knex.Transaction, input: Omit<IssueInvoiceInput, 'issuedAt' | 'tax'>) =>
      issueInvoiceWithReceipt(trx, { ...input, issuedAt: clock.now(), tax }, { clock, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, pdfFonts }),
    getInvoice: (userId: string, id: string) => getInvoice(db, userId, id),
    invoicePdf: (invoice: Invoice) => renderInvoicePdf(invoice, pdfFonts),
    /** In the transaction recording a refund: its credit note (gapless CN- number) and, once, its e-mail; null when nothing was invoiced. */
    issueCreditNote: (trx: Knex.Transaction, input: Omit<IssueCreditNoteInput, 'issuedAt'>) =>
      issueCreditNoteWithEmail(trx, { ...input, issuedAt: clock.now() }, { clock, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, pdfFonts }),
    getCreditNote: (userId: string, id: string) => getCreditNote(db, userId, id),
    listCreditNotes: (userId: string, filter?: { from?: Date; to?: Date; invoiceId?: string }) => listCreditNotes(db, userId, filter),
    creditNotePdf: (note: CreditNote) => renderCreditNotePdf(note, pdfFonts),
    /** Whether the booking page asks for a promo code: the event type has a price and its host has a live code. */
    acceptsPromoCodes: (eventTypeId: string) => acceptsPromoCodes(db, eventTypeId, clock.now()),
    /** The promo discount a booking got, if any. */
    discountOfBooking: (bookingId: string) => discountOfBooking(db, bookingId),
    listInvoices: (userId: string, range?: { from?: Date; to?: Date }) => listInvoices(db, userId, range),
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
