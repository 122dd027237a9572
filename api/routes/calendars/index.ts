import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput, parsePathParam } from '../../validate.js';
import { connectSchema, eventTypeDestinationSchema, idSchema, slugSchema, updateCalendarSchema } from './schema.js';

/** Connected calendars: connect (CalDAV now, OAuth via authorizeUrl), list, choose which count, sync, disconnect. */
export function calendarRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.use('/api/calendars', requireAuth);

  router.post('/api/calendars/connect', async (ctx) => {
    const input = parseInput(connectSchema, ctx.request.body);
    const result = await services.calendars.connect(ctx.state.principal!.userId, input);
    if ('connection' in result) {
      ctx.status = 201;
      ctx.body = { connection: result.connection };
    } else {
      ctx.body = result;
    }
  });

  router.get('/api/calendars', async (ctx) => {
    ctx.body = { connections: await services.calendars.list(ctx.state.principal!.userId) };
  });

  router.post('/api/calendars/sync', async (ctx) => {
    const results = await services.calendars.syncUser(ctx.state.principal!.userId);
    ctx.body = { connections: await services.calendars.list(ctx.state.principal!.userId), results };
  });

  router.patch('/api/calendars/:connectionId/calendars/:calendarId', async (ctx) => {
    const connectionId = parsePathParam(idSchema, ctx.params, 'connectionId');
    const calendarId = parsePathParam(idSchema, ctx.params, 'calendarId');
    const input = parseInput(updateCalendarSchema, ctx.request.body);
    ctx.body = {
      calendar: await services.calendars.updateCalendar(ctx.state.principal!.userId, connectionId, calendarId, input),
    };
  });

  router.put('/api/calendars/event-types/:slug/destination', async (ctx) => {
    const slug = parsePathParam(slugSchema, ctx.params, 'slug');
    const { calendarId } = parseInput(eventTypeDestinationSchema, ctx.request.body);
    ctx.body = await services.calendars.setEventTypeDestination(ctx.state.principal!.userId, slug, calendarId);
  });

  router.delete('/api/calendars/:connectionId', async (ctx) => {
    const connectionId = parsePathParam(idSchema, ctx.params, 'connectionId');
    await services.calendars.disconnect(ctx.state.principal!.userId, connectionId);
    ctx.status = 204;
  });

  return router;
}
