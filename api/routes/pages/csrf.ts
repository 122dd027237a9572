/**
 * CSRF protection for the booking page's forms: a random cookie plus, in each form, a token
 * `<issued>.<HMAC(cookie, issued)>` under the server secret. A cross-site form can neither read
 * the cookie nor forge the HMAC; a token older than CSRF_TTL_MS is refused, and so is a POST
 * whose `Origin` (or, without one, `Referer`) is another site. Refusals are 403.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../../../core/auth/secrets.js';
import type { Clock } from '../../../core/clock.js';
import { DomainError } from '../../../core/errors.js';
import type { AppContext } from '../../context.js';

export const CSRF_COOKIE = 'yava_csrf';
export const CSRF_FIELD = '_csrf';
/** Scripts of the dashboard send the token in this header instead of a form field. */
export const CSRF_HEADER = 'x-csrf-token';
/** How long a form stays valid after the page was served. */
export const CSRF_TTL_MS = 2 * 60 * 60_000;
/** Clock skew tolerated between the processes behind one load balancer. */
const SKEW_MS = 60_000;

export interface CsrfOptions {
  secret: string;
  clock: Clock;
  /** PUBLIC_URL: its origin is accepted besides the request's own. */
  publicUrl: string;
}

/** The CSRF settings of an app: its JWT secret, clock and PUBLIC_URL. */
export function csrfOptionsOf(deps: { config: { jwtSecret: string; publicUrl: string }; clock: Clock }): CsrfOptions {
  return { secret: deps.config.jwtSecret, clock: deps.clock, publicUrl: deps.config.publicUrl };
}

const sign = (secret: string, value: string, issued: string) => createHmac('sha256', secret).update(`csrf:${value}:${issued}`).digest('base64url');

const issuedCookies = new WeakMap<AppContext, string>();

/** The form token for this visitor, setting the cookie when there is none yet (Secure over TLS). */
export function csrfToken(ctx: AppContext, options: CsrfOptions): string {
  let value = issuedCookies.get(ctx) ?? ctx.cookies.get(CSRF_COOKIE);
  if (!value || !/^[\w-]{20,100}$/.test(value)) {
    value = randomBytes(24).toString('base64url');
    // In another site's iframe (embed=1) over TLS, a Lax cookie would not be sent back: None, partitioned to that site.
    const crossSiteFrame = ctx.protocol === 'https' && (ctx.query.embed === '1' || (ctx.request.body as Record<string, unknown> | undefined)?.embed === '1');
    ctx.cookies.set(CSRF_COOKIE, value, { httpOnly: true, sameSite: crossSiteFrame ? 'none' : 'lax', partitioned: crossSiteFrame, secure: ctx.protocol === 'https', path: '/', overwrite: true });
    // A page with several forms asks more than once: they all use this one new cookie.
    issuedCookies.set(ctx, value);
  }
  const issued = options.clock.now().getTime().toString(36);
  return `${issued}.${sign(options.secret, value, issued)}`;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Whether the browser says the form came from this site. Our pages send `Referrer-Policy:
 * no-referrer`, so browsers post them with `Origin: null` and no Referer: then, as with neither
 * header, the token decides alone (a cross-site page cannot read it, nor send the SameSite cookie).
 */
function isSameSite(ctx: AppContext, options: CsrfOptions): boolean {
  const origin = ctx.get('origin') === 'null' ? '' : ctx.get('origin');
  const claimed = origin || (ctx.get('referer') ? (originOf(ctx.get('referer')) ?? 'invalid') : '');
  if (!claimed) return true;
  // Not ctx.origin: in Koa 3 that is the request's Origin header, not this site's origin.
  return claimed === `${ctx.protocol}://${ctx.host}` || claimed === originOf(options.publicUrl);
}

/** Throws forbidden unless the form (or the X-CSRF-Token header) carries a fresh token of the visitor's cookie, sent from this site. */
export function verifyCsrf(ctx: AppContext, options: CsrfOptions): void {
  const refuse = (message: string, reason: string) => new DomainError('forbidden', message, { details: { reason } });
  if (!isSameSite(ctx, options)) throw refuse('This form was sent from another site. Open the booking page here and try again.', 'csrf_origin');
  const cookie = ctx.cookies.get(CSRF_COOKIE);
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const sent = typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : ctx.get(CSRF_HEADER);
  const [issued = '', mac = ''] = sent.split('.');
  if (!cookie || !issued || !mac || !safeEqual(mac, sign(options.secret, cookie, issued))) {
    throw refuse('This form has expired or did not come from this site. Go back, reload the page and try again.', 'csrf');
  }
  const age = options.clock.now().getTime() - Number.parseInt(issued, 36);
  if (!(age >= -SKEW_MS && age <= CSRF_TTL_MS)) throw refuse('This form has expired. Go back, reload the page and try again.', 'csrf_expired');
}

/** Seconds since the form (verified by verifyCsrf) was served: its token says when. */
export function formAgeSeconds(ctx: AppContext, options: CsrfOptions): number | null {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const issued = typeof body[CSRF_FIELD] === 'string' ? Number.parseInt((body[CSRF_FIELD] as string).split('.')[0] ?? '', 36) : Number.NaN;
  return Number.isFinite(issued) ? Math.max(0, (options.clock.now().getTime() - issued) / 1000) : null;
}
