import type { CurrentPlan } from '../../../core/billing/planGuard.js';
import type { CreditNote } from '../../../core/billing/creditNotes.js';
import type { Invoice } from '../../../core/billing/invoices.js';
import type { PromoCode } from '../../../core/billing/promoCodes.js';

export function presentPlan(current: CurrentPlan, options: { checkout: boolean }) {
  const { plan } = current;
  return {
    plan: plan.id,
    name: plan.name,
    status: current.status,
    limits: plan.limits,
    features: plan.features,
    graceUntil: current.graceUntil,
    currentPeriodEnd: current.currentPeriodEnd,
    /** Whether upgrades can be bought here (Stripe Billing is configured). */
    checkoutAvailable: options.checkout,
  };
}

export function presentPromoCode(p: PromoCode) {
  return {
    id: p.id,
    code: p.code,
    percentOff: p.percentOff,
    amountOffMinor: p.amountOffMinor,
    currency: p.currency,
    eventTypeId: p.eventTypeId,
    validFrom: p.validFrom,
    validUntil: p.validUntil,
    maxUses: p.maxUses,
    uses: p.uses,
    disabled: p.disabled,
    createdAt: p.createdAt,
  };
}

export function presentInvoice(i: Invoice, publicUrl: string) {
  return {
    id: i.id,
    number: i.displayNumber,
    sequence: i.number,
    bookingId: i.bookingId,
    paymentRef: i.paymentRef,
    seller: i.seller,
    buyer: i.buyer,
    description: i.description,
    subtotalMinor: i.subtotalMinor,
    discountMinor: i.discountMinor,
    promoCode: i.promoCode,
    taxMinor: i.taxMinor,
    taxLabel: i.taxLabel,
    taxRatePercent: i.taxRatePercent,
    totalMinor: i.totalMinor,
    currency: i.currency,
    issuedAt: i.issuedAt,
    issuedOn: i.issuedOn,
    pdfUrl: `${publicUrl}/api/invoices/${i.id}.pdf`,
  };
}

export function presentCreditNote(n: CreditNote, publicUrl: string) {
  return {
    id: n.id,
    number: n.displayNumber,
    sequence: n.number,
    invoiceId: n.invoiceId,
    invoiceNumber: n.invoiceNumber,
    bookingId: n.bookingId,
    seller: n.seller,
    buyer: n.buyer,
    description: n.description,
    reason: n.reason,
    amountMinor: n.amountMinor,
    taxMinor: n.taxMinor,
    taxLabel: n.taxLabel,
    taxRatePercent: n.taxRatePercent,
    currency: n.currency,
    issuedAt: n.issuedAt,
    issuedOn: n.issuedOn,
    pdfUrl: `${publicUrl}/api/credit-notes/${n.id}.pdf`,
  };
}
