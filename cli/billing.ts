/**
 * Billing history as the CLI shows it: one row per invoice (and per payment once the server
 * reports them), as a table or as CSV (RFC 4180: quoted where needed, CRLF line ends).
 */
import { formatMoneyWithCode } from '../core/payments/money.js';

export interface HistoryInvoice {
  id: string;
  number: string;
  bookingId: string | null;
  buyer: { name: string; email: string };
  description: string;
  subtotalMinor: number;
  discountMinor: number;
  promoCode: string | null;
  taxMinor: number;
  totalMinor: number;
  currency: string;
  issuedAt: string;
  pdfUrl: string;
}

export interface HistoryPayment {
  id: string;
  bookingId: string | null;
  status: string;
  amountMinor: number;
  currency: string;
  provider: string;
  createdAt: string;
}

export interface BillingHistory {
  invoices: HistoryInvoice[];
  payments?: HistoryPayment[];
}

export interface HistoryRow {
  type: 'invoice' | 'payment';
  date: string;
  reference: string;
  description: string;
  status: string;
  amountMinor: number;
  currency: string;
  discountMinor: number;
  promoCode: string;
}

/** Invoices and payments as rows, newest first. */
export function historyRows(history: BillingHistory): HistoryRow[] {
  const rows: HistoryRow[] = [
    ...history.invoices.map((i) => ({ type: 'invoice' as const, date: i.issuedAt, reference: i.number, description: `${i.description} — ${i.buyer.name} <${i.buyer.email}>`, status: 'issued', amountMinor: i.totalMinor, currency: i.currency, discountMinor: i.discountMinor, promoCode: i.promoCode ?? '' })),
    ...(history.payments ?? []).map((p) => ({ type: 'payment' as const, date: p.createdAt, reference: p.id, description: `${p.provider}${p.bookingId ? ` booking ${p.bookingId}` : ''}`, status: p.status, amountMinor: p.amountMinor, currency: p.currency, discountMinor: 0, promoCode: '' })),
  ];
  return rows.sort((a, b) => b.date.localeCompare(a.date) || a.type.localeCompare(b.type));
}

const CSV_HEADER = ['type', 'date', 'reference', 'description', 'status', 'amount', 'currency', 'amount_minor', 'discount_minor', 'promo_code'];

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV with a header line; `amount` is a plain decimal in the currency's precision. */
export function historyCsv(rows: HistoryRow[]): string {
  const decimal = (r: HistoryRow) => formatMoneyWithCode(r.amountMinor, r.currency).replace(/^[A-Z]{3} /, '').replace(/,/g, '');
  const lines = [CSV_HEADER, ...rows.map((r) => [r.type, r.date, r.reference, r.description, r.status, decimal(r), r.currency, r.amountMinor, r.discountMinor, r.promoCode])];
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** "EUR 40.00 (-EUR 10.00 SPRING)". */
export function historyAmount(row: HistoryRow): string {
  const total = formatMoneyWithCode(row.amountMinor, row.currency);
  return row.discountMinor ? `${total} (-${formatMoneyWithCode(row.discountMinor, row.currency)} ${row.promoCode})` : total;
}

/** What GET /api/billing/plan answers (the fields the CLI shows). */
export interface CurrentPlan {
  plan: string;
  name: string;
  status: string;
  graceUntil: string | null;
  currentPeriodEnd: string | null;
  checkoutAvailable: boolean;
}

/** "Plan: Pro (active, renews 2027-01-01)", with how to upgrade when that is possible. */
export function planLine(p: CurrentPlan): string {
  const state = [p.status === 'none' ? null : p.status, p.graceUntil ? `payment failed: keeps working until ${p.graceUntil.slice(0, 10)}` : null, p.currentPeriodEnd && p.status === 'active' ? `renews ${p.currentPeriodEnd.slice(0, 10)}` : null].filter(Boolean);
  const upgrade = p.checkoutAvailable && p.plan !== 'enterprise' && (p.status === 'none' || p.status === 'canceled') ? ' — upgrade with "yava billing upgrade"' : '';
  return `Plan: ${p.name}${state.length ? ` (${state.join(', ')})` : ''}${upgrade}`;
}
