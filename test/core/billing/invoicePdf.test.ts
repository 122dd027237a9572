import { expect } from 'chai';
import { renderInvoicePdf } from '../../../core/billing/invoicePdf.js';
import type { Invoice } from '../../../core/billing/invoices.js';
import { JAPANESE_NAME, NAMES_BY_SCRIPT, pdfToText, requireCjkFont } from '../../helpers/pdf.js';

/** A one-page invoice between `seller` and `buyer`. */
function sampleInvoice(seller: string, buyer: string, extra: Partial<Invoice> = {}): Invoice {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    number: 1,
    displayNumber: 'INV-00001',
    bookingId: null,
    paymentRef: 'pi_1',
    seller: { name: seller, email: 'seller@example.org' },
    buyer: { name: buyer, email: 'buyer@example.org' },
    description: 'Coaching (2026-12-01)',
    subtotalMinor: 5000,
    discountMinor: 0,
    promoCode: null,
    taxMinor: 798,
    taxLabel: 'VAT',
    taxRatePercent: 19,
    totalMinor: 5000,
    currency: 'EUR',
    issuedAt: '2026-12-01T10:00:00.000Z',
    issuedOn: '2026-12-01',
    ...extra,
  };
}

describe('core/billing/invoicePdf renderInvoicePdf', () => {
  it('prints names, the line and the tax label in Polish, Czech, Turkish, Greek and Cyrillic exactly as typed', async () => {
    const { polish, czech, turkish, greek, cyrillic } = NAMES_BY_SCRIPT;
    const pdf = await renderInvoicePdf(sampleInvoice(polish, cyrillic, { description: `Μάθημα ${turkish} (2026-12-01)`, taxLabel: 'НДС' }));
    const text = await pdfToText(pdf);
    expect(text).to.contain(polish).and.contain(cyrillic).and.contain(`Μάθημα ${turkish} (2026-12-01)`).and.contain('Included НДС 19%');
    // Only the glyphs used are embedded (DejaVu Sans whole is 740 kB).
    expect(pdf.length).to.be.below(40_000);
    const other = await pdfToText(await renderInvoicePdf(sampleInvoice(greek, czech)));
    expect(other).to.contain(greek).and.contain(czech);
  });

  it('prints one-word Hebrew and Arabic names (letters right to left, Arabic joined)', async () => {
    const text = await pdfToText(await renderInvoicePdf(sampleInvoice('דוד', 'محمد')));
    expect(text).to.contain('דוד').and.contain('محمد');
  });

  it('prints Japanese names with a system CJK font (skipped on a machine without one)', async function () {
    requireCjkFont(this);
    const text = await pdfToText(await renderInvoicePdf(sampleInvoice(JAPANESE_NAME, `${NAMES_BY_SCRIPT.polish} ${JAPANESE_NAME}`)));
    expect(text).to.contain(JAPANESE_NAME).and.contain(`${NAMES_BY_SCRIPT.polish} ${JAPANESE_NAME}`);
  });

  it('without a font for them, prints the replacement mark U+FFFD for letters it cannot show, not other letters', async () => {
    const text = await pdfToText(await renderInvoicePdf(sampleInvoice('Ada', `${NAMES_BY_SCRIPT.polish} 山田`), { fallbackFont: null }));
    expect(text).to.contain(`${NAMES_BY_SCRIPT.polish} \uFFFD\uFFFD`);
  });
});
