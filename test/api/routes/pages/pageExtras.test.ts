import { expect } from 'chai';
import type { EventTypeDetails } from '../../../../core/booking/types.js';
import type { PageOwner } from '../../../../core/bookingPage/service.js';
import { jsonLdOf } from '../../../../api/routes/pages/pageExtras.js';

describe('api/routes/pages/pageExtras jsonLdOf', () => {
  const owner: PageOwner = { username: 'ada', name: 'Ada', avatarUrl: null, brand: { name: 'Yava', color: null, logoUrl: null, hideBranding: false }, embedOrigins: [] };
  const offerOf = (amount: number, currency: string) => {
    const eventType = { title: 'Coaching', description: null, price: { amount, currency, provider: 'stripe', refundPolicy: { type: 'none' } } } as unknown as EventTypeDetails;
    return (jsonLdOf(owner, eventType, 'https://yava.test/ada/coaching', 'https://yava.test/ada') as { offers: unknown }).offers;
  };

  it("writes the offer's price in the currency's own minor digits (JPY has none, KWD three)", () => {
    expect(offerOf(12000, 'JPY')).to.deep.equal({ '@type': 'Offer', price: '12000', priceCurrency: 'JPY' });
    expect(offerOf(4500, 'eur')).to.deep.equal({ '@type': 'Offer', price: '45.00', priceCurrency: 'EUR' });
    expect(offerOf(1250, 'KWD')).to.deep.equal({ '@type': 'Offer', price: '1.250', priceCurrency: 'KWD' });
  });
});
