import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { renderUnsubscribePage } from './unsubscribePage.js';
import { eventTypeNotificationsSchema, updatePreferencesSchema } from './schema.js';

/**
 * Notification preferences (per channel × kind, quiet hours), reminder and follow-up rules
 * of an event type, and the one-click unsubscribe link (RFC 8058) that works without login.
 */
export function notificationPreferenceRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const settings = services.notify.settings;

  router.get('/api/notifications/preferences', requireAuth, async (ctx) => {
    ctx.body = await settings.getPreferences(ctx.state.principal!.userId);
  });

  router.put('/api/notifications/preferences', requireAuth, async (ctx) => {
    const input = parseInput(updatePreferencesSchema, ctx.request.body);
    ctx.body = await settings.updatePreferences(ctx.state.principal!.userId, input);
  });

  router.get('/api/event-types/:id/notifications', requireAuth, async (ctx) => {
    ctx.body = await settings.getEventTypeNotifications(ctx.state.principal!.userId, ctx.params.id!);
  });

  router.put('/api/event-types/:id/notifications', requireAuth, async (ctx) => {
    const input = parseInput(eventTypeNotificationsSchema, ctx.request.body);
    ctx.body = await settings.setEventTypeNotifications(ctx.state.principal!.userId, ctx.params.id!, input);
  });

  // The link in every e-mail: GET asks (mail scanners follow links), POST unsubscribes.
  router.get('/unsubscribe/:token', (ctx) => {
    const target = settings.readUnsubscribeToken(ctx.params.token!);
    ctx.status = target ? 200 : 400;
    ctx.type = 'html';
    ctx.body = renderUnsubscribePage(target ? { state: 'ask', target, action: ctx.path } : { state: 'invalid' });
  });

  router.post('/unsubscribe/:token', async (ctx) => {
    const target = await settings.unsubscribe(ctx.params.token!);
    ctx.type = 'html';
    ctx.body = renderUnsubscribePage({ state: 'done', target, action: ctx.path });
  });

  // The "Undo" button of the page above: the same signed token turns that kind back on.
  router.post('/unsubscribe/:token/undo', async (ctx) => {
    const target = await settings.resubscribe(ctx.params.token!);
    ctx.type = 'html';
    ctx.body = renderUnsubscribePage({ state: 'undone', target });
  });

  return router;
}
