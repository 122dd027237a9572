/**
 * The receipt: an e-mail to the buyer with the invoice PDF attached, queued in the outbox by
 * the transaction that issues the invoice (so it is sent once the payment is confirmed, late
 * after a crash, never twice).
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { html } from '../notify/html.js';
import { enqueueOutboxMessages, type EmailPayload } from '../notify/outbox.js';
import { issueCreditNote, type CreditNote, type IssueCreditNoteInput } from './creditNotes.js';
import { creditNoteTotals, invoiceTotals, renderCreditNotePdf, renderInvoicePdf } from './invoicePdf.js';
import { issueInvoice, type IssueInvoiceInput, type Invoice, type Party } from './invoices.js';
import { formatMoneyWithCode } from '../payments/money.js';
import type { PdfFontOptions } from '../pdf/fonts.js';

export interface ReceiptOptions {
  clock: Clock;
  maxAttempts: number;
  /** The invoice PDF's fallback font (PDF_FALLBACK_FONT). */
  pdfFonts?: PdfFontOptions;
}

/** A billing document e-mailed to its buyer: greeting, one sentence, the document's totals, its PDF attached. */
interface DocumentEmail {
  buyer: Party;
  subject: string;
  lead: string;
  /** "Invoice INV-00042", "Credit note CN-00007". */
  heading: string;
  totals: Array<[string, string]>;
  /** "invoice", "credit note": named in "The … is attached as a PDF." */
  kind: string;
  filename: string;
  pdf: Buffer;
}

function documentEmail(d: DocumentEmail): EmailPayload {
  const lines = d.totals.map(([label, amount]) => `${label}: ${amount}`);
  const attached = `The ${d.kind} is attached as a PDF.`;
  const text = [`Hello ${d.buyer.name},`, '', d.lead, '', d.heading, ...lines, '', attached, '', '— Yava'].join('\n');
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${d.subject}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1a1a;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">
<p>Hello ${d.buyer.name},</p><p>${d.lead}</p>
<p><strong>${d.heading}</strong><br>${lines.map((l) => html`${l}<br>`)}</p>
<p>${attached}</p>
</body></html>`;
  return {
    to: d.buyer.email,
    toName: d.buyer.name,
    subject: d.subject,
    text,
    html: body.value,
    ics: null,
    icsMethod: null,
    attachments: [{ filename: d.filename, contentType: 'application/pdf', contentBase64: d.pdf.toString('base64') }],
  };
}

/** The receipt e-mail of an invoice, its PDF attached. */
export async function buildReceiptEmail(invoice: Invoice, pdfFonts: PdfFontOptions = {}): Promise<EmailPayload> {
  const total = formatMoneyWithCode(invoice.totalMinor, invoice.currency);
  return documentEmail({
    buyer: invoice.buyer,
    subject: `Receipt ${invoice.displayNumber} from ${invoice.seller.name}: ${total}`,
    lead: `Thank you for your payment to ${invoice.seller.name} for ${invoice.description}.`,
    heading: `Invoice ${invoice.displayNumber}`,
    totals: invoiceTotals(invoice),
    kind: 'invoice',
    filename: `invoice-${invoice.displayNumber}.pdf`,
    pdf: await renderInvoicePdf(invoice, pdfFonts),
  });
}

/**
 * Issues the booking's invoice and, the first time, queues its receipt, both in `trx` (the
 * transaction confirming the payment). Calling it again for the same booking returns the same
 * invoice and queues nothing.
 */
export async function issueInvoiceWithReceipt(trx: Knex.Transaction, input: IssueInvoiceInput, options: ReceiptOptions): Promise<Invoice> {
  const { invoice, created } = await issueInvoice(trx, input);
  if (created) {
    const payload = await buildReceiptEmail(invoice, options.pdfFonts);
    await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `email:receipt:${invoice.id}`, payload, bookingId: invoice.bookingId }], options);
  }
  return invoice;
}

/** The e-mail of a credit note to the buyer, its PDF attached. */
export async function buildCreditNoteEmail(note: CreditNote, pdfFonts: PdfFontOptions = {}): Promise<EmailPayload> {
  const amount = formatMoneyWithCode(note.amountMinor, note.currency);
  return documentEmail({
    buyer: note.buyer,
    subject: `Credit note ${note.displayNumber} from ${note.seller.name}: ${amount} refunded`,
    lead: `${note.seller.name} has refunded ${amount} of invoice ${note.invoiceNumber} (${note.description}). The money goes back to the card or account you paid with.`,
    heading: `Credit note ${note.displayNumber}`,
    totals: creditNoteTotals(note),
    kind: 'credit note',
    filename: `credit-note-${note.displayNumber}.pdf`,
    pdf: await renderCreditNotePdf(note, pdfFonts),
  });
}

/**
 * Issues a refund's credit note and, the first time, queues its e-mail to the buyer, both in
 * `trx` (the transaction recording the refund). Null when the payment was never invoiced.
 */
export async function issueCreditNoteWithEmail(trx: Knex.Transaction, input: IssueCreditNoteInput, options: ReceiptOptions): Promise<CreditNote | null> {
  const issued = await issueCreditNote(trx, input);
  if (issued?.created) {
    const payload = await buildCreditNoteEmail(issued.creditNote, options.pdfFonts);
    await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `email:credit-note:${issued.creditNote.id}`, payload, bookingId: issued.creditNote.bookingId }], options);
  }
  return issued?.creditNote ?? null;
}
