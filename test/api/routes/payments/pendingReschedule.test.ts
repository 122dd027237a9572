import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { bookSlot, confirmationEmails, startWithFakeStripe, payWithStripe } from './helpers.js';

// An unpaid hold is not a meeting yet: nobody hears of it until it is paid, moved or not.
describe('rescheduling a pending_payment booking', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { PAYMENT_HOLD_MINUTES: '15' }));
    host = await createHost(call, 'movehost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Paid session', price: { amount: 4500, currency: 'EUR', provider: 'stripe' } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  const queuedFor = async (bookingId: string) => (await server.deps.db('outbox').where({ booking_id: bookingId }).select('channel', 'idempotency_key')) as Array<{ channel: string; idempotency_key: string }>;

  it('queues nothing (e-mails, calendar writes, webhooks, reminders) when moved; paying sends the one confirmation, for the new time', async () => {
    const booked = await bookSlot(call, 'movehost', 'paid', '2026-11-25T09:00:00Z');
    expect(booked.body.status).to.equal('pending_payment');
    const moved = await call('POST', `/api/meetings/${booked.body.id}/reschedule?token=${booked.body.manageToken}`, { body: { start: '2026-11-25T11:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    expect(moved.body).to.include({ status: 'pending_payment', start: '2026-11-25T11:00:00.000Z' });
    const byHost = await call('POST', `/api/meetings/${booked.body.id}/reschedule`, { token: host.token, body: { start: '2026-11-25T12:00:00Z' } });
    expect(byHost.status, byHost.text).to.equal(200);
    expect(await queuedFor(booked.body.id)).to.deep.equal([]);

    expect((await payWithStripe(server, stripe, booked.body.id)).status).to.equal(200);
    expect(await confirmationEmails(server, booked.body.id)).to.have.length(2);
    expect((await queuedFor(booked.body.id)).filter((r) => r.idempotency_key.includes('rescheduled'))).to.deep.equal([]);
    const email = await server.deps.db('outbox').where({ booking_id: booked.body.id, channel: 'email' }).whereLike('idempotency_key', '%:created:%').first();
    expect(JSON.stringify(email.payload)).to.include('DTSTART:20261125T120000Z');
  });
});
