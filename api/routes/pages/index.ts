/**
 * The public booking page, rendered on the server (works without JavaScript):
 *   /:username                      public meeting types
 *   /:username/:slug                free slots by day in the visitor's zone (?timezone=&date=)
 *   /:username/:slug/book           name, email, notes → books, then the meeting page
 *   /meetings/:id?token=…           summary, add-to-calendar, reschedule, cancel
 * Mounted LAST: its catch-all paths skip reserved first segments (api, ics, assets, …).
 */
import Router from '@koa/router';
import type { Next } from 'koa';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { SlotDetails } from '../../../core/booking/types.js';
import { DomainError, isDomainError } from '../../../core/errors.js';
import { googleCalendarLink } from '../../../core/ics/calendar.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { addDays } from '../../../core/time/units.js';
import { isValidTimeZone } from '../../../core/time/zones.js';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { bookingRateLimit } from '../../middleware/rateLimit.js';
import { parseInput } from '../../validate.js';
import { APP_CSS, APP_JS } from './assets.js';
import { csrfOptionsOf, csrfToken, verifyCsrf } from './csrf.js';
import { isSupportedInstant } from '../../../core/time/instants.js';
import { bookFormSchema, bookQuerySchema, cancelFormSchema, meetingQuerySchema, rescheduleConfirmQuerySchema, rescheduleFormSchema, slotQuerySchema } from './schema.js';
import { bookFormPage, errorPage, formatRange, layout, meetingPage, notice, profilePage, slotPickerPage } from './views.js';

/** First path segments that belong to other routers, never to a username. */
export const RESERVED_SEGMENTS = new Set(['api', 'ics', 'assets', 'meetings', 'health', 'ready', 'slack', 'discord', 'webhooks', 'favicon.ico', 'robots.txt', 'openapi.json', 'docs']);

export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const WEEK_DAYS = 7;
const TITLES: Record<number, string> = { 400: 'Please check the form', 401: 'Link needed', 403: 'Not allowed', 404: 'Not found', 409: 'Not possible', 429: 'Slow down', 500: 'Something went wrong' };

function send(ctx: AppContext, page: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = page;
}

/** Wraps a page handler: reserved paths pass through; errors render as HTML pages; strict CSP. */
function page(handler: (ctx: AppContext, next: Next) => Promise<void>) {
  return async (ctx: AppContext, next: Next) => {
    const first = ctx.path.split('/')[1] ?? '';
    if (ctx.params && 'username' in ctx.params && RESERVED_SEGMENTS.has(first.toLowerCase())) return next();
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.state.renderError = (error: DomainError, status: number) => {
      const message = status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : error.message;
      send(ctx, errorPage(status, TITLES[status] ?? 'Error', message), status);
    };
    await handler(ctx, next);
  };
}

const zoneOr = (zone: string | undefined, fallback: string) => (zone && isValidTimeZone(zone) ? zone : fallback);

