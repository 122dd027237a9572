/**
 * Payment settings from the configuration, and the one check that says which variable a
 * provider still needs (paid event types cannot be created without it).
 */
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';

export type PaymentProviderName = 'stripe' | 'paypal';
export const PAYMENT_PROVIDERS: readonly PaymentProviderName[] = ['stripe', 'paypal'];

/** The provider's name as people read it: Stripe, PayPal. */
export const providerLabel = (provider: PaymentProviderName): string => (provider === 'stripe' ? 'Stripe' : 'PayPal');

export interface PaymentSettings {
  stripe: { secretKey?: string; webhookSecret?: string; apiUrl: string };
  paypal: { clientId?: string; clientSecret?: string; apiUrl: string; webhookId?: string };
  holdMinutes: number;
  publicUrl: string;
}

type PaymentConfig = Pick<
  Config,
  'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_API_URL' | 'PAYPAL_CLIENT_ID' | 'PAYPAL_CLIENT_SECRET' | 'PAYPAL_API_URL' | 'PAYPAL_WEBHOOK_ID' | 'PAYMENT_HOLD_MINUTES' | 'publicUrl'
>;

export function paymentSettingsFrom(config: PaymentConfig): PaymentSettings {
  return {
    stripe: { secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET, apiUrl: config.STRIPE_API_URL },
    paypal: { clientId: config.PAYPAL_CLIENT_ID, clientSecret: config.PAYPAL_CLIENT_SECRET, apiUrl: config.PAYPAL_API_URL, webhookId: config.PAYPAL_WEBHOOK_ID },
    holdMinutes: config.PAYMENT_HOLD_MINUTES,
    publicUrl: config.publicUrl,
  };
}

/** The variables a provider still needs; empty when it is configured. */
export function missingProviderVariables(settings: PaymentSettings, provider: PaymentProviderName): string[] {
  const wanted: Array<[string, string | undefined]> =
    provider === 'stripe'
      ? [['STRIPE_SECRET_KEY', settings.stripe.secretKey], ['STRIPE_WEBHOOK_SECRET', settings.stripe.webhookSecret]]
      : [['PAYPAL_CLIENT_ID', settings.paypal.clientId], ['PAYPAL_CLIENT_SECRET', settings.paypal.clientSecret], ['PAYPAL_WEBHOOK_ID', settings.paypal.webhookId]];
  return wanted.filter(([, value]) => !value).map(([name]) => name);
}

/**
 * Throws not_configured naming every variable the provider still needs, e.g.
 * "Stripe payments are not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET".
 */
export function requireProviderConfigured(settings: PaymentSettings, provider: PaymentProviderName): void {
  const missing = missingProviderVariables(settings, provider);
  if (missing.length === 0) return;
  throw new DomainError('not_configured', `${providerLabel(provider)} payments are not configured: set ${missing.join(' and ')}`, { details: { provider, missing } });
}
