import { expect } from 'chai';
import { paymentMismatchOf } from '../../../core/payments/paymentMismatch.js';

describe('core/payments/paymentMismatch', () => {
  const due = { amountMinor: 4500, currency: 'EUR' };

  it('the exact amount in the same currency pays what is due (the provider may write the code in lower case)', () => {
    expect(paymentMismatchOf(due, { amountMinor: 4500, currency: 'EUR' })).to.equal(null);
    expect(paymentMismatchOf(due, { amountMinor: 4500, currency: 'eur' })).to.equal(null);
    expect(paymentMismatchOf({ amountMinor: 0, currency: 'EUR' }, { amountMinor: 0, currency: 'EUR' })).to.equal(null);
  });

  it('a smaller or larger amount, or another currency, does not; the reason names both amounts', () => {
    expect(paymentMismatchOf(due, { amountMinor: 4000, currency: 'eur' })).to.equal('EUR 40.00 was paid where EUR 45.00 is due');
    expect(paymentMismatchOf(due, { amountMinor: 4501, currency: 'EUR' })).to.equal('EUR 45.01 was paid where EUR 45.00 is due');
    expect(paymentMismatchOf(due, { amountMinor: 4500, currency: 'usd' })).to.equal('USD 45.00 was paid where EUR 45.00 is due');
    expect(paymentMismatchOf({ amountMinor: 5000, currency: 'JPY' }, { amountMinor: 1250, currency: 'KWD' })).to.equal('KWD 1.250 was paid where JPY 5,000 is due');
  });

  it('a payment whose amount or currency the provider left out does not', () => {
    expect(paymentMismatchOf(due, { amountMinor: null, currency: 'EUR' })).to.equal('the provider did not say how much was paid (EUR 45.00 is due)');
    expect(paymentMismatchOf(due, { amountMinor: 4500, currency: null })).to.equal('the provider did not say how much was paid (EUR 45.00 is due)');
  });

  it('a code Intl does not know is shown as it came', () => {
    expect(paymentMismatchOf(due, { amountMinor: 4500, currency: 'XTS1' })).to.equal('XTS1 4500 (minor units) was paid where EUR 45.00 is due');
  });
});
