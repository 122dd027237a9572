import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentUser } from '../../presenters/user.js';
import { presentSchedule, presentSlotList } from '../../presenters/scheduling.js';
import { parseInput } from '../../validate.js';
import { DomainError } from '../../../core/errors.js';
import { availabilityQuerySchema, scheduleSchema, settingsSchema } from './schema.js';

/** Working hours, user settings, and the public slot query. */
export function availabilityRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/api/availability/schedule', requireAuth, async (ctx) => {
    ctx.body = presentSchedule(await services.scheduling.getSchedule(ctx.state.principal!.userId));
  });

  router.put('/api/availability/schedule', requireAuth, async (ctx) => {
    const input = parseInput(scheduleSchema, ctx.request.body);
    ctx.body = presentSchedule(await services.scheduling.saveSchedule(ctx.state.principal!.userId, input));
  });

  router.patch('/api/me', requireAuth, async (ctx) => {
    const input = parseInput(settingsSchema, ctx.request.body);
    ctx.body = presentUser(await services.scheduling.updateUserSettings(ctx.state.principal!.userId, input));
  });

  router.get('/api/availability', async (ctx) => {
    const q = parseInput(availabilityQuerySchema, ctx.query, 'query');
    if (q.users) {
      if (!ctx.state.principal) throw new DomainError('unauthorized', 'Log in to see when several people are free');
      ctx.body = presentSlotList(await services.scheduling.listCommonSlots({ usernames: q.users, durationMinutes: q.durationMinutes!, from: q.from, to: q.to, timezone: q.timezone }), false);
      return;
    }
    const list = await services.scheduling.listSlots({ user: q.user, team: q.team, eventType: q.eventType!, from: q.from, to: q.to, timezone: q.timezone, viewerUserId: ctx.state.principal?.userId });
    // A host looking at their own slots learns which calendars could not be read.
    const stale = await services.calendars.staleCalendarsOf(ctx.state.principal?.userId, q.user);
    ctx.body = stale ? { ...presentSlotList(list, true), staleCalendars: stale } : presentSlotList(list, true);
  });

  return router;
}
