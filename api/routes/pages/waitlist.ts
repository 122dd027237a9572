/**
 * The waitlist on the booking page (no JavaScript needed):
 *   /:username/:slug/waitlist?start=   the join form for a full session → POST joins
 *   /waitlist/:token                   an offer from the e-mail, with one button → POST takes the seat
 */
import type Router from '@koa/router';
import { DateTime } from 'luxon';
import { DomainError } from '../../../core/errors.js';
import type { AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfToken, verifyCsrf } from './csrf.js';
import { type PageRouteDeps, page, publicSlotForm, send, zoneOr } from './render.js';
import { bookQuerySchema, offerTokenSchema, waitlistFormSchema } from './schema.js';
import { offerPage, seatsLeftPage, waitlistFormPage, waitlistJoinedPage } from './waitlistViews.js';
import { applyEmbedMode, keptQuery } from './pageExtras.js';

/** The booking form for `start`, with the prefill, embed mode and utm_* the visitor came with. */
function bookingFormHref(base: string, start: string, timezone: string, kept: Record<string, string>): string {
  return `${base}/book?${new URLSearchParams({ ...kept, start, timezone }).toString()}`;
}

export function mountWaitlistPages(router: Router<AppState>, deps: PageRouteDeps): void {
  const { scheduling, waitlist } = deps.services;
  const { csrf, bookingLimit } = deps;

  router.get(
    '/waitlist/:token',
    page(async (ctx) => {
      const { token } = parseInput(offerTokenSchema, ctx.params, 'path');
      send(ctx, offerPage(await waitlist.getOffer(token), `/waitlist/${encodeURIComponent(token)}`, csrfToken(ctx, csrf)));
    }),
  );

  router.post(
    '/waitlist/:token',
    bookingLimit,
    page(async (ctx) => {
      verifyCsrf(ctx, csrf);
      const { token } = parseInput(offerTokenSchema, ctx.params, 'path');
      const result = await waitlist.confirm(token);
      ctx.status = 303;
      ctx.redirect(`/meetings/${encodeURIComponent(result.booking.id)}?${new URLSearchParams({ token: result.manageToken, booked: '1' }).toString()}`);
    }),
  );

  router.get(
    '/:username/:slug/waitlist',
    page(async (ctx) => {
      const query = parseInput(bookQuerySchema, ctx.query, 'query');
      const { username, slug } = ctx.params as { username: string; slug: string };
      const { eventType, timezone, base, start } = await publicSlotForm(scheduling, { username, slug }, query);
      const kept = keptQuery(ctx);
      // Only a full session has a line to join: a time with seats left (or a new session) is booked,
      // and any other refusal is explained by the booking form's page, with the day's free times.
      const refused = await scheduling.explainUnofferedStart({ user: username, eventType: slug, start, timezone });
      if (refused?.details.reason !== 'full') return ctx.redirect(bookingFormHref(base, start, timezone, kept));
      // In an embed the visitor stays in the frame, with the prefill and utm_* kept.
      const embed = await applyEmbedMode(deps.services, ctx, username);
      send(
        ctx,
        waitlistFormPage({
          hidden: kept,
          values: { name: kept.name, email: kept.email },
          meta: { embed },
          eventTitle: eventType.title,
          hostNames: eventType.hosts.map((h) => h.name).join(', '),
          action: `${base}/waitlist`,
          backHref: `${base}?${new URLSearchParams({ ...kept, timezone, date: DateTime.fromISO(start, { zone: timezone }).toISODate()! }).toString()}`,
          start,
          end: new Date(Date.parse(start) + eventType.durationMinutes * 60_000).toISOString(),
          timezone,
          csrf: csrfToken(ctx, csrf),
        }),
      );
    }),
  );

  router.post(
    '/:username/:slug/waitlist',
    bookingLimit,
    page(async (ctx) => {
      const { username, slug } = ctx.params as { username: string; slug: string };
      verifyCsrf(ctx, csrf);
      const embed = await applyEmbedMode(deps.services, ctx, username);
      const form = parseInput(waitlistFormSchema, ctx.request.body ?? {}, 'form');
      const timezone = zoneOr(form.timezone, 'UTC');
      const eventType = await scheduling.findEventType({ user: username }, slug);
      let entry: Awaited<ReturnType<typeof waitlist.join>>;
      try {
        entry = await waitlist.join({ user: username, eventType: slug, start: form.start, invitee: { name: form.name, email: form.email, timezone } });
      } catch (error) {
        // A seat came free (or the session is not there yet): the refusal links to the booking form.
        if (!(error instanceof DomainError) || error.details.reason !== 'seats_left') throw error;
        const base = `/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`;
        return send(ctx, seatsLeftPage(error.message, bookingFormHref(base, new Date(form.start).toISOString(), timezone, keptQuery(ctx)), embed), 409);
      }
      send(ctx, waitlistJoinedPage(entry, eventType.title, timezone, new Date(Date.parse(entry.start) + eventType.durationMinutes * 60_000).toISOString(), { embed }));
    }),
  );
}
