/**
 * The `Yava-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp is signed with the body, so a receiver that rejects old timestamps (the
 * README's verifier: older than 5 minutes) cannot be fed a captured delivery again later.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header value for `rawBody` sent at `unixSeconds`. */
export function signWebhook(secret: string, rawBody: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Whether `header` signs `rawBody` with `secret` within `toleranceSeconds` of `nowSeconds`
 * (the same check the README's verifier makes; used by our own tests and tools).
 */
export function isValidWebhookSignature(secret: string, rawBody: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1).trim()]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/** A new signing secret for a subscription that did not bring one. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
