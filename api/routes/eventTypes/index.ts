import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentEventType, presentHostInvitation, presentHostedEventType } from '../../presenters/scheduling.js';
import { presentEventTypeInsights } from '../../presenters/insights.js';
import { parseInput } from '../../validate.js';
import { createEventTypeSchema, updateEventTypeSchema } from './schema.js';

/** Event types of the caller and of their teams. */
export function eventTypeRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.use('/api/event-types', requireAuth);

  router.post('/api/event-types', async (ctx) => {
    const input = parseInput(createEventTypeSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentEventType(await services.scheduling.createEventType(ctx.state.principal!.userId, input));
  });

  router.get('/api/event-types', async (ctx) => {
    ctx.body = { eventTypes: (await services.scheduling.listEventTypes(ctx.state.principal!.userId)).map(presentEventType) };
  });

  // Invitations to host someone else's personal event type, and leaving one later. Before /:id, which would take these paths for ids.
  router.get('/api/event-types/host-invitations', async (ctx) => {
    ctx.body = { invitations: (await services.scheduling.listHostInvitations(ctx.state.principal!.userId)).map(presentHostInvitation) };
  });

  router.post('/api/event-types/host-invitations/:id/accept', async (ctx) => {
    ctx.body = presentHostInvitation(await services.scheduling.acceptHostInvitation(ctx.state.principal!.userId, ctx.params.id!));
  });

  router.post('/api/event-types/host-invitations/:id/decline', async (ctx) => {
    ctx.body = presentHostInvitation(await services.scheduling.declineHostInvitation(ctx.state.principal!.userId, ctx.params.id!));
  });

  router.get('/api/event-types/co-hosted', async (ctx) => {
    ctx.body = { eventTypes: (await services.scheduling.listCoHostedEventTypes(ctx.state.principal!.userId)).map(presentHostedEventType) };
  });

  router.post('/api/event-types/:id/leave', async (ctx) => {
    // 204 as it always was (clients depend on it): the cool-down's end is the rule's 7 days from now.
    await services.scheduling.leaveEventType(ctx.state.principal!.userId, ctx.params.id!);
    ctx.status = 204;
  });

  router.get('/api/event-types/:id', async (ctx) => {
    ctx.body = presentEventType(await services.scheduling.getEventType(ctx.state.principal!.userId, ctx.params.id!));
  });

  // Learned durations: what the event type's past meetings needed, and a suggestion when the evidence is strong.
  router.get('/api/event-types/:id/insights', async (ctx) => {
    ctx.body = presentEventTypeInsights(await services.intelligence.eventTypeInsights(ctx.state.principal!.userId, ctx.params.id!));
  });

  router.patch('/api/event-types/:id', async (ctx) => {
    const input = parseInput(updateEventTypeSchema, ctx.request.body);
    ctx.body = presentEventType(await services.scheduling.updateEventType(ctx.state.principal!.userId, ctx.params.id!, input));
  });

  router.delete('/api/event-types/:id', async (ctx) => {
    await services.scheduling.deleteEventType(ctx.state.principal!.userId, ctx.params.id!);
    ctx.status = 204;
  });

  return router;
}
