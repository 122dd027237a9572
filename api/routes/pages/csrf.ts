/**
 * CSRF protection for the booking page's forms: a random cookie plus, in each form, an
 * HMAC of that cookie under the server secret. A cross-site form can neither read the
 * cookie nor forge the HMAC; a POST without both matching is refused with 403.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../../../core/auth/secrets.js';
import { DomainError } from '../../../core/errors.js';
import type { AppContext } from '../../context.js';

export const CSRF_COOKIE = 'yava_csrf';
export const CSRF_FIELD = '_csrf';

const sign = (secret: string, value: string) => createHmac('sha256', secret).update(`csrf:${value}`).digest('base64url');

/** The form token for this visitor, setting the cookie when there is none yet. */
export function csrfToken(ctx: AppContext, secret: string): string {
  let value = ctx.cookies.get(CSRF_COOKIE);
  if (!value || !/^[\w-]{20,100}$/.test(value)) {
    value = randomBytes(24).toString('base64url');
    ctx.cookies.set(CSRF_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: ctx.protocol === 'https', path: '/', overwrite: true });
  }
  return sign(secret, value);
}

/** Throws forbidden unless the form carries the token of the visitor's cookie. */
export function verifyCsrf(ctx: AppContext, secret: string): void {
  const cookie = ctx.cookies.get(CSRF_COOKIE);
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const sent = typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : '';
  if (!cookie || !sent || !safeEqual(sent, sign(secret, cookie))) {
    throw new DomainError('forbidden', 'This form has expired or did not come from this site. Go back, reload the page and try again.', { details: { reason: 'csrf' } });
  }
}
