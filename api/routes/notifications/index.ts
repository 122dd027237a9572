import Router from '@koa/router';
import { DomainError } from '../../../core/errors.js';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { listNotificationsQuerySchema, markReadSchema, notificationLogQuerySchema } from './schema.js';
import { streamNotifications } from './stream.js';

/** In-app notifications (list, mark read, live stream) and the notification log. */
export function notificationRoutes(deps: AppDeps): Router<AppState> {
  const { services } = deps;
  const router = new Router<AppState>();

  router.get('/api/notifications', requireAuth, async (ctx) => {
    const query = parseInput(listNotificationsQuerySchema, ctx.query, 'query');
    ctx.body = { notifications: await services.inbox.list(ctx.state.principal!.userId, { unread: query.unread, limit: query.limit }) };
  });

  router.post('/api/notifications/read', requireAuth, async (ctx) => {
    const input = parseInput(markReadSchema, ctx.request.body);
    ctx.body = { marked: await services.inbox.markRead(ctx.state.principal!.userId, 'all' in input ? 'all' : { ids: input.ids }) };
  });

  router.get('/api/notifications/stream', requireAuth, (ctx) => streamNotifications(deps, ctx));

  router.get('/api/notifications/log', requireAuth, async (ctx) => {
    const { all, ...query } = parseInput(notificationLogQuerySchema, ctx.query, 'query');
    const principal = ctx.state.principal!;
    // Named as a field too, so a client says it in its own words (the CLI: --all).
    if (all && principal.role !== 'admin') throw new DomainError('forbidden', 'Only admins can read everyone\'s log; leave out "all"', { errors: [{ field: 'all', message: 'only admins can read everyone\'s log; leave it out' }] });
    const me = await services.auth.getUser(principal.userId);
    ctx.body = await services.inbox.log({ userId: me.id, email: me.email, all: Boolean(all) }, query);
  });

  return router;
}
