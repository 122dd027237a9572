/** Push subscriptions, one per device (endpoint); a device subscribing again moves to the caller. */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { DomainError } from '../../errors.js';

export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  device?: string | null;
}

export interface PushSubscriptionView {
  id: string;
  endpoint: string;
  device: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  endpoint: string;
  device: string | null;
  created_at: Date | string;
}

const present = (r: Row): PushSubscriptionView => ({ id: r.id, endpoint: r.endpoint, device: r.device, createdAt: new Date(r.created_at).toISOString() });

/** Push services are https; plain http only on this machine (a local push service in development). */
function requirePushEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new DomainError('validation_failed', 'The endpoint is not a URL', { errors: [{ field: 'endpoint', message: 'expected an https URL' }] });
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new DomainError('validation_failed', 'A push endpoint must be an https URL', { errors: [{ field: 'endpoint', message: 'expected an https URL' }] });
}

export async function addPushSubscription(db: Knex, clock: Clock, userId: string, input: PushSubscriptionInput): Promise<PushSubscriptionView> {
  requirePushEndpoint(input.endpoint);
  const [row] = await db('push_subscriptions')
    .insert({ user_id: userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, device: input.device ?? null, created_at: clock.now() })
    .onConflict('endpoint')
    .merge(['user_id', 'p256dh', 'auth', 'device'])
    .returning(['id', 'endpoint', 'device', 'created_at']);
  return present(row as Row);
}

export async function listPushSubscriptions(db: Knex, userId: string): Promise<PushSubscriptionView[]> {
  const rows: Row[] = await db('push_subscriptions').where({ user_id: userId }).orderBy('created_at').select('id', 'endpoint', 'device', 'created_at');
  return rows.map(present);
}

/** Throws not_found unless it is the caller's. */
export async function removePushSubscription(db: Knex, userId: string, id: string): Promise<void> {
  const rows = /^[0-9a-f-]{36}$/i.test(id) ? await db('push_subscriptions').where({ id, user_id: userId }).delete().returning('id') : [];
  if (!rows.length) throw new DomainError('not_found', 'Push subscription was not found');
}
