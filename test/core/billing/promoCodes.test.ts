import { expect } from 'chai';
import { expectCode } from '../booking/helpers.js';
import { getTestDb, usingPostgres } from '../../helpers/db.js';
import { insertBooking, setUpBillingWorld, type BillingWorld } from './helpers.js';

describe('core/billing promo codes', () => {
  let world: BillingWorld;
  before(async function () {
    this.timeout(180_000);
    await getTestDb();
  });
  beforeEach(async () => {
    world = await setUpBillingWorld();
  });

  const redeem = (code: string, bookingId: string, eventTypeId = world.eventTypeId) =>
    world.db.transaction((trx) => world.billing.redeemPromoCode(trx, { code, eventTypeId, bookingId, now: world.clock.now() }));

  it('creates, lists and disables a host\'s codes; a code is unique per host whatever its case', async () => {
    const made = await world.billing.createPromoCode(world.adaId, { code: 'Spring20', percentOff: 20, maxUses: 3 });
    expect(made).to.include({ code: 'Spring20', percentOff: 20, maxUses: 3, uses: 0, disabled: false, eventTypeId: null });
    await expectCode(world.billing.createPromoCode(world.adaId, { code: 'SPRING20', amountOffMinor: 500, currency: 'eur' }), 'conflict');
    expect((await world.billing.listPromoCodes(world.adaId)).map((p) => p.code)).to.deep.equal(['Spring20']);
    expect((await world.billing.disablePromoCode(world.adaId, made.id)).disabled).to.equal(true);
    await expectCode(redeem('spring20', await insertBooking(world)), 'promo_code_invalid');
  });

  it('refuses promo codes on a plan without payments, naming Pro', async () => {
    const free = await setUpBillingWorld({ YAVA_DEFAULT_PLAN: 'free' });
    const error = await expectCode(free.billing.createPromoCode(free.adaId, { code: 'X-100', percentOff: 10 }), 'plan_required');
    expect(error.details.plan).to.equal('pro');
  });

  it('takes a percentage or a fixed amount off the price, one code per booking', async () => {
    await world.billing.createPromoCode(world.adaId, { code: 'TWENTY', percentOff: 20 });
    await world.billing.createPromoCode(world.adaId, { code: 'TENOFF', amountOffMinor: 1000, currency: 'EUR', eventTypeId: world.eventTypeId });
    const first = await insertBooking(world);
    expect(await redeem('twenty', first)).to.deep.equal({ code: 'TWENTY', priceMinor: 5000, discountMinor: 1000, amountDueMinor: 4000, currency: 'EUR' });
    await expectCode(redeem('TENOFF', first), 'conflict');
    expect((await redeem('TWENTY', first)).discountMinor).to.equal(1000);
    expect((await world.billing.listPromoCodes(world.adaId)).find((p) => p.code === 'TWENTY')?.uses).to.equal(1);
    expect(await world.db('promo_redemptions').where({ booking_id: first }).count({ n: '*' }).first()).to.satisfy((r: { n: unknown }) => Number(r.n) === 1);
    expect((await redeem('TENOFF', await insertBooking(world))).amountDueMinor).to.equal(4000);
  });

  it('honours the validity window, the currency and the event type a code is for', async () => {
    await world.billing.createPromoCode(world.adaId, { code: 'LATER', percentOff: 10, validFrom: '2026-12-01T00:00:00Z' });
    await world.billing.createPromoCode(world.adaId, { code: 'GONE', percentOff: 10, validUntil: '2026-11-24T09:00:00Z' });
    await world.billing.createPromoCode(world.adaId, { code: 'DOLLARS', amountOffMinor: 100, currency: 'USD' });
    const [other] = await world.db('event_types').insert({ owner_user_id: world.adaId, slug: 'other', title: 'Other', duration_minutes: 30, price_minor: 100, currency: 'EUR', payment_provider: 'stripe' }).returning('id');
    await world.billing.createPromoCode(world.adaId, { code: 'OTHERONLY', percentOff: 50, eventTypeId: other.id });
    const booking = await insertBooking(world);
    expect((await expectCode(redeem('LATER', booking), 'promo_code_invalid')).message).to.contain('valid from 2026-12-01');
    expect((await expectCode(redeem('GONE', booking), 'promo_code_invalid')).message).to.contain('expired');
    expect((await expectCode(redeem('DOLLARS', booking), 'promo_code_invalid')).message).to.contain('USD');
    await expectCode(redeem('OTHERONLY', booking), 'promo_code_invalid');
    await expectCode(redeem('NOPE', booking), 'promo_code_invalid');
  });

  it('refuses a code on a free event type', async () => {
    const [free] = await world.db('event_types').insert({ owner_user_id: world.adaId, slug: 'free', title: 'Free', duration_minutes: 30 }).returning('id');
    await world.billing.createPromoCode(world.adaId, { code: 'ANY10', percentOff: 10 });
    await expectCode(redeem('ANY10', await insertBooking(world), free.id), 'validation_failed');
  });

  it('gives a use back when a booking releases its code', async () => {
    const code = await world.billing.createPromoCode(world.adaId, { code: 'ONCE', percentOff: 10, maxUses: 1 });
    const first = await insertBooking(world);
    await redeem('ONCE', first);
    await expectCode(redeem('ONCE', await insertBooking(world)), 'promo_code_used_up');
    expect(await world.db.transaction((trx) => world.billing.releasePromoRedemption(trx, first))).to.equal(true);
    expect((await world.billing.listPromoCodes(world.adaId)).find((p) => p.id === code.id)?.uses).to.equal(0);
    await redeem('ONCE', await insertBooking(world));
  });

  it(`20 redemptions at once of a code limited to 3 uses: exactly 3 succeed${usingPostgres() ? ' (PostgreSQL, 20 connections)' : ''}`, async function () {
    this.timeout(60_000);
    await world.billing.createPromoCode(world.adaId, { code: 'THREE', percentOff: 50, maxUses: 3 });
    const bookings = [];
    for (let i = 0; i < 20; i += 1) bookings.push(await insertBooking(world, { name: `Guest ${i}`, email: `g${i}@x.org` }));
    const results = await Promise.allSettled(
      bookings.map((bookingId) =>
        world.db.transaction(async (trx) => {
          // Each transaction holds its connection a moment before redeeming, so they overlap.
          if (usingPostgres()) await trx.raw('SELECT pg_sleep(0.05)');
          return world.billing.redeemPromoCode(trx, { code: 'THREE', eventTypeId: world.eventTypeId, bookingId, now: world.clock.now() });
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).to.have.length(3);
    expect(lost.map((r) => (r.reason as { code?: string }).code)).to.deep.equal(Array(17).fill('promo_code_used_up'));
    expect((await world.db('promo_codes').where({ code: 'THREE' }).first('uses')).uses).to.equal(3);
    expect(Number((await world.db('promo_redemptions').count({ n: '*' }).first())!.n)).to.equal(3);
  });
});
