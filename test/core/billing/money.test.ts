import { expect } from 'chai';
import { formatMoney, minorDigits } from '../../../core/billing/money.js';
import { includedTax } from '../../../core/billing/invoices.js';
import { discountOf } from '../../../core/billing/redeemPromoCode.js';

describe('core/billing/money', () => {
  it('formats minor units in each currency\'s precision with its code', () => {
    expect(formatMoney(1250, 'EUR')).to.equal('EUR 12.50');
    expect(formatMoney(1200, 'JPY')).to.equal('JPY 1,200');
    expect(formatMoney(1234, 'KWD')).to.equal('KWD 1.234');
    expect(formatMoney(123456789, 'USD')).to.equal('USD 1,234,567.89');
    expect(minorDigits('JPY')).to.equal(0);
  });

  it('takes the tax out of a gross total and computes discounts never above the price', () => {
    expect(includedTax(11900, 19)).to.equal(1900);
    expect(includedTax(1000, 7.5)).to.equal(70);
    expect(discountOf({ percent_off: 20, amount_off_minor: null }, 4999)).to.equal(1000);
    expect(discountOf({ percent_off: null, amount_off_minor: 7000 }, 5000)).to.equal(5000);
  });
});
