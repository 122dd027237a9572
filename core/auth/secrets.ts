import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random URL-safe secret with a readable prefix, e.g. `yava_pat_…`. */
export function generateSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** Secrets are stored as SHA-256 hashes; they are long and random, so no salt or KDF is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
