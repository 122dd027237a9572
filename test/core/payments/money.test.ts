import { expect } from 'chai';
import { formatMoney, formatMoneyWithCode, fromDecimalString, isCurrencyCode, minorDigits, toDecimalString, typedAmountInMinor } from '../../../core/payments/money.js';

describe('core/payments/money', () => {
  it('writes minor units as the currency wants them (2, 0 or 3 digits) and reads them back', () => {
    expect(toDecimalString(1050, 'EUR')).to.equal('10.50');
    expect(toDecimalString(5, 'USD')).to.equal('0.05');
    expect(toDecimalString(5000, 'JPY')).to.equal('5000');
    expect(toDecimalString(1234, 'KWD')).to.equal('1.234');
    for (const [amount, currency] of [[1050, 'EUR'], [5, 'USD'], [5000, 'JPY'], [1234, 'KWD']] as const) expect(fromDecimalString(toDecimalString(amount, currency), currency)).to.equal(amount);
  });

  it('knows ISO 4217 codes', () => {
    expect(isCurrencyCode('EUR')).to.equal(true);
    expect(isCurrencyCode('XYZ')).to.equal(false);
    expect(isCurrencyCode('eur')).to.equal(false);
  });

  it('formats minor units in each currency\'s precision, with its code (invoices, CLI) or its symbol (pages)', () => {
    expect(formatMoneyWithCode(1250, 'EUR')).to.equal('EUR 12.50');
    expect(formatMoneyWithCode(1200, 'JPY')).to.equal('JPY 1,200');
    expect(formatMoneyWithCode(1234, 'KWD')).to.equal('KWD 1.234');
    expect(formatMoneyWithCode(123456789, 'USD')).to.equal('USD 1,234,567.89');
    expect(formatMoney(4500, 'EUR')).to.equal('€45.00');
    expect(minorDigits('JPY')).to.equal(0);
  });

  it('reads an amount as a person types it, in the currency\'s precision, and nothing else', () => {
    expect(typedAmountInMinor('12.50', 'EUR')).to.equal(1250);
    expect(typedAmountInMinor(' 12.5 ', 'EUR')).to.equal(1250);
    expect(typedAmountInMinor('12', 'EUR')).to.equal(1200);
    expect(typedAmountInMinor('1200', 'JPY')).to.equal(1200);
    expect(typedAmountInMinor('1.250', 'KWD')).to.equal(1250);
    for (const [text, currency] of [['12,50', 'EUR'], ['EUR 12.50', 'EUR'], ['-5', 'EUR'], ['.5', 'EUR'], ['1e3', 'EUR'], ['12.505', 'EUR'], ['12.5', 'JPY'], ['', 'EUR']] as const) {
      expect(typedAmountInMinor(text, currency), `${text} ${currency}`).to.equal(null);
    }
  });
});
