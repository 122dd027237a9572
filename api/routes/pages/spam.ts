/**
 * The spam check's pages:
 *   /confirm-booking?token=   the e-mailed link of a challenged booking → POST books it
 *   /appeal?ref=              the appeal form linked from a refusal → POST stores the message
 */
import type Router from '@koa/router';
import { z } from 'zod';
import type { AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfToken, verifyCsrf } from './csrf.js';
import { type PageRouteDeps, page, send } from './render.js';
import { seriesBookedPage } from './seriesViews.js';
import { appealPage, appealSentPage, confirmBookingPage } from './spamViews.js';

const tokenQuery = z.object({ token: z.string().min(10).max(200) });
const refQuery = z.object({ ref: z.string().min(10).max(200) });
const appealForm = z.object({ ref: z.string().min(10).max(200), message: z.string().trim().min(1, 'write a message').max(2000) });

export function mountSpamPages(router: Router<AppState>, deps: PageRouteDeps): void {
  const { spam, payments } = deps.services;
  const { csrf, bookingLimit } = deps;

  router.get(
    '/confirm-booking',
    page(async (ctx) => {
      const { token } = parseInput(tokenQuery, ctx.query, 'query');
      send(ctx, confirmBookingPage(token, csrfToken(ctx, csrf)));
    }),
  );

  router.post(
    '/confirm-booking',
    bookingLimit,
    page(async (ctx) => {
      verifyCsrf(ctx, csrf);
      const { token } = parseInput(tokenQuery, ctx.request.body, 'form');
      const confirmed = await spam.confirmChallenge(token);
      if (confirmed.kind === 'series') return send(ctx, seriesBookedPage(confirmed.result, { eventTitle: confirmed.result.occurrences[0]?.booking.title ?? 'Your meetings', timezone: confirmed.result.series.timezone }), 201);
      const { booking, manageToken } = confirmed.result;
      ctx.status = 303;
      if (booking.status === 'pending_payment') return ctx.redirect((await payments.openCheckout(booking.id)).checkoutUrl!);
      ctx.redirect(`/meetings/${encodeURIComponent(booking.id)}?${new URLSearchParams({ token: manageToken, booked: '1' }).toString()}`);
    }),
  );

  router.get(
    '/appeal',
    page(async (ctx) => {
      const { ref } = parseInput(refQuery, ctx.query, 'query');
      send(ctx, appealPage(ref, csrfToken(ctx, csrf)));
    }),
  );

  router.post(
    '/appeal',
    bookingLimit,
    page(async (ctx) => {
      verifyCsrf(ctx, csrf);
      const { ref, message } = parseInput(appealForm, ctx.request.body, 'form');
      await spam.appeal(ref, message);
      send(ctx, appealSentPage(), 202);
    }),
  );
}
