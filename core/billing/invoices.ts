/**
 * Invoices: one per paid booking, numbered 1, 2, 3… per host with no gaps. The number comes
 * from the host's counter row, incremented (and so locked) inside the transaction that confirms
 * the payment: a racing confirmation waits for it, and a rolled-back one gives its number back.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { UUID_RE } from '../booking/records.js';
import { discountOfBooking } from './redeemPromoCode.js';
import { localDateOf } from '../time/zones.js';

export interface Party {
  name: string;
  email: string;
}

export interface Invoice {
  id: string;
  number: number;
  /** How the number is printed: INV-00042. */
  displayNumber: string;
  bookingId: string | null;
  paymentRef: string | null;
  seller: Party;
  buyer: Party;
  description: string;
  subtotalMinor: number;
  discountMinor: number;
  promoCode: string | null;
  /** Tax included in the total (prices are gross), when a rate is configured. */
  taxMinor: number;
  taxLabel: string | null;
  taxRatePercent: number | null;
  totalMinor: number;
  currency: string;
  issuedAt: string;
  /** The day of issue in the seller's zone (YYYY-MM-DD), as the invoice prints it; UTC's for invoices issued before the zone was kept. */
  issuedOn: string;
}

/** The seller as stored on the invoice: with their zone at issue, which dates the invoice. */
type StoredSeller = Party & { timezone?: string };

export interface InvoiceRow {
  id: string;
  host_user_id: string;
  number: number;
  booking_id: string | null;
  payment_ref: string | null;
  seller: StoredSeller | string;
  buyer: Party | string;
  description: string;
  subtotal_minor: number;
  discount_minor: number;
  promo_code: string | null;
  tax_minor: number;
  tax_label: string | null;
  tax_rate_percent: string | number | null;
  total_minor: number;
  currency: string;
  issued_at: Date | string;
}

/** A tax rate printed on invoices (INVOICE_TAX_RATE, INVOICE_TAX_LABEL). */
export interface TaxSettings {
  ratePercent: number;
  label: string;
}

export const displayInvoiceNumber = (n: number): string => `INV-${String(n).padStart(5, '0')}`;
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** When a billing document was issued: the instant, and the day in the seller's zone stored with the invoice (UTC's without one). */
export function issuedDates(issuedAt: Date | string, sellerOfInvoice: InvoiceRow['seller']): { issuedAt: string; issuedOn: string } {
  const issued = new Date(issuedAt);
  return { issuedAt: issued.toISOString(), issuedOn: localDateOf(issued.getTime(), json<StoredSeller>(sellerOfInvoice).timezone || 'UTC') };
}

export function presentInvoice(row: InvoiceRow): Invoice {
  const { timezone: _zone, ...seller } = json<StoredSeller>(row.seller);
  return {
    id: row.id,
    number: Number(row.number),
    displayNumber: displayInvoiceNumber(Number(row.number)),
    bookingId: row.booking_id,
    paymentRef: row.payment_ref,
    seller,
    buyer: json<Party>(row.buyer),
    description: row.description,
    subtotalMinor: Number(row.subtotal_minor),
    discountMinor: Number(row.discount_minor),
    promoCode: row.promo_code,
    taxMinor: Number(row.tax_minor),
    taxLabel: row.tax_label,
    taxRatePercent: row.tax_rate_percent === null ? null : Number(row.tax_rate_percent),
    totalMinor: Number(row.total_minor),
    currency: row.currency,
    ...issuedDates(row.issued_at, row.seller),
  };
}

/** The tax inside a gross amount: total × rate / (100 + rate), rounded half up. */
export function includedTax(totalMinor: number, ratePercent: number): number {
  return Math.round((totalMinor * ratePercent) / (100 + ratePercent));
}

/**
 * The next number of one of the host's gapless sequences (invoices, credit notes); the counter
 * row stays locked until `trx` ends, so a rolled-back transaction gives its number back.
 */
export async function takeDocumentNumber(trx: Knex.Transaction, counters: 'invoice_counters' | 'credit_note_counters', hostUserId: string): Promise<number> {
  const { rows } = await trx.raw<{ rows: Array<{ last_number: number }> }>(
    `INSERT INTO ?? AS c (host_user_id, last_number) VALUES (?, 1)
     ON CONFLICT (host_user_id) DO UPDATE SET last_number = c.last_number + 1
     RETURNING last_number`,
    [counters, hostUserId],
  );
  return Number(rows[0]!.last_number);
}

