/**
 * The invoice as a PDF (pdfkit, Yava's fonts: core/pdf): seller, buyer, the line, the discount,
 * the tax when configured, and the total, every amount formatted for its currency. Pure apart
 * from the CPU and reading the font files: the same invoice always gives a PDF with the same text.
 */
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

/**
 * Renders the invoice to PDF bytes. Throws when the fallback font file cannot be read.
 *
 * @example const pdf = await renderInvoicePdf(invoice, { fallbackFont: config.PDF_FALLBACK_FONT }) // Buffer starting with "%PDF-"
 */
export async function renderInvoicePdf(invoice: Invoice, fonts: PdfFontOptions = {}): Promise<Buffer> {
  const doc = await openPdfDocument({ size: 'A4', margin: LEFT, info: { Title: `Invoice ${invoice.displayNumber}`, Author: invoice.seller.name, CreationDate: new Date(invoice.issuedAt) } }, fonts);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  writeText(doc.fontSize(20), 'Invoice', { x: LEFT, y: 50, weight: 'bold' });
  const right = { width: AMOUNT_WIDTH + 60, align: 'right' } as const;
  writeText(doc.fontSize(10), `Invoice number: ${invoice.displayNumber}`, { ...right, x: AMOUNT_X - 60, y: 55 });
  writeText(doc, `Date: ${invoice.issuedOn}`, right);
  if (invoice.paymentRef) writeText(doc, `Payment: ${invoice.paymentRef}`, right);
  party(doc, 'From', invoice.seller, LEFT, 120);
  party(doc, 'Billed to', invoice.buyer, 300, 120);
  let y = 200;
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).stroke();
  row(doc, 'Description', 'Amount', y + 8, 'bold');
  y += 28;
  y = Math.max(y + 20, row(doc, invoice.description, formatMoneyWithCode(invoice.subtotalMinor, invoice.currency), y) + 8);
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).stroke();
  y += 10;
  for (const [label, amount] of invoiceTotals(invoice)) {
    row(doc, label, amount, y, label.startsWith('Total') ? 'bold' : 'regular');
    y += 18;
  }
  writeText(doc.fontSize(9).fillColor('#555555'), `Paid in full. Amounts in ${invoice.currency}.`, { x: LEFT, y: y + 20 });
  doc.end();
  return done;
}
