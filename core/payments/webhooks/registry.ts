/**
 * Which code handles which provider webhook event. The webhook routes verify and deduplicate;
 * then every handler registered for the event's type runs. Other modules (billing's
 * subscriptions and invoices) register their own types without touching the payment handlers.
 *
 * @example registry.on('stripe', 'customer.subscription.*', async (event) => { … })
 */
import type { PaymentProviderName } from '../settings.js';

/** A verified provider event: Stripe's Event, or PayPal's webhook event. */
export interface ProviderEvent {
  provider: PaymentProviderName;
  id: string;
  type: string;
  /** Stripe: `data.object`; PayPal: `resource`. */
  object: Record<string, unknown>;
  /** The whole event as the provider sent it. */
  raw: Record<string, unknown>;
}

export type WebhookHandler = (event: ProviderEvent) => Promise<void>;

export interface WebhookRegistry {
  /** `type` is exact (`invoice.paid`) or a prefix ending in `*` (`customer.subscription.*`). */
  on(provider: PaymentProviderName, type: string, handler: WebhookHandler): void;
  /** The handlers for an event, in registration order (none: the event is acknowledged and ignored). */
  handlersFor(provider: PaymentProviderName, type: string): WebhookHandler[];
}

export function createWebhookRegistry(): WebhookRegistry {
  const entries: Array<{ provider: PaymentProviderName; type: string; handler: WebhookHandler }> = [];
  const matches = (pattern: string, type: string) => (pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type);
  return {
    on(provider, type, handler) {
      entries.push({ provider, type, handler });
    },
    handlersFor(provider, type) {
      return entries.filter((e) => e.provider === provider && matches(e.type, type)).map((e) => e.handler);
    },
  };
}
