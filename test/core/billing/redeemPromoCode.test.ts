import { expect } from 'chai';
import { includedTax } from '../../../core/billing/invoices.js';
import { discountOf } from '../../../core/billing/redeemPromoCode.js';

describe('core/billing amounts: discounts and included tax', () => {
  it('computes discounts never above the price', () => {
    expect(discountOf({ percent_off: 20, amount_off_minor: null }, 4999)).to.equal(1000);
    expect(discountOf({ percent_off: null, amount_off_minor: 7000 }, 5000)).to.equal(5000);
    expect(discountOf({ percent_off: 100, amount_off_minor: null }, 4500)).to.equal(4500);
  });

  it('keeps what is left to pay in the step the provider charges (Stripe KWD: 10 fils)', () => {
    expect(discountOf({ percent_off: 10, amount_off_minor: null }, 1250, 10)).to.equal(130);
    expect(discountOf({ percent_off: null, amount_off_minor: 125 }, 1250, 10)).to.equal(130);
    expect(discountOf({ percent_off: 10, amount_off_minor: null }, 1250)).to.equal(125);
  });

  it('takes the tax out of a gross total', () => {
    expect(includedTax(11900, 19)).to.equal(1900);
    expect(includedTax(1000, 7.5)).to.equal(70);
    expect(includedTax(0, 19)).to.equal(0);
  });
});
