import { expect } from 'chai';
import { openPdfDocument, writeText } from '../../../core/pdf/document.js';
import { NAMES_BY_SCRIPT, pdfFontNames, pdfToText } from '../../helpers/pdf.js';

async function render(lines: string[]): Promise<Buffer> {
  const doc = await openPdfDocument({ size: 'A4' }, { fallbackFont: null });
  for (const [i, line] of lines.entries()) writeText(doc, line, { weight: i % 2 ? 'bold' : 'regular' });
  doc.end();
  const chunks: Buffer[] = [];
  for await (const chunk of doc) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('core/pdf/document writeText', () => {
  it('keeps every letter in documents made one after another (each parses its own copy of the fonts)', async () => {
    // A parsed font shared by two documents lost "Z", "M" and "C" here in the second.
    const documents = [Object.values(NAMES_BY_SCRIPT), ['Zoë Müller', 'Coaching'], ['Zoë Müller', ...Object.values(NAMES_BY_SCRIPT)]];
    for (const [i, lines] of documents.entries()) {
      const text = await pdfToText(await render(lines));
      for (const line of lines) expect(text, `document ${i + 1}`).to.contain(line);
    }
  });

  it('embeds subsets of DejaVu Sans and Sans Bold, and no standard font', async () => {
    expect(await pdfFontNames(await render(['Invoice', 'Łukasz']))).to.deep.equal(['DejaVuSans', 'DejaVuSans-Bold']);
  });
});
