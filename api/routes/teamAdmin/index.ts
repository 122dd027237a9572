import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentMeeting } from '../../presenters/meeting.js';
import { parseInput } from '../../validate.js';
import type { DecisionResult } from '../../../core/booking/pendingRequests.js';
import { assignSchema, decideSchema } from './schema.js';

/**
 * Requests waiting for approval (mine, and my admin teams'), decided in bulk, and assigning a
 * team booking to a member. Mounted before /api/requests/:id, which would take "pending" for an id.
 */
export function teamAdminRoutes({ services, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { publicUrl } = config;
  const present = (r: DecisionResult) => (r.ok ? { id: r.id, ok: true, meeting: presentMeeting(r.booking, { publicUrl }) } : r);

  router.get('/api/requests/pending', requireAuth, async (ctx) => {
    const pending = await services.booking.listPendingRequests(ctx.state.principal!.userId);
    ctx.body = { requests: pending.map((p) => ({ ...presentMeeting(p.booking, { publicUrl }), team: p.team, mine: p.mine })) };
  });

  for (const decision of ['approve', 'decline'] as const) {
    router.post(`/api/requests/pending/${decision}`, requireAuth, async (ctx) => {
      const input = parseInput(decideSchema, ctx.request.body);
      const results = await services.booking.decideRequests(ctx.state.principal!.userId, { ...input, decision });
      ctx.body = { results: results.map(present), succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
    });
  }

  router.post('/api/meetings/:id/assign', requireAuth, async (ctx) => {
    const input = parseInput(assignSchema, ctx.request.body);
    ctx.body = presentMeeting(await services.booking.assignBooking(ctx.params.id!, input, ctx.state.principal!.userId), { publicUrl });
  });

  return router;
}
