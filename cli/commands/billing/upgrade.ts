import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';

interface PlanCheckout {
  plan: 'pro' | 'enterprise';
  sessionId: string;
  url: string;
}

export default class BillingUpgrade extends ApiCommand<typeof BillingUpgrade> {
  static override summary = 'Upgrade your plan: prints the Stripe Checkout link to subscribe.';
  static override description = 'Your plan changes as soon as Stripe confirms the payment (its webhook); run "yava billing" to see it.';
  static override examples = ['<%= config.bin %> billing upgrade', '<%= config.bin %> billing upgrade --plan enterprise'];
  static override flags = {
    plan: Flags.string({ description: 'The plan to subscribe to.', options: ['pro', 'enterprise'], default: 'pro' }),
  };

  async run(): Promise<PlanCheckout> {
    const checkout = await this.spin('Opening checkout', this.client.post<PlanCheckout>('/api/billing/checkout', { plan: this.flags.plan }));
    this.log(`Open this link to subscribe to ${checkout.plan === 'pro' ? 'Pro' : 'Enterprise'}:`);
    this.log(checkout.url);
    return checkout;
  }
}
