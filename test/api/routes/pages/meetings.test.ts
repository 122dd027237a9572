import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';
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

describe('GET /meetings/:id?booked=1 (the confirmation): the e-mail it promises', () => {
  let server: RunningServer;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const book = (start: string) => server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start, invitee: { name: 'Ivy', email: 'Ivy@Example.com', timezone: 'UTC' } });
  const confirmation = async (id: string, token: string) => (await fetch(`${server.url}/meetings/${id}?token=${token}&booked=1`)).text();

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const host = await registerUser(apiClient(server.url), { username: 'hela', timezone: 'UTC' });
    const intro = await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    // A reminder e-mail is planned with every booking: it is not the confirmation the page speaks of.
    await server.deps.services.notify.settings.setEventTypeNotifications(host.user.id, intro.id, { reminders: [{ minutesBefore: 60, channel: 'email' }], followUps: [] });
  });
  after(() => server.close());

  it('says a confirmation was e-mailed only when one was queued; after unsubscribing, it says none comes and points to the .ics', async () => {
    const first = await book('2026-11-25T09:00:00Z');
    expect(await confirmation(first.booking.id, first.manageToken)).to.include('We emailed you a confirmation with a calendar invite.');
    const row = await server.deps.db('outbox').where({ booking_id: first.booking.id, channel: 'email' }).whereRaw("lower(payload->>'to') = ?", ['ivy@example.com']).first();
    await server.deps.services.notify.settings.unsubscribe(new URL(row.payload.unsubscribeUrl).pathname.split('/').pop()!);
    const second = await book('2026-11-25T10:00:00Z');
    const page = await confirmation(second.booking.id, second.manageToken);
    expect(page).to.not.include('We emailed you');
    expect(page).to.include('No confirmation e-mail is coming to you: add the meeting to your calendar with the .ics download below.');
    expect(page).to.include('Download .ics');
    const reminders = await server.deps.db('outbox').where({ booking_id: second.booking.id }).whereLike('idempotency_key', 'reminder:%');
    expect(reminders, 'a reminder to the invitee is planned all the same').to.not.deep.equal([]);
  });
});
