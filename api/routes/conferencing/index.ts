/**
 * Conferencing: an event type's location (Zoom, Google Meet or a fixed link) and the signed Zoom
 * webhook (`POST /webhooks/zoom`: endpoint.url_validation and recording.completed).
 */
import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { readRawBody } from '../payments/webhooks.js';
import { locationSchema } from './schema.js';

export function conferencingRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { conferencing } = services;

  router.get('/api/event-types/:id/location', requireAuth, async (ctx) => {
    ctx.body = { location: await conferencing.getLocation(ctx.state.principal!.userId, ctx.params.id!) };
  });

  router.put('/api/event-types/:id/location', requireAuth, async (ctx) => {
    const input = parseInput(locationSchema, ctx.request.body);
    const location = { kind: input.kind, url: input.kind === 'link' ? input.url : null, autoRecording: input.kind === 'zoom' ? input.autoRecording : false };
    ctx.body = { location: await conferencing.setLocation(ctx.state.principal!.userId, ctx.params.id!, location) };
  });

  router.delete('/api/event-types/:id/location', requireAuth, async (ctx) => {
    await conferencing.setLocation(ctx.state.principal!.userId, ctx.params.id!, null);
    ctx.status = 204;
  });

  router.post('/webhooks/zoom', async (ctx) => {
    const raw = await readRawBody(ctx);
    ctx.body = await conferencing.receiveZoomWebhook(raw, { timestamp: ctx.get('x-zm-request-timestamp') || undefined, signature: ctx.get('x-zm-signature') || undefined });
  });

  return router;
}
