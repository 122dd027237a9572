/**
 * The invoice and the credit note as PDFs (pdfkit, Yava's fonts: core/pdf): seller, buyer, the
 * line, the discount, the tax when configured, and the total, every amount formatted for its
 * currency. Pure apart from the CPU and reading the font files: the same document always gives a
 * PDF with the same text.
 */
import type { CreditNote } from './creditNotes.js';
import type { Invoice } from './invoices.js';
import { formatMoneyWithCode } from '../payments/money.js';
import { openPdfDocument, writeText, type PdfDocument } from '../pdf/document.js';
import type { PdfFontOptions, PdfWeight } from '../pdf/fonts.js';

const LEFT = 50;
const RIGHT = 545;
const AMOUNT_X = 395;
const AMOUNT_WIDTH = RIGHT - AMOUNT_X;

/** The lines of the totals block, label and amount, in order. */
export function invoiceTotals(invoice: Invoice): Array<[string, string]> {
  const money = (minor: number) => formatMoneyWithCode(minor, invoice.currency);
  const lines: Array<[string, string]> = [['Subtotal', money(invoice.subtotalMinor)]];
  if (invoice.discountMinor > 0) lines.push([`Discount${invoice.promoCode ? ` (promo code ${invoice.promoCode})` : ''}`, `-${money(invoice.discountMinor)}`]);
  lines.push([`Total (${invoice.currency})`, money(invoice.totalMinor)]);
  if (invoice.taxRatePercent !== null) lines.push([`Included ${invoice.taxLabel ?? 'tax'} ${invoice.taxRatePercent}%`, money(invoice.taxMinor)]);
  return lines;
}

function party(doc: PdfDocument, title: string, who: { name: string; email: string }, x: number, y: number): void {
  writeText(doc.fontSize(10), title, { x, y, weight: 'bold' });
  writeText(doc, who.name, { x, y: y + 14, width: 220 });
  writeText(doc, who.email, { width: 220 });
}

/** A label and its amount on one line; returns where the label (which may wrap) ends. */
function row(doc: PdfDocument, label: string, amount: string, y: number, weight: PdfWeight = 'regular'): number {
  writeText(doc.fontSize(10), label, { x: LEFT, y, width: AMOUNT_X - LEFT - 10, weight });
  const below = doc.y;
  writeText(doc, amount, { x: AMOUNT_X, y, width: AMOUNT_WIDTH, align: 'right', weight });
  return below;
}

/** What an invoice and a credit note print: the same page, other words and figures. */
interface BillingDocument {
  /** The big word at the top: Invoice, Credit note. */
  heading: string;
  /** The PDF's title (its metadata). */
  title: string;
  /** Under the title, right-aligned: number, date, references. */
  facts: string[];
  author: string;
  issuedAt: string;
  seller: { name: string; email: string };
  buyer: { name: string; email: string };
  line: { description: string; amount: string };
  totals: Array<[string, string]>;
  footer: string;
}

async function renderBillingDocument(d: BillingDocument, fonts: PdfFontOptions): Promise<Buffer> {
  const doc = await openPdfDocument({ size: 'A4', margin: LEFT, info: { Title: d.title, Author: d.author, CreationDate: new Date(d.issuedAt) } }, fonts);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  writeText(doc.fontSize(20), d.heading, { x: LEFT, y: 50, weight: 'bold' });
  const right = { width: AMOUNT_WIDTH + 60, align: 'right' } as const;
  for (const [i, fact] of d.facts.entries()) writeText(doc.fontSize(10), fact, i === 0 ? { ...right, x: AMOUNT_X - 60, y: 55 } : right);
  party(doc, 'From', d.seller, LEFT, 120);
  party(doc, 'Billed to', d.buyer, 300, 120);
  let y = 200;
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).stroke();
  row(doc, 'Description', 'Amount', y + 8, 'bold');
  y += 28;
  y = Math.max(y + 20, row(doc, d.line.description, d.line.amount, y) + 8);
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).stroke();
  y += 10;
  for (const [label, amount] of d.totals) {
    row(doc, label, amount, y, label.startsWith('Total') ? 'bold' : 'regular');
    y += 18;
  }
  writeText(doc.fontSize(9).fillColor('#555555'), d.footer, { x: LEFT, y: y + 20 });
  doc.end();
  return done;
}

/**
 * Renders the invoice to PDF bytes. Throws when the fallback font file cannot be read.
 *
 * @example const pdf = await renderInvoicePdf(invoice, { fallbackFont: config.PDF_FALLBACK_FONT }) // Buffer starting with "%PDF-"
 */
export function renderInvoicePdf(invoice: Invoice, fonts: PdfFontOptions = {}): Promise<Buffer> {
  const facts = [`Invoice number: ${invoice.displayNumber}`, `Date: ${invoice.issuedOn}`];
  if (invoice.paymentRef) facts.push(`Payment: ${invoice.paymentRef}`);
  return renderBillingDocument(
    {
      heading: 'Invoice',
      title: `Invoice ${invoice.displayNumber}`,
      facts,
      author: invoice.seller.name,
      issuedAt: invoice.issuedAt,
      seller: invoice.seller,
      buyer: invoice.buyer,
      line: { description: invoice.description, amount: formatMoneyWithCode(invoice.subtotalMinor, invoice.currency) },
      totals: invoiceTotals(invoice),
      footer: `Paid in full. Amounts in ${invoice.currency}.`,
    },
    fonts,
  );
}

const REASON_TEXT: Record<string, string> = {
  policy: 'Refund under the refund policy (meeting canceled)',
  host: 'Refund by the seller',
  late_payment: 'Refund of a payment that arrived after the booking ended',
};

/** The lines of a credit note's totals block: what is credited, and the tax included in it. */
export function creditNoteTotals(note: CreditNote): Array<[string, string]> {
  const money = (minor: number) => `-${formatMoneyWithCode(minor, note.currency)}`;
  const lines: Array<[string, string]> = [[`Total credited (${note.currency})`, money(note.amountMinor)]];
  if (note.taxRatePercent !== null) lines.push([`Included ${note.taxLabel ?? 'tax'} ${note.taxRatePercent}%`, money(note.taxMinor)]);
  return lines;
}

/**
 * Renders a credit note to PDF bytes: the invoice's page, titled *Credit note*, naming the
 * invoice it corrects, with the amount credited as a negative line.
 */
export function renderCreditNotePdf(note: CreditNote, fonts: PdfFontOptions = {}): Promise<Buffer> {
  return renderBillingDocument(
    {
      heading: 'Credit note',
      title: `Credit note ${note.displayNumber}`,
      facts: [`Credit note number: ${note.displayNumber}`, `Date: ${note.issuedOn}`, `Corrects invoice: ${note.invoiceNumber}`],
      author: note.seller.name,
      issuedAt: note.issuedAt,
      seller: note.seller,
      buyer: note.buyer,
      line: { description: `${REASON_TEXT[note.reason] ?? 'Refund'}: ${note.description}`, amount: `-${formatMoneyWithCode(note.amountMinor, note.currency)}` },
      totals: creditNoteTotals(note),
      footer: `Refunded to the original means of payment. Amounts in ${note.currency}.`,
    },
    fonts,
  );
}
