import { expect } from 'chai';
import { createWebhookRegistry, type ProviderEvent } from '../../../core/payments/webhooks/registry.js';

describe('core/payments/webhooks/registry', () => {
  it('finds handlers by provider and exact type or prefix, in registration order', async () => {
    const registry = createWebhookRegistry();
    const seen: string[] = [];
    registry.on('stripe', 'customer.subscription.*', async (e) => void seen.push(`sub:${e.type}`));
    registry.on('stripe', 'invoice.paid', async (e) => void seen.push(`inv:${e.type}`));
    registry.on('paypal', 'invoice.paid', async () => void seen.push('wrong provider'));
    const event = (type: string): ProviderEvent => ({ provider: 'stripe', id: 'evt_1', type, object: {}, raw: {} });
    for (const type of ['customer.subscription.updated', 'invoice.paid', 'invoice.payment_failed']) {
      for (const handler of registry.handlersFor('stripe', type)) await handler(event(type));
    }
    expect(seen).to.deep.equal(['sub:customer.subscription.updated', 'inv:invoice.paid']);
  });
});
