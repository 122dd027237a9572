/**
 * Waitlists of full group sessions: join one, read an offer, take up a held seat.
 */
import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { bookingRateLimit } from '../../middleware/rateLimit.js';
import { presentMeeting } from '../../presenters/meeting.js';
import { presentWaitlistEntry } from '../../presenters/waitlist.js';
import { parseInput } from '../../validate.js';
import { joinWaitlistSchema, offerParamsSchema } from './schema.js';

export function waitlistRoutes({ services, config, clock, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const limit = bookingRateLimit({ config, clock, runtime }, 'waitlist');

  router.post('/api/waitlist', limit, async (ctx) => {
    const input = parseInput(joinWaitlistSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentWaitlistEntry(await services.waitlist.join(input));
  });

  router.get('/api/waitlist/offers/:token', async (ctx) => {
    const { token } = parseInput(offerParamsSchema, ctx.params, 'path');
    ctx.body = await services.waitlist.getOffer(token);
  });

  router.post('/api/waitlist/offers/:token/confirm', async (ctx) => {
    const { token } = parseInput(offerParamsSchema, ctx.params, 'path');
    const result = await services.waitlist.confirm(token);
    ctx.status = 201;
    ctx.body = { ...presentMeeting(result.booking, { publicUrl: config.publicUrl, manageToken: result.manageToken, joinToken: result.joinToken }), manageToken: result.manageToken };
  });

  return router;
}
