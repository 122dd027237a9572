/**
 * Addresses and networks for the spam check: a booker's network is the /24 of an IPv4 address
 * and the /64 of an IPv6 one (one household or one small provider customer).
 */
import { BlockList, isIP } from 'node:net';

/** An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is its IPv4 address. */
export function normaliseAddress(address: string): string | null {
  const trimmed = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  const plain = mapped ? mapped[1]! : trimmed;
  return isIP(plain) ? plain : null;
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded. */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === null ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => (Number.parseInt(g || '0', 16) || 0).toString(16));
}

/**
 * The booker's network in CIDR notation: `203.0.113.0/24` for IPv4, `2001:db8:1:2::/64` for IPv6.
 * Null for something that is not an address.
 *
 * @example networkOf('203.0.113.7') // '203.0.113.0/24'
 */
export function networkOf(address: string): string | null {
  const ip = normaliseAddress(address);
  if (!ip) return null;
  if (isIP(ip) === 4) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  return `${ipv6Groups(ip).slice(0, 4).join(':')}::/64`;
}

/**
 * A blocklist value for a network: an address (`1.2.3.4`, a single host) or a CIDR
 * (`1.2.3.0/24`), normalised; null when it is neither.
 */
export function parseNetwork(value: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6'; text: string } | null {
  const [raw, bits] = value.trim().split('/');
  const address = normaliseAddress(raw ?? '');
  if (!address) return null;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) return null;
  return { address, prefix, family, text: `${address}/${prefix}` };
}

/** Whether `address` lies in the network `cidr` (as parseNetwork reads it). */
export function isAddressInNetwork(address: string, cidr: string): boolean {
  const ip = normaliseAddress(address);
  const net = parseNetwork(cidr);
  if (!ip || !net) return false;
  const list = new BlockList();
  list.addSubnet(net.address, net.prefix, net.family);
  return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}
