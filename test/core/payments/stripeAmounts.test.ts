import { expect } from 'chai';
import { fromStripeAmount, stripeDigits, toStripeAmount } from '../../../core/payments/providers/stripeAmounts.js';

describe('core/payments/providers/stripeAmounts', () => {
  it("counts as Stripe does: zero-decimal JPY, three-decimal KWD, two decimals for the rest (HUF, ISK, IDR too)", () => {
    expect(['JPY', 'KRW', 'kwd', 'EUR', 'HUF', 'ISK', 'IDR'].map(stripeDigits)).to.deep.equal([0, 0, 3, 2, 2, 2, 2]);
  });

  it("turns Yava's minor units into Stripe's and back: 15000 HUF (no minor unit in ISO) is 1500000 to Stripe", () => {
    expect(toStripeAmount(15000, 'HUF')).to.equal(1_500_000);
    expect(toStripeAmount(5000, 'ISK')).to.equal(500_000);
    expect(toStripeAmount(4500, 'EUR')).to.equal(4500);
    expect(toStripeAmount(5000, 'JPY')).to.equal(5000);
    expect(toStripeAmount(1250, 'KWD')).to.equal(1250);
    expect(toStripeAmount(12340, 'LYD')).to.equal(1234);
    for (const [amount, currency] of [[15000, 'HUF'], [4500, 'EUR'], [5000, 'JPY'], [1250, 'KWD'], [12340, 'LYD']] as const) expect(fromStripeAmount(toStripeAmount(amount, currency), currency)).to.equal(amount);
  });
});
