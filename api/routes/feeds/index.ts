import Router from '@koa/router';
import type { CalendarDocument } from '../../../core/feeds/service.js';
import { DomainError } from '../../../core/errors.js';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput, parsePathParam } from '../../validate.js';
import { feedQuerySchema, feedTokenSchema, meetingIcsQuerySchema } from './schema.js';

/**
 * Whether the client's copy is current (RFC 9110 §13.1): If-None-Match when sent (weak
 * comparison), else If-Modified-Since. Koa's `ctx.fresh` is not used: it also honours a
 * request `Cache-Control: no-cache`, which fetch() adds to every conditional request.
 */
export function isNotModified(ctx: AppContext, etag: string, lastModified: Date): boolean {
  const inm = ctx.get('if-none-match');
  if (inm) {
    const strip = (t: string) => t.trim().replace(/^W\//, '');
    return inm.trim() === '*' || inm.split(',').some((t) => strip(t) === strip(etag));
  }
  const ims = Date.parse(ctx.get('if-modified-since'));
  return Number.isFinite(ims) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(ims / 1000);
}

/** Sends a calendar with ETag/Last-Modified; a matching If-None-Match (or If-Modified-Since) gets 304. */
export function sendCalendar(ctx: AppContext, doc: CalendarDocument, disposition: 'inline' | 'attachment'): void {
  ctx.status = 200;
  ctx.set('Cache-Control', 'private, no-cache');
  ctx.etag = doc.etag;
  ctx.lastModified = doc.lastModified;
  if (isNotModified(ctx, doc.etag, doc.lastModified)) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'text/calendar; charset=utf-8';
  ctx.set('Content-Disposition', `${disposition}; filename="${doc.filename.replace(/[^\w.-]/g, '_')}"`);
  ctx.body = doc.body;
}

/**
 * ICS: the per-user subscription feed at a secret URL, its management, and one meeting's
 * .ics for an attendee's manage link.
 */
export function feedRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/api/me/feed', requireAuth, async (ctx) => {
    ctx.body = await services.feeds.getFeedUrls(ctx.state.principal!.userId);
  });

  router.post('/api/me/feed/rotate', requireAuth, async (ctx) => {
    ctx.body = await services.feeds.rotateFeed(ctx.state.principal!.userId);
  });

  router.get('/ics/:token.ics', async (ctx) => {
    const token = parsePathParam(feedTokenSchema, ctx.params, 'token');
    const { upcoming } = parseInput(feedQuerySchema, ctx.query, 'query');
    sendCalendar(ctx, await services.feeds.buildUserFeed(token, { upcoming }), 'inline');
  });

  router.get('/meetings/:id.ics', async (ctx) => {
    const query = parseInput(meetingIcsQuerySchema, ctx.query, 'query');
    if (!query.token && !ctx.state.principal) throw new DomainError('unauthorized', 'Use the link from your confirmation (it carries ?token=…)');
    sendCalendar(ctx, await services.feeds.buildMeetingIcs(ctx.params.id!, { manageToken: query.token, userId: ctx.state.principal?.userId }), 'attachment');
  });

  return router;
}
