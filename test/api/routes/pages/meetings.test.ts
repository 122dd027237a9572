import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { bookSlot, startWithFakeStripe } from '../payments/helpers.js';

describe('GET /meetings/:id?token= (the manage page) of an unpaid hold', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { PAYMENT_HOLD_MINUTES: '15' }));
    const host = await createHost(call, 'pagehost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Paid session', price: { amount: 4500, currency: 'EUR', provider: 'stripe' } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  it('shows "Awaiting payment", the amount, the hold\'s end in the viewer\'s zone and a Pay now link to the checkout', async () => {
    const booked = await bookSlot(call, 'pagehost', 'paid', '2026-11-25T09:00:00Z');
    expect(booked.body.status).to.equal('pending_payment');
    const page = await fetch(`${server.url}/meetings/${booked.body.id}?token=${booked.body.manageToken}&timezone=Asia/Tokyo`);
    expect(page.status).to.equal(200);
    const text = await page.text();
    expect(text).to.include('Awaiting payment').and.not.include('>pending_payment<');
    expect(text).to.include('€45.00');
    // Held 15 minutes from 10:00Z: 19:15 in Tokyo.
    expect(text).to.include('24 Nov 2026, 19:15').and.include('(Asia/Tokyo)');
    const checkoutUrl = booked.body.payment.checkoutUrl as string;
    expect(text).to.include(`href="${checkoutUrl.replace(/&/g, '&amp;')}"`).and.include('Pay now');
  });
});
