import { expect } from 'chai';
import { REMOVED_FROM_CALENDAR } from '../../../../core/calendars/followHostChanges.js';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { startFakeStripe, type FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, type createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { WEBHOOK_SECRET, bookPaidWithStripe } from '../payments/helpers.js';
import { consentFlow, deliverOutbox, googleEnv, startCalendarServer, thenSync } from './helpers.js';

const PRIMARY = 'ada@gmail.com';

/** What a host does to a paid meeting in their own calendar does to its payment what the same change through Yava does. */
describe("a paid meeting changed in the host's calendar (Google and Stripe fakes)", () => {
  let google: GoogleFake;
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let n = 0;

  /** Books ada's `eventType` at `start`, pays it, and writes its event to her calendar. */
  async function bookPaid(eventType: string, start: string) {
    const paid = await bookPaidWithStripe(server, stripe, 'ada', eventType, start, ++n);
    await deliverOutbox(server);
    return paid;
  }
  const eventOf = (uid: string) => google.liveEvents(PRIMARY).find((e) => e.iCalUID === uid)!;
  const paymentRow = (bookingId: string) => server.deps.db('payments').where({ booking_id: bookingId }).first();
  const refundsOf = async (bookingId: string) => server.deps.db('payment_refunds').where({ payment_id: (await paymentRow(bookingId)).id }).orderBy('created_at').select('amount_minor', 'reason', 'actor');
  const cancelAsInvitee = (b: { id: string; manageToken: string }) => call('POST', `/api/meetings/${b.id}/cancel?token=${b.manageToken}`, { body: {} });

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    google = await startGoogleFake();
    google.addCalendar(PRIMARY, 'Ada', { primary: true, timeZone: 'UTC' });
    stripe = await startFakeStripe();
    ({ server, call, host } = await startCalendarServer(clock, { ...googleEnv(google), STRIPE_SECRET_KEY: 'sk_test_yava', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripe.url }));
    await createEventType(call, host.token, { slug: 'day', title: 'Day notice', durationMinutes: 60, price: { amount: 4500, currency: 'EUR', provider: 'stripe', refundPolicy: { type: 'full_until', hours: 24 } } });
    await createEventType(call, host.token, { slug: 'final', title: 'No refunds', durationMinutes: 60, price: { amount: 3000, currency: 'EUR', provider: 'stripe', refundPolicy: { type: 'none' } } });
    expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
  });
  after(async () => {
    await server?.close();
    await google?.stop();
    await stripe?.close();
  });

  it('a move there after an invitee closed the refund window sets it from the new start, as a host reschedule through Yava does', async () => {
    // Booked 23 h ahead, moved further out by the invitee: the full-refund window stays closed.
    const { booking } = await bookPaid('day', '2026-11-25T09:00:00Z');
    const moved = await call('POST', `/api/meetings/${booking.id}/reschedule?token=${booking.manageToken}`, { body: { start: '2026-12-02T09:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    expect((await paymentRow(booking.id)).refund_window_closed_at).to.not.equal(null);
    await deliverOutbox(server);
    // The host drags the event a day later in Google Calendar.
    google.putEvent(PRIMARY, { id: eventOf(booking.icalUid).id, start: { dateTime: '2026-12-03T14:00:00Z' }, end: { dateTime: '2026-12-03T15:00:00Z' } });
    await thenSync(server, google.push(PRIMARY));
    expect(new Date((await server.deps.db('bookings').where({ id: booking.id }).first()).start_at).toISOString()).to.equal('2026-12-03T14:00:00.000Z');
    expect((await paymentRow(booking.id)).refund_window_closed_at, "the host's move reopens the window").to.equal(null);
    // Cancelled 9 days ahead, the invitee gets everything back.
    expect((await cancelAsInvitee(booking)).status).to.equal(200);
    expect(await refundsOf(booking.id)).to.deep.equal([{ amount_minor: 4500, reason: 'policy', actor: 'attendee:guest1@example.org' }]);
  });

  it('deleting the event there refunds in full, as a host cancelling through Yava does (whatever the policy)', async () => {
    const { booking, paymentIntent } = await bookPaid('final', '2026-11-26T10:00:00Z');
    google.deleteEvent(PRIMARY, eventOf(booking.icalUid).id);
    await thenSync(server, google.push(PRIMARY));
    expect(await server.deps.db('bookings').where({ id: booking.id }).first()).to.include({ status: 'canceled', canceled_by: 'host:ada', cancel_reason: REMOVED_FROM_CALENDAR });
    expect(await refundsOf(booking.id)).to.deep.equal([{ amount_minor: 3000, reason: 'policy', actor: 'host:ada' }]);
    await deliverOutbox(server);
    expect(stripe.refunds.filter((r) => r.payment_intent === paymentIntent).map((r) => r.amount)).to.deep.equal([3000]);
  });
});
