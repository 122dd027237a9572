/**
 * Credit notes: a refund of an invoiced payment is documented by a credit note, numbered
 * CN-00001, CN-00002, … per host with no gaps (the host's counter row, incremented and so locked
 * in the transaction that records the refund), naming the invoice it corrects. The invoice itself
 * never changes once issued. A refund of a payment that has no invoice (one paid after its hold
 * ended, refunded in full at once) gets none: nothing was invoiced.
 */
import type { Knex } from 'knex';
import { UUID_RE } from '../booking/records.js';
import { DomainError } from '../errors.js';
import { includedTax, issuedDates, takeDocumentNumber, presentInvoice, type Invoice, type InvoiceRow, type Party } from './invoices.js';

export interface CreditNote {
  id: string;
  number: number;
  /** How the number is printed: CN-00007. */
  displayNumber: string;
  invoiceId: string;
  /** The number of the invoice it corrects: INV-00042. */
  invoiceNumber: string;
  bookingId: string | null;
  seller: Party;
  buyer: Party;
  /** The invoice's line. */
  description: string;
  /** Why the money went back: `policy` (a cancellation under the refund policy), `host`, `late_payment`. */
  reason: string;
  /** What is credited (refunded), minor units, positive. */
  amountMinor: number;
  /** The tax included in that amount, at the invoice's rate. */
  taxMinor: number;
  taxLabel: string | null;
  taxRatePercent: number | null;
  currency: string;
  issuedAt: string;
  /** The day of issue in the seller's zone (YYYY-MM-DD). */
  issuedOn: string;
}

interface CreditNoteRow {
  id: string;
  host_user_id: string;
  number: number;
  invoice_id: string;
  refund_id: string;
  reason: string;
  amount_minor: number;
  tax_minor: number;
  tax_label: string | null;
  tax_rate_percent: string | number | null;
  currency: string;
  issued_at: Date | string;
}

export const displayCreditNoteNumber = (n: number): string => `CN-${String(n).padStart(5, '0')}`;

/** A credit note row with the invoice it corrects (its parties, line and seller's zone). */
function presentCreditNote(row: CreditNoteRow, invoiceRow: InvoiceRow): CreditNote {
  const invoice: Invoice = presentInvoice(invoiceRow);
  return {
    id: row.id,
    number: Number(row.number),
    displayNumber: displayCreditNoteNumber(Number(row.number)),
    invoiceId: invoice.id,
    invoiceNumber: invoice.displayNumber,
    bookingId: invoice.bookingId,
    seller: invoice.seller,
    buyer: invoice.buyer,
    description: invoice.description,
    reason: row.reason,
    amountMinor: Number(row.amount_minor),
    taxMinor: Number(row.tax_minor),
    taxLabel: row.tax_label,
    taxRatePercent: row.tax_rate_percent === null ? null : Number(row.tax_rate_percent),
    currency: row.currency,
    // Dated like the invoice: in the seller's zone stored with it.
    ...issuedDates(row.issued_at, invoiceRow.seller),
  };
}

export interface IssueCreditNoteInput {
  bookingId: string;
  /** The payment_refunds row: one credit note per refund. */
  refundId: string;
  amountMinor: number;
  currency: string;
  reason: string;
  issuedAt: Date;
}

/**
 * Issues the credit note of a refund inside the transaction that records the refund (never in a
 * transaction of its own: a rollback must give its number back). Idempotent per refund. Returns
 * null when the booking's payment was never invoiced.
 *
 * @example await issueCreditNote(trx, { bookingId, refundId, amountMinor: 1000, currency: 'EUR', reason: 'host', issuedAt: now })
 */
export async function issueCreditNote(trx: Knex.Transaction, input: IssueCreditNoteInput): Promise<{ creditNote: CreditNote; created: boolean } | null> {
  const invoice: InvoiceRow | undefined = await trx('invoices').where({ booking_id: input.bookingId }).first();
  if (!invoice) return null;
  const existing: CreditNoteRow | undefined = await trx('credit_notes').where({ refund_id: input.refundId }).first();
  if (existing) return { creditNote: presentCreditNote(existing, invoice), created: false };
  const rate = invoice.tax_rate_percent === null ? null : Number(invoice.tax_rate_percent);
  const number = await takeDocumentNumber(trx, 'credit_note_counters', invoice.host_user_id);
  const [row]: CreditNoteRow[] = await trx('credit_notes')
    .insert({
      host_user_id: invoice.host_user_id,
      number,
      invoice_id: invoice.id,
      refund_id: input.refundId,
      reason: input.reason,
      amount_minor: input.amountMinor,
      tax_minor: rate === null ? 0 : includedTax(input.amountMinor, rate),
      tax_label: invoice.tax_label,
      tax_rate_percent: rate,
      currency: input.currency,
      issued_at: input.issuedAt,
    })
    .returning('*');
  return { creditNote: presentCreditNote(row!, invoice), created: true };
}

/** The host's credit notes with their invoices, in the order given. */
async function withInvoices(db: Knex, rows: CreditNoteRow[]): Promise<CreditNote[]> {
  if (!rows.length) return [];
  const invoices: InvoiceRow[] = await db('invoices').whereIn('id', [...new Set(rows.map((r) => r.invoice_id))]);
  const byId = new Map(invoices.map((i) => [i.id, i]));
  return rows.map((r) => presentCreditNote(r, byId.get(r.invoice_id)!));
}

/** One of the host's credit notes. Throws not_found (also for another host's). */
export async function getCreditNote(db: Knex, userId: string, id: string): Promise<CreditNote> {
  const row: CreditNoteRow | undefined = UUID_RE.test(id) ? await db('credit_notes').where({ id, host_user_id: userId }).first() : undefined;
  if (!row) throw new DomainError('not_found', 'No such credit note of yours', { details: { id } });
  return (await withInvoices(db, [row]))[0]!;
}

/** The host's credit notes issued in [from, to), newest first; of one invoice when `invoiceId` is given. */
export async function listCreditNotes(db: Knex, userId: string, filter: { from?: Date; to?: Date; invoiceId?: string } = {}): Promise<CreditNote[]> {
  const q = db('credit_notes').where({ host_user_id: userId });
  if (filter.from) q.where('issued_at', '>=', filter.from);
  if (filter.to) q.where('issued_at', '<', filter.to);
  if (filter.invoiceId) {
    if (!UUID_RE.test(filter.invoiceId)) return [];
    q.where({ invoice_id: filter.invoiceId });
  }
  const rows: CreditNoteRow[] = await q.orderBy([{ column: 'issued_at', order: 'desc' }, { column: 'number', order: 'desc' }]);
  return withInvoices(db, rows);
}
