/**
 * One-click unsubscribe links (RFC 8058): the token names an address and a kind of
 * notification, signed with HMAC-SHA256, so the link works without signing in and cannot
 * be forged for another address. Pure apart from the HMAC.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind } from '../reminders/types.js';

export interface UnsubscribeTarget {
  email: string;
  kind: NotificationKind;
}

/** The signing key for unsubscribe tokens, derived from the server secret (never the secret itself). */
export function unsubscribeKey(serverSecret: string): Buffer {
  return createHash('sha256').update(`yava-unsubscribe:${serverSecret}`).digest();
}

/** A token for `target`: base64url(JSON) "." base64url(HMAC). */
export function signUnsubscribeToken(key: Buffer, target: UnsubscribeTarget): string {
  const body = Buffer.from(JSON.stringify({ e: target.email.toLowerCase(), k: target.kind })).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** The target a token names, or null when it is malformed or its signature is wrong. */
export function verifyUnsubscribeToken(key: Buffer, token: string): UnsubscribeTarget | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { e?: unknown; k?: unknown };
    if (typeof parsed.e !== 'string' || !NOTIFICATION_KINDS.includes(parsed.k as NotificationKind)) return null;
    return { email: parsed.e, kind: parsed.k as NotificationKind };
  } catch {
    return null;
  }
}

/** The link put in an e-mail: GET shows a confirmation page, POST (one click) unsubscribes. */
export function unsubscribeUrl(publicUrl: string, key: Buffer, target: UnsubscribeTarget): string {
  return `${publicUrl}/unsubscribe/${signUnsubscribeToken(key, target)}`;
}
