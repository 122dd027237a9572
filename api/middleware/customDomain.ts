/**
 * Custom domains: a request whose Host is a user's verified domain is that user's site, so
 * book.example.com/ is their profile and book.example.com/intro their event type (the path is
 * rewritten to /<username>/…). The domain's verification file is answered on it before it is
 * verified, so pointing the domain here is enough to verify it. Look-ups of verified domains are cached for a minute.
 */
import type { Next } from 'koa';
import type { CustomDomains } from '../../core/site/customDomains.js';
import { VERIFICATION_PATH } from '../../core/site/customDomains.js';
import type { AppContext } from '../context.js';

/** First segments that stay site-wide on a custom domain (assets, scripts, manage links, feeds). */
const SHARED = new Set(['assets', 'embed', 'meetings', 'favicon.ico', 'favicon.svg', 'robots.txt', 'sitemap.xml', 'api', 'ics', 'j', 'waitlist', 'payments', 'health', 'ready']);
const TTL_MS = 60_000;
/** First segments no custom domain changes or reads (the API, probes, static files): no look-up for them. */
const NEVER_SITE = new Set(['api', 'health', 'ready', 'metrics', 'assets']);

export function customDomainMiddleware({ domains, publicUrl }: { domains: CustomDomains; publicUrl: string }) {
  const ownHost = new URL(publicUrl).hostname.toLowerCase();
  const cache = new Map<string, { at: number; owner: Awaited<ReturnType<CustomDomains['ownerOf']>> }>();
  const lookup = async (host: string) => {
    const hit = cache.get(host);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.owner;
    const owner = await domains.ownerOf(host);
    if (cache.size > 10_000) cache.clear();
    // Only verified domains are kept: one just verified works at once.
    if (owner?.user) cache.set(host, { at: Date.now(), owner });
    return owner;
  };
  return async (ctx: AppContext, next: Next) => {
    const host = ctx.hostname.toLowerCase();
    if (!host || host === ownHost || host === 'localhost' || /^[\d.]+$|:/.test(host)) return next();
    // The bots and other services call the API by an internal name (http://api:3000 in compose).
    if (NEVER_SITE.has((ctx.path.split('/')[1] ?? '').toLowerCase())) return next();
    const owner = await lookup(host);
    if (!owner) return next();
    // Answered for an unopposed claim only: with several, pointing the domain here proves nothing.
    if (ctx.path === VERIFICATION_PATH && owner.token) {
      ctx.type = 'text/plain';
      ctx.body = owner.token;
      return;
    }
    if (!owner.user) return next();
    ctx.state.siteOwner = { user: owner.user };
    ctx.state.siteUrl = `${ctx.protocol}://${ctx.host}`;
    const first = ctx.path.split('/')[1] ?? '';
    if (!SHARED.has(first.toLowerCase()) && first.toLowerCase() !== owner.user.toLowerCase()) ctx.path = `/${owner.user}${ctx.path === '/' ? '' : ctx.path}`;
    return next();
  };
}
