import { expect } from 'chai';
import type { DomainError } from '../../../core/errors.js';
import { priceColumns } from '../../../core/payments/eventTypePrice.js';

describe('core/payments/eventTypePrice priceColumns', () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected a refusal');
  };

  it('refuses a TWD price PayPal cannot charge (it takes no cents), suggesting a whole amount', () => {
    const error = refusal(() => priceColumns({ amount: 1050, currency: 'TWD', provider: 'paypal' }));
    expect(error.code).to.equal('validation_failed');
    expect(error.errors).to.deep.equal([{ field: 'price.amount', message: 'PayPal charges TWD only in steps of 1.00: use a multiple of 100 minor units, e.g. 1100 (11.00 TWD)' }]);
    expect(priceColumns({ amount: 1000, currency: 'TWD', provider: 'paypal' })).to.include({ price_minor: 1000, currency: 'TWD' });
    expect(priceColumns({ amount: 1050, currency: 'TWD', provider: 'stripe' })).to.include({ price_minor: 1050 });
  });
});
