/**
 * A pdfkit document whose text is written with `writeText`: every string in a font that has
 * its letters (core/pdf/fonts.ts), so the invoice and the meetings report cannot drift apart.
 * pdfkit is loaded on first use: it (with its font machinery) would add to every process's start-up.
 */
import { fitText, loadPdfFonts, type PdfFontOptions, type PdfFonts, type PdfWeight } from './fonts.js';

export type PdfDocument = PDFKit.PDFDocument;

export interface PdfTextOptions extends PDFKit.Mixins.TextOptions {
  /** `bold` is DejaVu Sans Bold; the fallback font has one weight. */
  weight?: PdfWeight;
  /** Where the text starts; unset: where the last text ended (pdfkit's `doc.x`, `doc.y`). */
  x?: number;
  y?: number;
}

const fontsOf = new WeakMap<PdfDocument, PdfFonts>();

/**
 * A new document with Yava's fonts registered; write its text with `writeText`.
 *
 * @example const doc = await openPdfDocument({ size: 'A4' }, { fallbackFont: config.PDF_FALLBACK_FONT })
 */
export async function openPdfDocument(options: PDFKit.PDFDocumentOptions, fontOptions: PdfFontOptions = {}): Promise<PdfDocument> {
  const fonts = loadPdfFonts(fontOptions);
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument(options);
  for (const name of ['regular', 'bold', 'fallback'] as const) {
    const font = fonts[name];
    // Parsed by pdfkit on first use in this document, never shared with another (see PdfFontFile).
    if (font) doc.registerFont(`yava-${name}`, font.data, font.family);
  }
  fontsOf.set(doc, fonts);
  return doc.font('yava-regular');
}

/**
 * `doc.text(text, x, y, options)` in the font fitted to the text (`fitText`): DejaVu Sans of
 * the weight, else the fallback font, else with U+FFFD for what no font has. Leaves that font set.
 *
 * @example writeText(doc, invoice.buyer.name, { x: 300, y: 134, width: 220 })
 */
export function writeText(doc: PdfDocument, text: string, options: PdfTextOptions = {}): PdfDocument {
  const fonts = fontsOf.get(doc);
  if (!fonts) throw new Error('writeText needs a document from openPdfDocument');
  const { weight = 'regular', x, y, ...textOptions } = options;
  const fitted = fitText(fonts, text, weight);
  // What doc.text(text, x, y) does: pdfkit starts the text at doc.x, doc.y.
  if (x !== undefined) doc.x = x;
  if (y !== undefined) doc.y = y;
  return doc.font(`yava-${fitted.font}`).text(fitted.text, textOptions);
}
