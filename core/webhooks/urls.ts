/**
 * Which URLs a webhook may be sent to. Only http and https, no credentials in the URL, and
 * (unless WEBHOOK_ALLOW_PRIVATE_URLS is on) no address inside the building: loopback,
 * private, link-local (cloud metadata at 169.254.169.254), CGNAT, multicast or reserved.
 * The check runs when a subscription is made AND on every delivery, at connect time, on the
 * addresses the connection really uses (a DNS answer that changes after the subscription —
 * DNS rebinding — is caught there). Redirects are never followed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '../errors.js';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is one a public webhook must not reach (IPv4-mapped IPv6 counts as its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface UrlPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_URLS: let webhooks reach loopback and private addresses (tests, on-premises receivers). */
  allowPrivate: boolean;
}

const invalid = (message: string) => new DomainError('validation_failed', message, { errors: [{ field: 'url', message }] });

/** Resolves `hostname` to every address it has. */
function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((ok, fail) => dnsLookup(hostname, { all: true }, (err, addresses) => (err ? fail(err) : ok(addresses))));
}

/**
 * Checks a subscription URL: syntax, scheme, and where it points now.
 * Throws validation_failed with a message that says which rule it broke.
 */
export async function validateWebhookUrl(text: string, policy: UrlPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('Give a full URL, e.g. https://example.com/hooks/yava');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('The URL must start with http:// or https://');
  if (url.username || url.password) throw invalid('Put no user name or password in the URL: check the Yava-Signature header instead');
  if (policy.allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const where = await whereHostPoints(host);
  if (where === 'nowhere') throw invalid(`${host} does not resolve to an address`);
  if (where === 'private') throw invalid(`${host} is a private or local address; webhooks go to public addresses (WEBHOOK_ALLOW_PRIVATE_URLS=on allows others)`);
  return url;
}

/**
 * Where a host name (or address literal) points now: a public address, a private or local one
 * (any of its addresses is), or nowhere (it does not resolve). Checked again at connect time
 * (guardedLookup), since the answer may change.
 */
export async function whereHostPoints(host: string): Promise<'public' | 'private' | 'nowhere'> {
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolveAll(host)).map((a) => a.address);
  } catch {
    return 'nowhere';
  }
  return addresses.some(isPrivateAddress) ? 'private' : 'public';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The refusal of a URL whose host is a private address literal ("http://127.0.0.1/"), or null:
 * a literal never goes through lookup, so guardedLookup cannot refuse it. Every guarded request
 * checks this first.
 */
export function literalPrivateAddress(url: URL, policy: UrlPolicy): NodeJS.ErrnoException | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host) || policy.allowPrivate || !isPrivateAddress(host)) return null;
  return Object.assign(new Error(`refused: ${host} is a private address`), { code: 'EPRIVATEADDRESS' });
}

/** A `lookup` for http.request that refuses private addresses at connect time (unless allowed). */
export function guardedLookup(policy: UrlPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (!policy.allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
        return callback(Object.assign(new Error(`refused: ${hostname} resolves to a private address`), { code: 'EPRIVATEADDRESS' }), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
