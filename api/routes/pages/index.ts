/**
 * The public booking page, rendered on the server (works without JavaScript):
 *   /:username                      public meeting types
 *   /:username/:slug                free slots by day in the visitor's zone (?timezone=&date=)
 *   /:username/:slug/book           name, email, notes → books, then the meeting page
 *   /meetings/:id?token=…           summary, add-to-calendar, reschedule, cancel
 *   /repairs/:id/accept?choice=&sig=  conflict repair: shows what the chosen alternative changes → POST moves the meeting, once
 *   /:username/forms/:slug          a routing form: answers → an event type, a member, a URL or a refusal
 * Mounted LAST: its catch-all paths skip reserved first segments (api, ics, assets, …).
 */
import Router from '@koa/router';
import type { Next } from 'koa';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { CONTENT_SECURITY_POLICY, NOINDEX, send } from './render.js';
import { errorPage } from './views.js';
import { bookingRateLimit } from '../../middleware/rateLimit.js';
import { APP_CSS, APP_JS, brandCss } from './assets.js';
import { csrfOptionsOf } from './csrf.js';
import { mountEmbedAssets } from './embed.js';
import { mountSeoRoutes } from './seo.js';
import { mountEventPages } from './events.js';
import { mountMeetingPages } from './meetings.js';
import { mountWaitlistPages } from './waitlist.js';
import { mountRoutingFormPages } from './routingForms.js';
import { mountSpamPages } from './spam.js';
import { mountRepairPages } from './repairs.js';
import { createPageRenderers } from './render.js';

export { CONTENT_SECURITY_POLICY, RESERVED_SEGMENTS } from './render.js';

/** Last in the app: a GET no route answered gets the friendly 404 page (API paths keep problem+json). */
export async function notFoundPage(ctx: AppContext, next: Next): Promise<void> {
  await next();
  if (ctx.status !== 404 || ctx.body !== undefined || ctx.method !== 'GET' || ctx.path.startsWith('/api/') || !ctx.accepts('html')) return;
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.set('X-Robots-Tag', NOINDEX);
  send(ctx, errorPage(404, 'Page not found', 'There is no page at this address.'), 404);
}

/**
 * A browser that sent a method no route of a page's address takes (a form posted to a page that
 * only shows, a stale bookmarklet) gets an HTML page saying so, with the Allow header kept.
 * Programs, and every /api/ path, get the problem+json the error middleware makes of the same 405/501.
 */
export async function methodNotAllowedPage(ctx: AppContext, next: Next): Promise<void> {
  await next();
  if ((ctx.status !== 405 && ctx.status !== 501) || ctx.body !== undefined || ctx.path.startsWith('/api/')) return;
  if (ctx.accepts('application/problem+json', 'application/json', 'html') !== 'html') return;
  const allowed = ctx.response.get('Allow');
  const title = ctx.status === 405 ? 'Method not allowed' : 'Method not supported';
  const message = `This address does not take a ${ctx.method} request${allowed ? ` (it takes ${allowed})` : ''}: open it from a link, or send its form again from the page it is on.`;
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.set('X-Robots-Tag', NOINDEX);
  send(ctx, errorPage(ctx.status, title, message), ctx.status);
}

export function pageRoutes({ services, config, clock, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const csrf = csrfOptionsOf({ config, clock });
  const bookingLimit = bookingRateLimit({ config, clock, runtime }, 'page-book');

  router.get('/assets/app.css', (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = APP_CSS;
  });
  // The owner's brand colour as a stylesheet (the CSP allows no inline style): /assets/brand.css?color=7a1fa2
  router.get('/assets/brand.css', (ctx) => {
    const color = typeof ctx.query.color === 'string' && /^[0-9a-f]{6}$/i.test(ctx.query.color) ? ctx.query.color.toLowerCase() : '0b57d0';
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = brandCss(color);
  });
  router.get('/assets/app.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = APP_JS;
  });

  mountEmbedAssets(router);
  const renderers = createPageRenderers({ services, clock });
  router.use(async (ctx, next) => {
    ctx.state.siteUrl ??= config.publicUrl;
    await next();
  });
  const deps = { services, csrf, bookingLimit, renderers };
  mountSeoRoutes(router, deps);
  mountMeetingPages(router, deps);
  mountWaitlistPages(router, deps);
  mountRoutingFormPages(router, deps);
  mountSpamPages(router, deps);
  mountRepairPages(router, deps);
  // The public profile and event pages are catch-alls: keep them last.
  mountEventPages(router, deps);
  return router;
}
