/**
 * The invoice as a PDF (pdfkit, built-in Helvetica): seller, buyer, the line, the discount,
 * the tax when configured, and the total, every amount formatted for its currency. Pure apart
 * from the CPU: the same invoice always gives a PDF with the same text. pdfkit is loaded on first use.
 */
import type { Invoice } from './invoices.js';
import { formatMoneyWithCode } from '../payments/money.js';

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

function party(doc: PDFKit.PDFDocument, title: string, who: { name: string; email: string }, x: number, y: number): void {
  doc.font('Helvetica-Bold').fontSize(10).text(title, x, y);
  doc.font('Helvetica').text(who.name, x, y + 14, { width: 220 }).text(who.email, { width: 220 });
}

function row(doc: PDFKit.PDFDocument, label: string, amount: string, y: number, bold = false): void {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
  doc.text(label, LEFT, y, { width: AMOUNT_X - LEFT - 10 });
  doc.text(amount, AMOUNT_X, y, { width: AMOUNT_WIDTH, align: 'right' });
}

/**
 * Renders the invoice to PDF bytes.
 *
 * @example const pdf = await renderInvoicePdf(invoice) // Buffer starting with "%PDF-"
 */
export async function renderInvoicePdf(invoice: Invoice): Promise<Buffer> {
  // Loaded on first use: pdfkit (with its font machinery) would add to every process's start-up.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: LEFT, info: { Title: `Invoice ${invoice.displayNumber}`, Author: invoice.seller.name, CreationDate: new Date(invoice.issuedAt) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(20).text('Invoice', LEFT, 50);
  doc.font('Helvetica').fontSize(10);
  doc.text(`Invoice number: ${invoice.displayNumber}`, AMOUNT_X - 60, 55, { width: AMOUNT_WIDTH + 60, align: 'right' });
  doc.text(`Date: ${invoice.issuedOn}`, { width: AMOUNT_WIDTH + 60, align: 'right' });
  if (invoice.paymentRef) doc.text(`Payment: ${invoice.paymentRef}`, { width: AMOUNT_WIDTH + 60, align: 'right' });
  party(doc, 'From', invoice.seller, LEFT, 120);
  party(doc, 'Billed to', invoice.buyer, 300, 120);
  let y = 200;
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).stroke();
  row(doc, 'Description', 'Amount', y + 8, true);
  y += 28;
  row(doc, invoice.description, formatMoneyWithCode(invoice.subtotalMinor, invoice.currency), y);
  y += Math.max(20, doc.heightOfString(invoice.description, { width: AMOUNT_X - LEFT - 10 }) + 8);
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).stroke();
  y += 10;
  for (const [label, amount] of invoiceTotals(invoice)) {
    row(doc, label, amount, y, label.startsWith('Total'));
    y += 18;
  }
  doc.font('Helvetica').fontSize(9).fillColor('#555555').text(`Paid in full. Amounts in ${invoice.currency}.`, LEFT, y + 20);
  doc.end();
  return done;
}