/** Seller (the event type's owner, else the booking's first host), buyer (first attendee) and line of a booking (dated in the seller's zone). */
async function partiesOf(trx: Knex, bookingId: string): Promise<{ hostUserId: string; seller: StoredSeller; buyer: Party; description: string }> {
  const booking = await trx('bookings as b').leftJoin('event_types as e', 'e.id', 'b.event_type_id').where('b.id', bookingId).first('b.title', 'b.start_at', 'e.owner_user_id');
  if (!booking) throw new DomainError('booking_not_found', 'No such booking', { details: { bookingId } });
  const host = await trx('users')
    .where('id', booking.owner_user_id ?? trx('booking_hosts').where({ booking_id: bookingId }).orderBy('user_id').limit(1).select('user_id'))
    .first('id', 'name', 'email', 'timezone');
  const buyer = await trx('booking_attendees').where({ booking_id: bookingId }).orderBy([{ column: 'created_at' }, { column: 'id' }]).first('name', 'email');
  if (!host || !buyer) throw new DomainError('unprocessable', 'The booking has no host or no attendee to invoice');
  // The meeting's date where the host (the seller) lives, as their confirmation e-mail shows it, not UTC's.
  const day = localDateOf(new Date(booking.start_at).getTime(), host.timezone || 'UTC');
  return { hostUserId: host.id, seller: { name: host.name, email: host.email, timezone: host.timezone || 'UTC' }, buyer: { name: buyer.name, email: buyer.email }, description: `${booking.title} (${day})` };
}

export interface IssueInvoiceInput {
  bookingId: string;
  /** What the booker paid, in minor units. */
  amountMinor: number;
  currency: string;
  /** The provider's payment id (Stripe PaymentIntent, PayPal capture). */
  paymentRef?: string | null;
  issuedAt: Date;
  tax?: TaxSettings | null;
}

/**
 * Issues the booking's invoice inside the transaction that confirms its payment (call it
 * there, never in a transaction of its own, or a rollback could leave a gap). Idempotent: a
 * booking that already has one gets it back. A promo code used by the booking shows as the
 * discount. Throws booking_not_found, unprocessable (no host or attendee).
 *
 * @example const { invoice, created } = await issueInvoice(trx, { bookingId, amountMinor: 4000, currency: 'EUR', issuedAt: now })
 */
export async function issueInvoice(trx: Knex.Transaction, input: IssueInvoiceInput): Promise<{ invoice: Invoice; created: boolean }> {
  const existing: InvoiceRow | undefined = await trx('invoices').where({ booking_id: input.bookingId }).first();
  if (existing) return { invoice: presentInvoice(existing), created: false };
  const parties = await partiesOf(trx, input.bookingId);
  const discount = await discountOfBooking(trx, input.bookingId);
  const discountMinor = discount && discount.currency === input.currency ? discount.discountMinor : 0;
  const number = await takeDocumentNumber(trx, 'invoice_counters', parties.hostUserId);
  const [row]: InvoiceRow[] = await trx('invoices')
    .insert({
      host_user_id: parties.hostUserId,
      number,
      booking_id: input.bookingId,
      payment_ref: input.paymentRef ?? null,
      seller: JSON.stringify(parties.seller),
      buyer: JSON.stringify(parties.buyer),
      description: parties.description,
      subtotal_minor: input.amountMinor + discountMinor,
      discount_minor: discountMinor,
      promo_code: discountMinor ? discount!.code : null,
      tax_minor: input.tax ? includedTax(input.amountMinor, input.tax.ratePercent) : 0,
      tax_label: input.tax?.label ?? null,
      tax_rate_percent: input.tax?.ratePercent ?? null,
      total_minor: input.amountMinor,
      currency: input.currency,
      issued_at: input.issuedAt,
    })
    .returning('*');
  return { invoice: presentInvoice(row!), created: true };
}

/** One of the host's invoices. Throws not_found (also for another host's invoice). */
export async function getInvoice(db: Knex, userId: string, id: string): Promise<Invoice> {
  const row: InvoiceRow | undefined = UUID_RE.test(id) ? await db('invoices').where({ id, host_user_id: userId }).first() : undefined;
  if (!row) throw new DomainError('not_found', 'No such invoice of yours', { details: { id } });
  return presentInvoice(row);
}

/** The host's invoices issued in [from, to), newest first. */
export async function listInvoices(db: Knex, userId: string, range: { from?: Date; to?: Date } = {}): Promise<Invoice[]> {
  const q = db('invoices').where({ host_user_id: userId });
  if (range.from) q.where('issued_at', '>=', range.from);
  if (range.to) q.where('issued_at', '<', range.to);
  const rows: InvoiceRow[] = await q.orderBy([{ column: 'issued_at', order: 'desc' }, { column: 'number', order: 'desc' }]);
  return rows.map(presentInvoice);
}
