import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentUser } from '../../presenters/user.js';
import { presentSchedule, presentSlotList } from '../../presenters/scheduling.js';
import { parseInput } from '../../validate.js';
import type { SlotList } from '../../../core/booking/types.js';
import { DomainError } from '../../../core/errors.js';
import { createCostBudget } from '../../middleware/costLimit.js';
import { availabilityQuerySchema, peopleQuerySchema, scheduleSchema, settingsSchema } from './schema.js';

/** Working hours, user settings, and the public slot query. */
export function availabilityRoutes({ services, config, clock }: AppDeps): Router<AppState> {
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

  // Slot queries cost from a few to tens of thousands of candidate starts: each address (or
  // signed-in user) gets a budget of candidates per minute on top of the request limits.
  const budget = createCostBudget({ enabled: config.RATE_LIMIT, perMinute: config.RATE_LIMIT_AVAILABILITY_COST_PER_MINUTE, clock, name: 'availability work per address' });
  // Each person's state per candidate time ("alice busy, bob free"), for when no time suits everyone.
  router.get('/api/availability/people', async (ctx) => {
    const q = parseInput(peopleQuerySchema, ctx.query, 'query');
    const range = { from: q.from, to: q.to, timezone: q.timezone, limit: q.limit };
    if (q.users) {
      if (!ctx.state.principal) throw new DomainError('unauthorized', 'Log in to see when several people are free');
      ctx.body = await services.scheduling.listPeopleStates({ usernames: q.users, durationMinutes: q.durationMinutes!, ...range });
    } else {
      ctx.body = await services.scheduling.listEventTypeStates({ user: q.user, team: q.team, eventType: q.eventType!, ...range });
    }
  });

  router.get('/api/availability', async (ctx) => {
    const q = parseInput(availabilityQuerySchema, ctx.query, 'query');
    const key = ctx.state.principal ? `user:${ctx.state.principal.userId}` : `ip:${ctx.ip}`;
    budget.check(key);
    // The replica (DATABASE_READ_URL) unless this caller changed something moments ago.
    const consistency = ctx.state.readFromPrimary ? ('primary' as const) : ('replica' as const);
    const smart = q.rank ? { near: q.near ? Date.parse(q.near) : null, attendees: q.attendees, inviteeTimezone: q.inviteeTimezone ?? (q.users ? null : q.timezone) } : undefined;
    const page = { from: q.from, to: q.to, timezone: q.timezone, limit: q.limit, cursor: q.cursor, consistency, smart };
    let list: SlotList;
    if (q.users) {
      if (!ctx.state.principal) throw new DomainError('unauthorized', 'Log in to see when several people are free');
      list = await services.scheduling.listCommonSlots({ usernames: q.users, durationMinutes: q.durationMinutes!, ...page });
    } else {
      list = await services.scheduling.listSlots({ user: q.user, team: q.team, eventType: q.eventType!, viewerUserId: ctx.state.principal?.userId, ...page });
    }
    budget.charge(key, list.candidates ?? 0);
    const next = list.nextCursor ? `${ctx.path}?${new URLSearchParams({ ...(ctx.query as Record<string, string>), cursor: list.nextCursor }).toString()}` : null;
    const body = { ...presentSlotList(list, !q.users), nextCursor: list.nextCursor ?? null, next };
    // A host looking at their own slots learns which calendars could not be read.
    const stale = q.users ? null : await services.calendars.staleCalendarsOf(ctx.state.principal?.userId, q.user);
    ctx.body = stale ? { ...body, staleCalendars: stale } : body;
  });

  return router;
}
