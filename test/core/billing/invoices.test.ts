import { expect } from 'chai';
import { getTestDb, usingPostgres } from '../../helpers/db.js';
import { MATH_FONT, pdfToText } from '../../helpers/pdf.js';
import { renderInvoicePdf } from '../../../core/billing/invoicePdf.js';
import { issueInvoice } from '../../../core/billing/invoices.js';
import type { EmailPayload } from '../../../core/notify/outbox.js';
import { insertBooking, setUpBillingWorld, type BillingWorld } from './helpers.js';

describe('core/billing invoices', () => {
  let world: BillingWorld;
  before(async function () {
    this.timeout(180_000);
    await getTestDb();
  });
  beforeEach(async () => {
    world = await setUpBillingWorld({ INVOICE_TAX_RATE: '19', INVOICE_TAX_LABEL: 'VAT' });
  });

  const issue = (bookingId: string, amountMinor = 5000, paymentRef = 'pi_1') =>
    world.db.transaction((trx) => world.billing.issueInvoice(trx, { bookingId, amountMinor, currency: 'EUR', paymentRef }));

  it('issues an invoice with seller, buyer, line, promo discount and included tax, once per booking', async () => {
    await world.billing.createPromoCode(world.adaId, { code: 'SPRING', percentOff: 20 });
    const bookingId = await insertBooking(world, { name: 'Bo Buyer', email: 'bo@x.org' });
    await world.db.transaction((trx) => world.billing.redeemPromoCode(trx, { code: 'SPRING', eventTypeId: world.eventTypeId, bookingId, now: world.clock.now() }));
    const invoice = await issue(bookingId, 4000);
    expect(invoice).to.deep.include({
      number: 1,
      displayNumber: 'INV-00001',
      seller: { name: 'Ada Lovelace', email: 'ada@x.org' },
      buyer: { name: 'Bo Buyer', email: 'bo@x.org' },
      subtotalMinor: 5000,
      discountMinor: 1000,
      promoCode: 'SPRING',
      totalMinor: 4000,
      taxMinor: 639,
      taxLabel: 'VAT',
      taxRatePercent: 19,
      currency: 'EUR',
    });
    expect(invoice.description).to.match(/^Coaching \(2026-12-01\)$/);
    expect((await issue(bookingId, 4000)).id).to.equal(invoice.id);
    expect(await world.db('invoices').count({ n: '*' }).first()).to.satisfy((r: { n: unknown }) => Number(r.n) === 1);
  });

  it("dates the line on the meeting's day in the host's zone, as the host's confirmation e-mail does, not in UTC", async () => {
    const at = async (start: string, zone: string) => {
      await world.db('users').where({ id: world.adaId }).update({ timezone: zone });
      const bookingId = await insertBooking(world);
      await world.db('bookings').where({ id: bookingId }).update({ start_at: new Date(start), end_at: new Date(new Date(start).getTime() + 1_800_000) });
      return (await issue(bookingId)).description;
    };
    expect(await at('2026-12-01T20:00:00Z', 'Asia/Tokyo')).to.equal('Coaching (2026-12-02)');
    expect(await at('2026-12-02T03:00:00Z', 'America/Los_Angeles')).to.equal('Coaching (2026-12-01)');
  });

  it("dates the invoice on its day of issue in the seller's zone (PDF and issuedOn), keeping the instant in issuedAt", async () => {
    await world.db('users').where({ id: world.adaId }).update({ timezone: 'Asia/Tokyo' });
    const bookingId = await insertBooking(world);
    const issuedAt = new Date('2026-12-01T20:30:00Z');
    const { invoice } = await world.db.transaction((trx) => issueInvoice(trx, { bookingId, amountMinor: 5000, currency: 'EUR', issuedAt }));
    expect(invoice).to.include({ issuedAt: '2026-12-01T20:30:00.000Z', issuedOn: '2026-12-02' });
    expect(invoice.seller).to.deep.equal({ name: 'Ada Lovelace', email: 'ada@x.org' });
    expect(await pdfToText(await renderInvoicePdf(invoice))).to.contain('Date: 2026-12-02');
    // Moving house later does not re-date an invoice already issued.
    await world.db('users').where({ id: world.adaId }).update({ timezone: 'America/Los_Angeles' });
    expect((await world.billing.getInvoice(world.adaId, invoice.id)).issuedOn).to.equal('2026-12-02');
  });

  it('renders a PDF that pdftotext reads: number, amounts in the currency, discount and tax', async () => {
    await world.billing.createPromoCode(world.adaId, { code: 'SPRING', percentOff: 20 });
    const bookingId = await insertBooking(world, { name: 'Zoë Müller', email: 'zoe@x.org' });
    await world.db.transaction((trx) => world.billing.redeemPromoCode(trx, { code: 'SPRING', eventTypeId: world.eventTypeId, bookingId, now: world.clock.now() }));
    const text = await pdfToText(await renderInvoicePdf(await issue(bookingId, 4000)));
    expect(text).to.contain('Invoice number: INV-00001');
    expect(text).to.contain('Ada Lovelace').and.contain('Zoë Müller');
    expect(text).to.match(/Subtotal\s+EUR 50\.00/);
    expect(text).to.match(/Discount \(promo code SPRING\)\s+-EUR 10\.00/);
    expect(text).to.match(/Total \(EUR\)\s+EUR 40\.00/);
    expect(text).to.match(/Included VAT 19%\s+EUR 6\.39/);
  });

  it('formats a currency without minor units (JPY) in the PDF', async () => {
    await world.db('event_types').where({ id: world.eventTypeId }).update({ price_minor: 12000, currency: 'JPY' });
    const bookingId = await insertBooking(world);
    const invoice = await world.db.transaction((trx) => world.billing.issueInvoice(trx, { bookingId, amountMinor: 12000, currency: 'JPY' }));
    expect(await pdfToText(await renderInvoicePdf(invoice))).to.match(/Total \(JPY\)\s+JPY 12,000/);
  });

  it('queues one receipt e-mail to the buyer with the invoice PDF attached, in the issuing transaction', async () => {
    const bookingId = await insertBooking(world, { name: 'Bo Buyer', email: 'bo@x.org' });
    const failed = await world.db
      .transaction(async (trx) => {
        await world.billing.issueInvoice(trx, { bookingId, amountMinor: 5000, currency: 'EUR' });
        throw new Error('payment confirmation failed');
      })
      .catch((error: Error) => error.message);
    expect(failed).to.equal('payment confirmation failed');
    expect(await world.db('outbox').where('idempotency_key', 'like', 'email:receipt:%')).to.have.length(0);
    const invoice = await issue(bookingId);
    await issue(bookingId);
    const rows = await world.db('outbox').where('idempotency_key', 'like', 'email:receipt:%');
    expect(rows).to.have.length(1);
    const payload: EmailPayload = typeof rows[0].payload === 'string' ? JSON.parse(rows[0].payload) : rows[0].payload;
    expect(payload.to).to.equal('bo@x.org');
    expect(payload.subject).to.contain('INV-00001').and.contain('EUR 50.00');
    expect(payload.attachments).to.have.length(1);
    expect(payload.attachments![0]).to.include({ filename: 'invoice-INV-00001.pdf', contentType: 'application/pdf' });
    expect(await pdfToText(Buffer.from(payload.attachments![0]!.contentBase64, 'base64'))).to.contain(invoice.displayNumber);
  });

  it('prints the invoice (download and receipt) with the font PDF_FALLBACK_FONT names for letters DejaVu Sans lacks', async () => {
    world = await setUpBillingWorld({ PDF_FALLBACK_FONT: MATH_FONT });
    const invoice = await issue(await insertBooking(world, { name: '𝔄𝔡𝔞 Byron', email: 'ada@x.org' }));
    expect(await pdfToText(await world.billing.invoicePdf(invoice))).to.contain('𝔄𝔡𝔞 Byron');
    const [row] = await world.db('outbox').where('idempotency_key', `email:receipt:${invoice.id}`);
    const payload: EmailPayload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    expect(await pdfToText(Buffer.from(payload.attachments![0]!.contentBase64, 'base64'))).to.contain('𝔄𝔡𝔞 Byron');
  });

  it('numbers per host from 1 with no gap: a rolled-back confirmation gives its number back', async () => {
    const [bob] = await world.db('users').insert({ email: 'bob@x.org', username: 'bob', name: 'Bob', password_hash: 'x', timezone: 'UTC' }).returning('id');
    const first = await issue(await insertBooking(world));
    const lost = await insertBooking(world);
    await world.db
      .transaction(async (trx) => {
        await world.billing.issueInvoice(trx, { bookingId: lost, amountMinor: 5000, currency: 'EUR' });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const second = await issue(await insertBooking(world));
    expect([first.number, second.number]).to.deep.equal([1, 2]);
    const [bobType] = await world.db('event_types').insert({ owner_user_id: bob.id, slug: 'b', title: 'B', duration_minutes: 30, price_minor: 100, currency: 'EUR', payment_provider: 'stripe' }).returning('id');
    const bobBooking = await insertBooking({ ...world, adaId: bob.id, eventTypeId: bobType.id });
    expect((await issue(bobBooking, 100)).number).to.equal(1);
  });

  it(`numbers stay gapless under 20 parallel payment confirmations${usingPostgres() ? ' (PostgreSQL, 20 connections)' : ''}`, async function () {
    this.timeout(60_000);
    const bookings = [];
    for (let i = 0; i < 20; i += 1) bookings.push(await insertBooking(world, { name: `Guest ${i}`, email: `g${i}@x.org` }));
    // Every fourth confirmation fails after taking its number: its number must be reused.
    const results = await Promise.allSettled(
      bookings.map((bookingId, i) =>
        world.db.transaction(async (trx) => {
          if (usingPostgres()) await trx.raw('SELECT pg_sleep(0.02)');
          const invoice = await world.billing.issueInvoice(trx, { bookingId, amountMinor: 5000, currency: 'EUR' });
          if (i % 4 === 3) throw new Error('confirmation failed');
          return invoice;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).to.have.length(5);
    const numbers = (await world.db('invoices').where({ host_user_id: world.adaId }).orderBy('number').pluck('number')).map(Number);
    expect(numbers).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
  });
});
