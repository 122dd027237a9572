import type { Knex } from 'knex';
import type { SecretBox } from '../calendars/secretBox.js';
import type { Clock } from '../clock.js';
import type { InboxWriter } from '../notify/inbox/store.js';
import type { UrlPolicy } from './urls.js';

/** What the webhook use cases share. */
export interface WebhookContext {
  db: Knex;
  clock: Clock;
  /** Seals signing secrets at rest (they must be read back to sign). */
  box: SecretBox;
  policy: UrlPolicy;
  /** Per-request timeout of a delivery. */
  timeoutMs: number;
  /** How long a delivery is retried before the subscription is disabled. */
  retryForMs: number;
  /** In-app notices (a subscription disabled). */
  inbox: InboxWriter;
  /** Outbox attempts for owner e-mails. */
  maxAttempts: number;
}

/** A `webhook_subscriptions` row. */
export interface SubscriptionRow {
  id: string;
  user_id: string;
  url: string;
  events: string[] | string;
  secret_sealed: string;
  source: 'api' | 'rest_hook';
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  disabled_at: Date | string | null;
  created_at: Date | string;
}

export type Db = Knex | Knex.Transaction;
