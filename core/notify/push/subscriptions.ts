/** Push subscriptions, one per device (endpoint); a device subscribing again moves to the caller. */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { DomainError } from '../../errors.js';
import { whereHostPoints, type UrlPolicy } from '../../webhooks/urls.js';

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

const refused = (message: string, field = message) => new DomainError('validation_failed', `The endpoint ${message}`, { errors: [{ field: 'endpoint', message: field }] });

/**
 * Push services are https on public addresses: the endpoint is the caller's to name, so one on this
 * machine or the private network is refused (SSRF) unless PUSH_ALLOW_PRIVATE_URLS is on (a local push
 * service in development, where plain http on this machine is taken too).
 */
async function requirePushEndpoint(endpoint: string, policy: UrlPolicy): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw refused('is not a URL', 'expected an https URL');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && policy.allowPrivate)) throw refused('must be an https URL', 'expected an https URL');
  if (policy.allowPrivate) return;
  const where = await whereHostPoints(url.hostname.replace(/^\[|\]$/g, ''));
  if (where === 'nowhere') throw refused(`host ${url.hostname} does not resolve to an address`);
  if (where === 'private') throw refused(`is on this machine or a private network; push services are public (PUSH_ALLOW_PRIVATE_URLS=on allows others)`);
}

export async function addPushSubscription(db: Knex, clock: Clock, userId: string, input: PushSubscriptionInput, policy: UrlPolicy): Promise<PushSubscriptionView> {
  await requirePushEndpoint(input.endpoint, policy);
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
