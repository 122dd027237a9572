import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { signedInWebClient } from '../../../helpers/browserSession.js';
import { pdfToText } from '../../../helpers/pdf.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { WEBHOOK_SECRET, bookPaidWithStripe, bookSlot, checkoutIdOf, drainOutbox, startWithFakeStripe } from '../payments/helpers.js';

/** A refund corrects an invoice with a credit note of its own (numbered, e-mailed) once the provider has taken it, never by changing the invoice. */
describe('credit notes for refunds', () => {
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  let n = 0;

  const refund = (id: string, amount?: number) => call('POST', `/api/meetings/${id}/refund`, { token: host.token, body: amount === undefined ? {} : { amount } });
  const invoiceOf = async (bookingId: string) => (await server.deps.db('invoices').where({ booking_id: bookingId }).first()) as { id: string; number: number; total_minor: number };

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { INVOICE_TAX_RATE: '20', INVOICE_TAX_LABEL: 'VAT' }));
    host = await createHost(call, 'cnhost', { timezone: 'Europe/Paris' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Consultation', price: { amount: 4500, currency: 'EUR', provider: 'stripe' } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  it('each refund of an invoiced payment issues the next CN- number, naming the invoice, with the tax it includes; the invoice stays as issued', async () => {
    const { booking } = await bookPaidWithStripe(server, stripe, 'cnhost', 'paid', '2026-11-26T10:00:00Z', ++n);
    const invoice = await invoiceOf(booking.id);
    expect(invoice.total_minor).to.equal(4500);
    expect((await refund(booking.id, 1000)).status).to.equal(200);
    expect((await refund(booking.id)).status).to.equal(200);
    // Documented once Stripe has taken each refund, not when it is asked for.
    expect((await call('GET', '/api/credit-notes', { token: host.token })).body.creditNotes).to.deep.equal([]);
    await drainOutbox(server);

    const list = await call('GET', '/api/credit-notes', { token: host.token });
    expect(list.status, list.text).to.equal(200);
    const [second, first] = list.body.creditNotes;
    expect(first).to.include({ number: 'CN-00001', sequence: 1, invoiceId: invoice.id, invoiceNumber: 'INV-00001', bookingId: booking.id, reason: 'host', amountMinor: 1000, taxMinor: 167, taxLabel: 'VAT', taxRatePercent: 20, currency: 'EUR', issuedOn: '2026-11-24' });
    expect(second).to.include({ number: 'CN-00002', amountMinor: 3500, taxMinor: 583 });
    expect(first.pdfUrl).to.match(/\/api\/credit-notes\/[0-9a-f-]{36}\.pdf$/);
    expect(first.buyer.email).to.be.a('string').and.not.empty;

    // The invoice is unchanged, and lists what corrects it.
    const shown = await call('GET', `/api/invoices/${invoice.id}`, { token: host.token });
    expect(shown.body).to.include({ number: 'INV-00001', totalMinor: 4500 });
    expect(shown.body.creditNotes.map((c: { number: string }) => c.number)).to.deep.equal(['CN-00002', 'CN-00001']);
    const history = await call('GET', '/api/billing/history', { token: host.token });
    expect(history.body.creditNotes).to.have.length(2);
    // The dashboard's history shows the invoice and both credit notes, newest first.
    const page = (await (await signedInWebClient(server.url, 'cnhost@example.com')).request('GET', '/app/billing')).text;
    expect(page).to.include('>CN-00002</a>').and.include('>CN-00001</a>').and.include('>INV-00001</a>');
    expect(page).to.include('Refund of INV-00001: Consultation').and.include('<td>-EUR 10.00</td>');
    expect(page.indexOf('CN-00002')).to.be.lessThan(page.indexOf('INV-00001</a>'));
  });

  it('the PDF reads as a credit note of the invoice, with negative amounts; only its seller may read it', async () => {
    const notes = (await call('GET', '/api/credit-notes', { token: host.token })).body.creditNotes;
    const first = notes.find((c: { number: string }) => c.number === 'CN-00001');
    const pdf = await fetch(`${server.url}/api/credit-notes/${first.id}.pdf`, { headers: { authorization: `Bearer ${host.token}` } });
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    const text = await pdfToText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).to.include('Credit note').and.include('CN-00001').and.include('Corrects invoice: INV-00001');
    expect(text).to.include('-EUR 10.00').and.include('Included VAT 20%').and.include('-EUR 1.67');
    const other = await createHost(call, 'cnother');
    expectProblem(await call('GET', `/api/credit-notes/${first.id}`, { token: other.token }), 404, 'not_found');
    expect((await fetch(`${server.url}/api/credit-notes/${first.id}.pdf`, { headers: { authorization: `Bearer ${other.token}` } })).status).to.equal(404);
    expect((await call('GET', '/api/credit-notes', { token: other.token })).body.creditNotes).to.deep.equal([]);
  });

  it('the buyer gets each credit note once by e-mail, its PDF attached', async () => {
    const notes = (await call('GET', '/api/credit-notes', { token: host.token })).body.creditNotes;
    await drainOutbox(server);
    for (const note of notes) {
      const rows = await server.deps.db('outbox').where({ idempotency_key: `email:credit-note:${note.id}` });
      expect(rows, note.number).to.have.length(1);
      const payload = typeof rows[0].payload === 'string' ? JSON.parse(rows[0].payload) : rows[0].payload;
      expect(payload.to).to.equal(note.buyer.email);
      expect(payload.subject).to.include(note.number);
      expect(payload.attachments[0]).to.include({ filename: `credit-note-${note.number}.pdf`, contentType: 'application/pdf' });
      expect(rows[0].status).to.equal('sent');
    }
  });

  it('a payment refunded because it came after its hold ended was never invoiced: no credit note', async () => {
    const booked = await bookSlot(call, 'cnhost', 'paid', '2026-11-26T12:00:00Z', ++n);
    const session = await checkoutIdOf(server, booked.body.id);
    const deliver = (payload: string) => fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload, WEBHOOK_SECRET) }, body: payload });
    await deliver(stripe.event('checkout.session.async_payment_failed', session));
    stripe.pay(session);
    await deliver(stripe.event('checkout.session.completed', session));
    expect(await server.deps.db('payment_refunds').join('payments', 'payments.id', 'payment_refunds.payment_id').where('payments.booking_id', booked.body.id)).to.have.length(1);
    expect(await invoiceOf(booked.body.id)).to.equal(undefined);
    expect((await call('GET', '/api/credit-notes', { token: host.token })).body.creditNotes).to.have.length(2);
  });
});