export function pageRoutes({ services, config, clock, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const csrf = csrfOptionsOf({ config, clock });
  const { booking, scheduling, bookingPage } = services;
  const bookingLimit = bookingRateLimit({ config, clock, runtime }, 'page-book');

  router.get('/assets/app.css', (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = APP_CSS;
  });
  router.get('/assets/app.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = APP_JS;
  });

  /** Slots for a week from `date` in `timezone` (default: the host's zone, today). */
  async function loadWeek(ref: { user?: string; team?: string; eventType: string }, query: { timezone?: string; date?: string }) {
    const hostZone = (await scheduling.listSlots({ ...ref, from: undefined, to: undefined, timezone: undefined }).catch(() => null))?.timezone ?? 'UTC';
    const chosen = Boolean(query.timezone && isValidTimeZone(query.timezone));
    const timezone = zoneOr(query.timezone, hostZone);
    const today = DateTime.fromJSDate(clock.now(), { zone: timezone }).toISODate()!;
    const from = query.date && query.date > today ? query.date : today;
    const list = await scheduling.listSlots({ ...ref, from, to: addDays(from, WEEK_DAYS - 1), timezone });
    return { timezone, chosen, from, slots: list.slots };
  }

  async function renderEventPage(ctx: AppContext, username: string, slug: string, query: { timezone?: string; date?: string }, message?: SafeHtml, status = 200) {
    const eventType = await scheduling.findEventType({ user: username }, slug);
    if (!eventType.isPublic) throw new DomainError('event_type_not_found', 'This meeting type does not exist');
    const week = await loadWeek({ user: username, eventType: slug }, query);
    const base = `/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`;
    send(
      ctx,
      slotPickerPage({
        heading: eventType.title,
        eventType,
        hostNames: eventType.hosts.map((h) => h.name).join(', '),
        pagePath: base,
        slotHref: (s: SlotDetails) => `${base}/book?${new URLSearchParams({ start: s.start, timezone: week.timezone }).toString()}`,
        timezone: week.timezone,
        timezoneChosen: week.chosen,
        from: week.from,
        days: WEEK_DAYS,
        slots: week.slots,
        message,
      }),
      status,
    );
  }

  // ---- meetings (summary, reschedule, cancel) --------------------------------------------

  router.get(
    '/meetings/:id',
    page(async (ctx) => {
      const query = parseInput(meetingQuerySchema, ctx.query, 'query');
      const token = query.token ?? null;
      if (!token && !ctx.state.principal) throw new DomainError('unauthorized', 'Open this meeting with the link from your confirmation email (it carries your personal token).');
      const meeting = await booking.getBooking(ctx.params.id!, { manageToken: token ?? undefined, userId: ctx.state.principal?.userId }, { timezone: query.timezone && isValidTimeZone(query.timezone) ? query.timezone : undefined });
      const viewerZone = meeting.local?.timezone ?? 'UTC';
      const hostZone = meeting.hosts[0]?.timezone ?? viewerZone;
      const banner = query.booked
        ? notice('ok', meeting.status === 'pending' ? 'Request sent. The host will confirm it; we emailed you the details.' : 'You are booked. We emailed you a confirmation with a calendar invite.')
        : query.rescheduled
          ? notice('ok', 'Rescheduled. We emailed everyone the new time.')
          : query.canceled
            ? notice('ok', 'The meeting is canceled. We let everyone know.')
            : undefined;
      const actions = await bookingPage.allowedActions(meeting);
      const q = token ? `?token=${encodeURIComponent(token)}` : '';
      send(
        ctx,
        meetingPage({
          meeting,
          token,
          viewerZone,
          hostZone,
          csrf: csrfToken(ctx, csrf),
          banner,
          icsHref: `/meetings/${meeting.id}.ics${q}`,
          googleHref: googleCalendarLink({ title: meeting.title, start: new Date(meeting.start), end: new Date(meeting.end), description: meeting.notes, location: meeting.location }),
          actions,
          rescheduleHref: token && actions.includes('reschedule') ? `/meetings/${meeting.id}/reschedule?${new URLSearchParams({ token, timezone: viewerZone }).toString()}` : null,
        }),
      );
    }),
  );

  async function renderReschedulePicker(ctx: AppContext, id: string, token: string, query: { timezone?: string; date?: string }, message?: SafeHtml, status = 200) {
    const meeting = await booking.getBooking(id, { manageToken: token });
    const ref = await bookingPage.rescheduleSource(meeting);
    const week = await loadWeek(ref, { timezone: query.timezone ?? meeting.local?.timezone, date: query.date });
    const base = `/meetings/${encodeURIComponent(id)}/reschedule`;
    send(
      ctx,
      slotPickerPage({
        heading: `Reschedule: ${meeting.title}`,
        eventType: { title: meeting.title, durationMinutes: meeting.durationMinutes, description: `Now: ${formatRange(meeting.start, meeting.end, week.timezone)}`, location: meeting.location },
        hostNames: meeting.hosts.map((h) => h.name).join(', '),
        pagePath: base,
        slotHref: (s) => `${base}/confirm?${new URLSearchParams({ token, start: s.start, timezone: week.timezone }).toString()}`,
        timezone: week.timezone,
        timezoneChosen: true,
        from: week.from,
        days: WEEK_DAYS,
        slots: week.slots.filter((s) => s.start !== meeting.start),
        message,
        keep: { token },
      }),
      status,
    );
  }

  router.get(
    '/meetings/:id/reschedule',
    page(async (ctx) => {
      const query = parseInput(slotQuerySchema, ctx.query, 'query');
      if (!query.token) throw new DomainError('unauthorized', 'Open this page with the link from your confirmation email.');
      await renderReschedulePicker(ctx, ctx.params.id!, query.token, query);
    }),
  );

  router.get(
    '/meetings/:id/reschedule/confirm',
    page(async (ctx) => {
      const query = parseInput(rescheduleConfirmQuerySchema, ctx.query, 'query');
      const meeting = await booking.getBooking(ctx.params.id!, { manageToken: query.token });
      const zone = zoneOr(query.timezone, meeting.local?.timezone ?? 'UTC');
      const end = new Date(Date.parse(query.start) + meeting.durationMinutes * 60_000).toISOString();
      const body = html`<h1>Reschedule: ${meeting.title}</h1>
<div class="card"><dl class="facts"><dt>Now</dt><dd>${formatRange(meeting.start, meeting.end, zone)}</dd><dt>New time</dt><dd><strong>${formatRange(query.start, end, zone)}</strong> <span class="muted">(${zone.replace(/_/g, ' ')})</span></dd></dl></div>
<form method="post" action="/meetings/${meeting.id}/reschedule">
<input type="hidden" name="_csrf" value="${csrfToken(ctx, csrf)}">
<input type="hidden" name="token" value="${query.token}">
<input type="hidden" name="start" value="${query.start}">
<input type="hidden" name="timezone" value="${zone}">
<div class="actions"><button type="submit">Move the meeting</button><a class="button secondary" href="/meetings/${meeting.id}/reschedule?${new URLSearchParams({ token: query.token, timezone: zone }).toString()}">Choose another time</a></div>
</form>`;
      send(ctx, layout(`Reschedule ${meeting.title}`, body));
    }),
  );

  router.post(
    '/meetings/:id/reschedule',
    bookingLimit,
    page(async (ctx) => {
      verifyCsrf(ctx, csrf);
      const form = parseInput(rescheduleFormSchema, ctx.request.body, 'form');
      const id = ctx.params.id!;
      try {
        await booking.rescheduleBooking(id, { start: form.start }, { manageToken: form.token });
      } catch (error) {
        if (isDomainError(error) && error.code === 'slot_unavailable') {
          return renderReschedulePicker(ctx, id, form.token, { timezone: form.timezone }, notice('error', 'Sorry, that time was just taken. Here are the times still free.'), 409);
        }
        throw error;
      }
      ctx.status = 303;
      ctx.redirect(`/meetings/${encodeURIComponent(id)}?${new URLSearchParams({ token: form.token, rescheduled: '1' }).toString()}`);
    }),
  );

  router.post(
    '/meetings/:id/cancel',
    bookingLimit,
    page(async (ctx) => {
      verifyCsrf(ctx, csrf);
      const form = parseInput(cancelFormSchema, ctx.request.body, 'form');
      const id = ctx.params.id!;
      await booking.cancelBooking(id, { reason: form.reason }, { manageToken: form.token });
      ctx.status = 303;
      ctx.redirect(`/meetings/${encodeURIComponent(id)}?${new URLSearchParams({ token: form.token, canceled: '1' }).toString()}`);
    }),
  );

  // ---- public profile and event pages (catch-all: keep last) ------------------------------

  router.get(
    '/:username',
    page(async (ctx) => {
      send(ctx, profilePage(await bookingPage.getPublicProfile(ctx.params.username!)));
    }),
  );

  router.get(
    '/:username/:slug',
    page(async (ctx) => {
      const query = parseInput(slotQuerySchema, ctx.query, 'query');
      await renderEventPage(ctx, ctx.params.username!, ctx.params.slug!, query);
    }),
  );

  router.get(
    '/:username/:slug/book',
    page(async (ctx) => {
      const { username, slug } = ctx.params as { username: string; slug: string };
      const query = parseInput(bookQuerySchema, ctx.query, 'query');
      const eventType = await scheduling.findEventType({ user: username }, slug);
      if (!eventType.isPublic) throw new DomainError('event_type_not_found', 'This meeting type does not exist');
      const timezone = zoneOr(query.timezone, 'UTC');
      const base = `/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`;
      const start = new Date(query.start).toISOString();
      send(
        ctx,
        bookFormPage({
          eventTitle: eventType.title,
          hostNames: eventType.hosts.map((h) => h.name).join(', '),
          action: `${base}/book`,
          backHref: `${base}?${new URLSearchParams({ timezone, date: DateTime.fromISO(start, { zone: timezone }).toISODate()! }).toString()}`,
          start,
          end: new Date(Date.parse(start) + eventType.durationMinutes * 60_000).toISOString(),
          timezone,
          csrf: csrfToken(ctx, csrf),
        }),
      );
    }),
  );

  router.post(
    '/:username/:slug/book',
    bookingLimit,
    page(async (ctx) => {
      const { username, slug } = ctx.params as { username: string; slug: string };
      verifyCsrf(ctx, csrf);
      const body = (ctx.request.body ?? {}) as Record<string, string>;
      const timezone = zoneOr(typeof body.timezone === 'string' ? body.timezone : undefined, 'UTC');
      let form: z.infer<typeof bookFormSchema>;
      try {
        form = parseInput(bookFormSchema, body, 'form');
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const eventType = await scheduling.findEventType({ user: username }, slug);
        const start = typeof body.start === 'string' && isSupportedInstant(Date.parse(body.start)) ? new Date(body.start).toISOString() : null;
        if (!start) throw error;
        const base = `/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`;
        return send(
          ctx,
          bookFormPage({
            eventTitle: eventType.title,
            hostNames: eventType.hosts.map((h) => h.name).join(', '),
            action: `${base}/book`,
            backHref: `${base}?${new URLSearchParams({ timezone }).toString()}`,
            start,
            end: new Date(Date.parse(start) + eventType.durationMinutes * 60_000).toISOString(),
            timezone,
            csrf: csrfToken(ctx, csrf),
            values: { name: body.name, email: body.email, notes: body.notes },
            message: notice('error', error.errors.length ? error.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : error.message),
          }),
          400,
        );
      }
      try {
        const result = await booking.scheduleBooking({
          user: username,
          eventType: slug,
          start: form.start,
          invitee: { name: form.name, email: form.email, timezone },
          notes: form.notes,
          source: 'booking_page',
        });
        ctx.status = 303;
        ctx.redirect(`/meetings/${encodeURIComponent(result.booking.id)}?${new URLSearchParams({ token: result.manageToken, booked: '1' }).toString()}`);
      } catch (error) {
        if (isDomainError(error) && error.code === 'slot_unavailable') {
          const date = DateTime.fromISO(form.start, { zone: timezone }).toISODate()!;
          return renderEventPage(ctx, username, slug, { timezone, date }, notice('error', 'Sorry, that time was just taken. Here are the times still free.'), 409);
        }
        throw error;
      }
    }),
  );

  return router;
}
