import { expect } from 'chai';
import { amountStepOf, roundDownToStep, roundToStep } from '../../../core/payments/providers/amountSteps.js';

describe('core/payments/providers/amountSteps', () => {
  it('Stripe takes three-decimal currencies in steps of 10, PayPal TWD in whole units, the rest by the minor unit', () => {
    expect(['BHD', 'JOD', 'kwd', 'OMR', 'TND'].map((c) => amountStepOf('stripe', c))).to.deep.equal([10, 10, 10, 10, 10]);
    expect(amountStepOf('paypal', 'KWD')).to.equal(1);
    expect(amountStepOf('paypal', 'TWD')).to.equal(100);
    expect(amountStepOf('paypal', 'JPY')).to.equal(1);
    expect(amountStepOf('stripe', 'TWD')).to.equal(1);
    expect(amountStepOf('stripe', 'EUR')).to.equal(1);
    expect(amountStepOf('stripe', 'JPY')).to.equal(1);
  });

  it('rounds down (refunds) or half up (discounts) to the step', () => {
    expect(roundDownToStep(625, 10)).to.equal(620);
    expect(roundDownToStep(1499, 1)).to.equal(1499);
    expect(roundToStep(125, 10)).to.equal(130);
    expect(roundToStep(124, 10)).to.equal(120);
    expect(roundToStep(1050, 100)).to.equal(1100);
  });
});
